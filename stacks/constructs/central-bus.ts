/**
 * The central event bus of the aggregator: a custom bus whose resource policy
 * admits exactly one thing, `events:PutEvents` on this bus, from the members'
 * forwarder roles: principals of the configured AWS Organization whose ARN is
 * a forwarder role. The organization alone is not enough: any role of any
 * member account could then put a forged heartbeat and hide a deleted
 * forwarder. The forwarder role trusts only EventBridge of its own account
 * (`aws:SourceAccount`), so only forwarder rules can put events.
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
  /** ARN pattern of the members' forwarder roles (`forwarderRoleArnPattern`): only they may put events. */
  forwarderRoleArnPattern: string;
  /**
   * Provider (aggregator account and region).
   * @default the stack's default provider
   */
  provider?: TerraformProvider;
}

export function centralBusPolicyStatements(props: Pick<CentralBusProps, 'arn' | 'organizationId' | 'forwarderRoleArnPattern'>): PolicyStatement[] {
  return [
    {
      Sid: 'OrganizationMembersPutEvents',
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Resource: props.arn,
      Condition: {
        StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
        ArnLike: { 'aws:PrincipalArn': props.forwarderRoleArnPattern },
      },
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
