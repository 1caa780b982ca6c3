import { blocks, type StackModel, type TfItem } from './model';
import { ruleArnForms, ruleOfTarget, sameProvider } from './helpers';
import { allows, conditionValues, coversAction } from './policy';
import type { RuleViolation, SecurityRule } from './types';

function queuePolicies(model: StackModel, queue: TfItem) {
  const policies = model.referrers('aws_sqs_queue_policy', 'queue_url', queue).map((item) => model.policy(item.body.policy)!);
  if (queue.body.policy !== undefined) policies.push(model.policy(queue.body.policy)!);
  return policies;
}

/**
 * Checklist 15: every target has a dead-letter queue of this stack in the
 * rule's region: standard, encrypted, sendable by EventBridge only from that
 * rule (aws:SourceArn).
 */
export const targetDeadLetterQueue: SecurityRule = {
  id: 'SW-EVENTS-3',
  area: 'EVENTS',
  title: "Every event target has a DLQ in its region: a standard encrypted SQS queue whose policy admits events.amazonaws.com only with aws:SourceArn = the target's rule",
  checklist: [15, 16],
  check(model) {
    const violations: RuleViolation[] = [];
    for (const target of model.resources('aws_cloudwatch_event_target')) {
      const dlqArn = blocks(target.body.dead_letter_config)[0]?.arn;
      const queue = model.resolve(dlqArn, ['aws_sqs_queue']);
      if (queue?.type !== 'aws_sqs_queue') {
        violations.push({ item: target, message: 'dead_letter_config.arn must name an aws_sqs_queue of this stack' });
        continue;
      }
      if (!sameProvider(model, queue, target)) violations.push({ item: target, message: 'the dead-letter queue must be in the rule region (same provider)' });
      if (queue.body.fifo_queue === true) violations.push({ item: queue, message: 'a dead-letter queue must be a standard queue' });
      if (queue.body.kms_master_key_id === undefined && queue.body.sqs_managed_sse_enabled !== true) {
        violations.push({ item: queue, message: 'the dead-letter queue must be encrypted (kms_master_key_id or sqs_managed_sse_enabled)' });
      }
      const rule = ruleOfTarget(model, target);
      const arns = rule ? ruleArnForms(model, rule) : [];
      const sends = queuePolicies(model, queue).flatMap((policy) =>
        policy.statements.filter((s) => allows(s) && coversAction(s, 'sqs:SendMessage') && (s.principals?.Service.includes('events.amazonaws.com') || s.principals?.anyone)),
      );
      if (sends.length === 0) violations.push({ item: queue, message: 'no queue policy lets events.amazonaws.com sqs:SendMessage' });
      for (const statement of sends) {
        const sourceArns = conditionValues(statement, 'aws:SourceArn');
        if (sourceArns.length === 0 || !sourceArns.every((arn) => arns.includes(arn))) {
          violations.push({ item: queue, message: `statement ${statement.sid ?? '?'} must require aws:SourceArn = the rule ${rule?.address ?? '(unknown)'} (has ${sourceArns.join(', ') || 'none'})` });
        }
      }
    }
    return violations;
  },
};
