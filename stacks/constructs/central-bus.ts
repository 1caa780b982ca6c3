/**
 * The central event bus of the aggregator: a custom bus whose resource policy
 * admits exactly one thing, `events:PutEvents` on this bus, from principals
 * of the configured AWS Organization (the members' forwarder roles).
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { policyDocument, type PolicyStatement } from './policy-document';

export interface CentralBusProps {
  /** Bus name (`centralBusName` in config/names.ts). */
  name: string;
  /** Bus ARN, built from config (`centralBusArn`), so the policy is a literal. */
  arn: string;
  /** AWS Organizations id (o-...): only its principals may put events. */
  organizationId: string;
  /**
   * Provider (aggregator account and region).
   * @default the stack's default provider
   */
  provider?: TerraformProvider;
}

export function centralBusPolicyStatements(props: Pick<CentralBusProps, 'arn' | 'organizationId'>): PolicyStatement[] {
  return [
    {
      Sid: 'OrganizationMembersPutEvents',
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Resource: props.arn,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
    },
  ];
}

export class CentralBus extends Construct {
  readonly bus: CloudwatchEventBus;
  readonly policy: CloudwatchEventBusPolicy;
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CentralBusProps) {
    super(scope, id);
    this.bus = new CloudwatchEventBus(this, 'bus', { name: props.name, provider: props.provider });
    this.policy = new CloudwatchEventBusPolicy(this, 'policy', {
      eventBusName: this.bus.name,
      policy: policyDocument(centralBusPolicyStatements(props)),
      provider: props.provider,
    });
    this.name = props.name;
    this.arn = props.arn;
  }
}
