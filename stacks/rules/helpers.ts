/**
 * Queries several rules share: where policies sit, which key a resource uses,
 * what an event target points at.
 */
import { asStrings, blocks, type StackModel, type TfItem } from './model';
import type { Policy } from './policy';

export type PolicyKind = 'identity' | 'trust' | 'key' | 'resource';

export interface PolicyUse {
  item: TfItem;
  attribute: string;
  kind: PolicyKind;
  policy: Policy;
}

const POLICY_ATTRIBUTES: Array<{ type: string; attribute: string; kind: PolicyKind }> = [
  { type: 'aws_iam_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_role_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_user_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_group_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_role', attribute: 'assume_role_policy', kind: 'trust' },
  { type: 'aws_kms_key', attribute: 'policy', kind: 'key' },
  { type: 'aws_kms_key_policy', attribute: 'policy', kind: 'key' },
  { type: 'aws_s3_bucket_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sns_topic', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sns_topic_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sqs_queue', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sqs_queue_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_cloudwatch_event_bus_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_cloudwatch_log_resource_policy', attribute: 'policy_document', kind: 'resource' },
  { type: 'aws_cloudwatch_log_destination_policy', attribute: 'access_policy', kind: 'resource' },
];

/** Every IAM policy document the stack deploys, with where it sits and what kind it is. */
export function policiesOf(model: StackModel): PolicyUse[] {
  const uses: PolicyUse[] = [];
  for (const { type, attribute, kind } of POLICY_ATTRIBUTES) {
    for (const item of model.resources(type)) {
      const value = item.body[attribute];
      if (value === undefined || value === null) continue;
      uses.push({ item, attribute, kind, policy: model.policy(value)! });
    }
  }
  for (const role of model.resources('aws_iam_role')) {
    for (const inline of blocks(role.body.inline_policy)) {
      if (inline.policy === undefined) continue;
      uses.push({ item: role, attribute: 'inline_policy', kind: 'identity', policy: model.policy(inline.policy)! });
    }
  }
  return uses;
}

/** Identity policies that apply to a role: inline, aws_iam_role_policy, attached aws_iam_policy of the stack. */
export function rolePolicies(model: StackModel, role: TfItem): Policy[] {
  const policies: Policy[] = [];
  for (const inline of blocks(role.body.inline_policy)) if (inline.policy !== undefined) policies.push(model.policy(inline.policy)!);
  for (const rolePolicy of model.referrers('aws_iam_role_policy', 'role', role)) policies.push(model.policy(rolePolicy.body.policy)!);
  for (const attachment of model.referrers('aws_iam_role_policy_attachment', 'role', role)) {
    const attached = model.reference(attachment.body.policy_arn)?.item;
    if (attached?.type === 'aws_iam_policy') policies.push(model.policy(attached.body.policy)!);
    else policies.push({ statements: [], unreadable: `attached policy ${String(attachment.body.policy_arn)} is not defined in this stack` });
  }
  if (asStrings(role.body.managed_policy_arns).length > 0) {
    policies.push({ statements: [], unreadable: 'managed_policy_arns cannot be checked statically' });
  }
  return policies;
}

/** The policy of a KMS key: its `policy` attribute or an aws_kms_key_policy naming it. */
export function keyPolicy(model: StackModel, key: TfItem): Policy | undefined {
  if (key.body.policy !== undefined) return model.policy(key.body.policy);
  const separate = model.referrers('aws_kms_key_policy', 'key_id', key)[0];
  return separate ? model.policy(separate.body.policy) : undefined;
}

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/[0-9a-f-]{36}$/;

export interface KeyUse {
  /** The aws_kms_key of the stack, when the value names one. */
  key?: TfItem;
  /** Region of a literal key ARN. */
  arnRegion?: string;
}

/**
 * The customer-managed key a `kms_key_id`-like value names: a key of this
 * stack, or a literal key ARN (a key created elsewhere, e.g. named in config).
 * Undefined for AWS-managed aliases, alias names and anything unknown.
 */
