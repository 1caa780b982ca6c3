/**
 * The API actions the deployment role calls to create a member stack (and the
 * plan role to read it), and the resources each acts on, keyed by the Terraform resource type that needs
 * them: the one list the SCP check evaluates. Resource names come from
 * config/names.ts. test/ops/preflight-scp.test.ts synthesizes the member
 * stacks and fails when a resource type appears that this table does not
 * know, or a resource name the ARNs below do not cover, so the list follows
 * the stacks.
 *
 * `global`: IAM is a global service whose requests are signed for us-east-1,
 * so an SCP sees aws:RequestedRegion = us-east-1 for them, whatever region the
 * stack's provider uses ("AWS: Denies access to AWS based on the requested
 * Region", IAM User Guide: "all requests to these services are made to the
 * us-east-1 Region").
 */
import type { AccountConfig, OrgConfig } from '../config/schema';
import { pipelineForwarderPatternsFor } from '../detection/catalogue';
import {
  forwarderDlqName,
  forwarderRoleName,
  forwarderRuleArn,
  heartbeatDlqName,
  heartbeatRoleName,
  heartbeatScheduleName,
  pipelineForwarderRuleArns,
  sqsQueueArn,
} from '../config/names';

type Resources = (config: OrgConfig, account: Pick<AccountConfig, 'id'>, region: string) => string[];

export interface StackAction {
  action: string;
  global?: boolean;
  /** ARNs of the member stack's resources the action is called on, in `region`. */
  resources: Resources;
}

export const GLOBAL_SERVICE_REGION = 'us-east-1';

const rule: Resources = (config, account, region) => [
  forwarderRuleArn(config, account, region),
  ...pipelineForwarderRuleArns(config, account, region, pipelineForwarderPatternsFor(config).length),
];
const queues: Resources = (config, account, region) => [forwarderDlqName(config), heartbeatDlqName(config)].map((name) => sqsQueueArn(region, account.id, name));
const schedule: Resources = (config, account, region) => [`arn:aws:scheduler:${region}:${account.id}:schedule/default/${heartbeatScheduleName(config)}`];
const roles: Resources = (config, account) => [forwarderRoleName(config), heartbeatRoleName(config)].map((name) => `arn:aws:iam::${account.id}:role/${name}`);
const heartbeatRole: Resources = (config, account) => [`arn:aws:iam::${account.id}:role/${heartbeatRoleName(config)}`];

export const MEMBER_RESOURCE_ACTIONS: Readonly<Record<string, readonly StackAction[]>> = {
  aws_cloudwatch_event_rule: [{ action: 'events:PutRule', resources: rule }],
  aws_cloudwatch_event_target: [{ action: 'events:PutTargets', resources: rule }],
  aws_scheduler_schedule: [
    { action: 'scheduler:CreateSchedule', resources: schedule },
    { action: 'iam:PassRole', global: true, resources: heartbeatRole },
  ],
  aws_sqs_queue: [{ action: 'sqs:CreateQueue', resources: queues }],
  aws_sqs_queue_policy: [{ action: 'sqs:SetQueueAttributes', resources: queues }],
  aws_iam_role: [{ action: 'iam:CreateRole', global: true, resources: roles }],
  aws_iam_role_policy: [{ action: 'iam:PutRolePolicy', global: true, resources: roles }],
};

/**
 * What a plan's refresh reads of each resource type (the plan role's calls):
 * a region deny that blocks these fails the pull-request plans the same way.
 */
export const MEMBER_RESOURCE_READ_ACTIONS: Readonly<Record<string, readonly StackAction[]>> = {
  aws_cloudwatch_event_rule: [{ action: 'events:DescribeRule', resources: rule }],
  aws_cloudwatch_event_target: [{ action: 'events:ListTargetsByRule', resources: rule }],
  aws_scheduler_schedule: [{ action: 'scheduler:GetSchedule', resources: schedule }],
  aws_sqs_queue: [{ action: 'sqs:GetQueueAttributes', resources: queues }],
  aws_sqs_queue_policy: [{ action: 'sqs:GetQueueAttributes', resources: queues }],
  aws_iam_role: [{ action: 'iam:GetRole', global: true, resources: roles }],
  aws_iam_role_policy: [{ action: 'iam:GetRolePolicy', global: true, resources: roles }],
};

function unique(table: Readonly<Record<string, readonly StackAction[]>>): StackAction[] {
  const seen = new Map<string, StackAction>();
  for (const actions of Object.values(table)) for (const entry of actions) if (!seen.has(entry.action)) seen.set(entry.action, entry);
  return [...seen.values()].sort((a, b) => Number(a.global ?? false) - Number(b.global ?? false) || a.action.localeCompare(b.action));
}

/** Every action the deployment role needs to create a member stack, once, regional ones first. */
export function memberStackActions(): StackAction[] {
  return unique(MEMBER_RESOURCE_ACTIONS);
}

/** Every action the plan role needs to refresh a member stack, once, regional ones first. */
export function memberStackReadActions(): StackAction[] {
  return unique(MEMBER_RESOURCE_READ_ACTIONS);
}
