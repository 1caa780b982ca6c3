import { blocks, type StackModel, type TfItem } from './model';
import { ruleArnForms, ruleOfTarget, sameProvider } from './helpers';
import { allows, conditionValues, coversAction } from './policy';
import type { RuleViolation, SecurityRule } from './types';

function queuePolicies(model: StackModel, queue: TfItem) {
  const policies = model.referrers('aws_sqs_queue_policy', 'queue_url', queue).map((item) => model.policy(item.body.policy)!);
  if (queue.body.policy !== undefined) policies.push(model.policy(queue.body.policy)!);
  return policies;
}

/** ARN forms of every rule of the stack with a target dead-lettering into `queue`. */
function rulesDeadLetteringTo(model: StackModel, queue: TfItem): string[] {
  return model
    .resources('aws_cloudwatch_event_target')
    .filter((target) => model.resolve(blocks(target.body.dead_letter_config)[0]?.arn, ['aws_sqs_queue']) === queue)
    .flatMap((target) => {
      const rule = ruleOfTarget(model, target);
      return rule ? ruleArnForms(model, rule) : [];
    });
}

/**
 * Checklist 15: every target has a dead-letter queue of this stack in the
 * rule's region: standard, encrypted, sendable by EventBridge only from the
 * rules that dead-letter into it (aws:SourceArn), this target's rule among
 * them. A queue may serve several rules of its region (a member region's
 * sign-in and pipeline forwarders share one), each named in aws:SourceArn.
 */
export const targetDeadLetterQueue: SecurityRule = {
  id: 'SW-EVENTS-3',
  area: 'EVENTS',
  title: "Every event target has a DLQ in its region: a standard encrypted SQS queue whose policy admits events.amazonaws.com only with aws:SourceArn = the target's rule (or other rules dead-lettering into the same queue)",
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
      const admissible = rulesDeadLetteringTo(model, queue);
      const sends = queuePolicies(model, queue).flatMap((policy) =>
        policy.statements.filter((s) => allows(s) && coversAction(s, 'sqs:SendMessage') && (s.principals?.Service.includes('events.amazonaws.com') || s.principals?.anyone)),
      );
      if (sends.length === 0) violations.push({ item: queue, message: 'no queue policy lets events.amazonaws.com sqs:SendMessage' });
      for (const statement of sends) {
        const sourceArns = conditionValues(statement, 'aws:SourceArn');
        if (sourceArns.length === 0 || !sourceArns.every((arn) => admissible.includes(arn))) {
          violations.push({
            item: queue,
            message: `statement ${statement.sid ?? '?'} must require aws:SourceArn = the rule ${rule?.address ?? '(unknown)'} or another rule dead-lettering here (has ${sourceArns.join(', ') || 'none'})`,
          });
        }
      }
      if (sends.length > 0 && !sends.some((statement) => conditionValues(statement, 'aws:SourceArn').some((arn) => arns.includes(arn)))) {
        violations.push({ item: queue, message: `no statement admits the rule ${rule?.address ?? '(unknown)'} (aws:SourceArn): its dead letters would be refused` });
      }
    }
    return violations;
  },
};