export function customerManagedKey(model: StackModel, value: unknown): KeyUse | undefined {
  const ref = model.reference(value);
  if (ref?.item.type === 'aws_kms_key') return { key: ref.item };
  if (typeof value === 'string') {
    const match = KMS_KEY_ARN.exec(value);
    if (match) return { arnRegion: match[1] };
  }
  return undefined;
}

export type TargetKind = 'bus' | 'sns' | 'sqs' | 'logs' | 'other';

/** What an event target's `arn` points at. */
export function targetKind(model: StackModel, target: TfItem): { kind: TargetKind; item?: TfItem } {
  const value = target.body.arn;
  const byType: Record<string, TargetKind> = {
    aws_cloudwatch_event_bus: 'bus',
    aws_sns_topic: 'sns',
    aws_sqs_queue: 'sqs',
    aws_cloudwatch_log_group: 'logs',
  };
  const ref = model.reference(value);
  if (ref) return { kind: byType[ref.item.type] ?? 'other', item: ref.item };
  const named = model.resolve(value, Object.keys(byType)) ?? model.mentioned(value).find((item) => byType[item.type]);
  if (named) return { kind: byType[named.type], item: named };
  const text = String(value ?? '');
  if (/^arn:aws[a-z-]*:events:[^:]*:\d{12}:event-bus\//.test(text)) return { kind: 'bus' };
  if (/^arn:aws[a-z-]*:sns:/.test(text)) return { kind: 'sns' };
  if (/^arn:aws[a-z-]*:sqs:/.test(text)) return { kind: 'sqs' };
  if (/^arn:aws[a-z-]*:logs:/.test(text)) return { kind: 'logs' };
  return { kind: 'other' };
}

/** The aws_cloudwatch_event_rule a target belongs to. */
export function ruleOfTarget(model: StackModel, target: TfItem): TfItem | undefined {
  // Rule names repeat across regions: prefer the rule of the target's own provider.
  const rules = model.mentioned(target.body.rule).filter((item) => item.type === 'aws_cloudwatch_event_rule');
  return rules.find((rule) => sameProvider(model, rule, target)) ?? rules[0];
}

/** ARNs that name an event rule: a reference to its `arn`, or the literal ARN built from its provider and name. */
export function ruleArnForms(model: StackModel, rule: TfItem): string[] {
  return [`\${${rule.address}.arn}`, ...model.literalForms(rule).filter((form) => form.startsWith('arn:'))];
}

/** Does `value` name `rule` (its name or id) the way a `rule`/`RuleName` field would? */
export function namesRule(model: StackModel, value: unknown, rule: TfItem): boolean {
  return model.refersTo(value, rule, ['name', 'id']) || (typeof rule.body.name === 'string' && value === rule.body.name);
}

/** Does `value` name `queue` the way a `QueueName` dimension would? */
export function namesQueue(model: StackModel, value: unknown, queue: TfItem): boolean {
  return model.refersTo(value, queue, ['name']) || (typeof queue.body.name === 'string' && value === queue.body.name);
}

/** Does `value` name `group` the way `log_group_name` would? */
export function namesLogGroup(model: StackModel, value: unknown, group: TfItem): boolean {
  return model.refersTo(value, group, ['name', 'id']) || (typeof group.body.name === 'string' && value === group.body.name);
}

export function sameProvider(model: StackModel, a: TfItem, b: TfItem): boolean {
  return model.provider(a).key === model.provider(b).key;
}

/** Buckets that receive another bucket's server access logs (S3 rules exempt them from what log delivery cannot support). */
export function accessLogTargets(model: StackModel): TfItem[] {
  return model.resources('aws_s3_bucket_logging').flatMap((logging) => {
    const sources = model.mentioned(logging.body.bucket);
    return model.mentioned(logging.body.target_bucket).filter((target) => !sources.includes(target));
  });
}
