/**
 * The CloudWatch Logs resource policy that lets EventBridge rules write to
 * log groups (a log group target is authorized by this policy, never by a
 * role). One policy covers all of a stack's /aws/events/ log groups: an
 * account and region allow at most 10 such policies.
 *
 * Reading chosen (AWS documents no condition here; AWS samples condition
 * `aws:SourceArn` on `logs:PutLogEvents` only): `CreateLogStream` is limited
 * to the named log groups, `PutLogEvents` additionally to the named rules.
 * Either way the policy admits nothing outside these log groups.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { logGroupArn } from '../../config/names';
import { policyDocument, type PolicyStatement } from './policy-document';

export const EVENTS_LOG_PRINCIPALS = ['events.amazonaws.com', 'delivery.logs.amazonaws.com'];

export interface EventsLogResourcePolicyProps {
  /** Policy name (`eventsLogResourcePolicyName`). */
  name: string;
  accountId: string;
  region: string;
  /** The log groups rules may write to; each must start with /aws/events/. */
  logGroupNames: string[];
  /** ARNs of the rules that write to them. */
  ruleArns: string[];
  /**
   * Provider (account and region of the log groups).
   * @default the stack's default provider
   */
  provider?: TerraformProvider;
}

export function eventsLogResourcePolicyStatements(props: Omit<EventsLogResourcePolicyProps, 'provider' | 'name'>): PolicyStatement[] {
  const streams = props.logGroupNames.map((name) => `${logGroupArn(props.region, props.accountId, name)}:*`);
  const resource = streams.length === 1 ? streams[0] : streams;
  return [
    {
      Sid: 'EventBridgeCreatesLogStreams',
      Effect: 'Allow',
      Principal: { Service: EVENTS_LOG_PRINCIPALS },
      Action: 'logs:CreateLogStream',
      Resource: resource,
    },
    {
      Sid: 'EventBridgeRulesPutLogEvents',
      Effect: 'Allow',
      Principal: { Service: EVENTS_LOG_PRINCIPALS },
      Action: 'logs:PutLogEvents',
      Resource: resource,
      Condition: { ArnEquals: { 'aws:SourceArn': props.ruleArns.length === 1 ? props.ruleArns[0] : props.ruleArns } },
    },
  ];
}

export class EventsLogResourcePolicy extends Construct {
  readonly policy: CloudwatchLogResourcePolicy;

  constructor(scope: Construct, id: string, props: EventsLogResourcePolicyProps) {
    super(scope, id);
    const outside = props.logGroupNames.filter((name) => !name.startsWith('/aws/events/'));
    if (outside.length > 0) throw new Error(`EventsLogResourcePolicy: log groups must be under /aws/events/: ${outside.join(', ')}`);
    if (props.ruleArns.length === 0) throw new Error('EventsLogResourcePolicy: name at least one rule');
    this.policy = new CloudwatchLogResourcePolicy(this, 'policy', {
      policyName: props.name,
      policyDocument: policyDocument(eventsLogResourcePolicyStatements(props)),
      provider: props.provider,
    });
  }
}
