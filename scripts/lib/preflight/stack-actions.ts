/**
 * The API actions the deployment role calls to create a member stack, keyed
 * by the Terraform resource type that needs them: the one list the SCP check
 * evaluates. test/ops/preflight-scp.test.ts synthesizes the member stacks and
 * fails when a resource type appears that this table does not know, so the
 * list follows the stacks.
 *
 * `global`: IAM is a global service whose requests are signed for us-east-1,
 * so an SCP sees aws:RequestedRegion = us-east-1 for them, whatever region the
 * stack's provider uses ("AWS: Denies access to AWS based on the requested
 * Region", IAM User Guide: "all requests to these services are made to the
 * us-east-1 Region").
 */
export interface StackAction {
  action: string;
  global?: boolean;
}

export const GLOBAL_SERVICE_REGION = 'us-east-1';

export const MEMBER_RESOURCE_ACTIONS: Readonly<Record<string, readonly StackAction[]>> = {
  aws_cloudwatch_event_rule: [{ action: 'events:PutRule' }],
  aws_cloudwatch_event_target: [{ action: 'events:PutTargets' }],
  aws_cloudwatch_metric_alarm: [{ action: 'cloudwatch:PutMetricAlarm' }],
  aws_scheduler_schedule: [{ action: 'scheduler:CreateSchedule' }, { action: 'iam:PassRole', global: true }],
  aws_sqs_queue: [{ action: 'sqs:CreateQueue' }],
  aws_sqs_queue_policy: [{ action: 'sqs:SetQueueAttributes' }],
  aws_iam_role: [{ action: 'iam:CreateRole', global: true }],
  aws_iam_role_policy: [{ action: 'iam:PutRolePolicy', global: true }],
};

/** Every action a member stack needs, once, regional ones first. */
export function memberStackActions(): StackAction[] {
  const seen = new Map<string, StackAction>();
  for (const actions of Object.values(MEMBER_RESOURCE_ACTIONS)) for (const entry of actions) seen.set(entry.action, entry);
  return [...seen.values()].sort((a, b) => Number(a.global ?? false) - Number(b.global ?? false) || a.action.localeCompare(b.action));
}
