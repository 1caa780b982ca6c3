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
  /** The event sources the member forwarders forward (catalogue `forwardedSourcesFor`): no other source is admitted. */
  forwardedSources: string[];
  /**
   * Provider (aggregator account and region).
   * @default the stack's default provider
   */
  provider?: TerraformProvider;
}

/**
 * The bus policy. Principals: any principal of the organization whose ARN is
 * a forwarder role. Per-account role ARNs do not fit: EventBridge's "Event bus
 * policy size" quota is 10,240 characters (EventBridge user guide, "Amazon
 * EventBridge quotas", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html),
 * and 5,000 ARNs of about 55 characters are about 275,000 (even bare account
 * ids, about 75,000); test/policies/central-bus.test.ts measures it. Residual
 * risk (docs/safety.md): an organization account without a member stack can
 * create a role of that name; the forwarder role's trust (aws:SourceArn = the
 * forwarder rules) and the protection SCP's iam:PassRole/CreateRole denial on
 * `<prefix>-*` roles narrow who can use one.
 * Sources: `ForAllValues:StringEquals` on `events:source`, as AWS's example
 * "Send events to a custom bus in a different account" does
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-example-policy-cross-account-custom-bus-source.html):
 * every entry of a PutEvents call must carry one of the sources the product
 * forwards. (ForAllValues holds when the key is absent, so it cannot block the
 * forwarders should EventBridge not set the key for rule deliveries; it then
 * restricts nothing, and the health check still binds heartbeats to their
 * envelope account.)
 */
export function centralBusPolicyStatements(props: Pick<CentralBusProps, 'arn' | 'organizationId' | 'forwarderRoleArnPattern' | 'forwardedSources'>): PolicyStatement[] {
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
        'ForAllValues:StringEquals': { 'events:source': props.forwardedSources },
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
