import { blocks } from './model';
import { namesQueue, namesRule, ruleOfTarget, sameProvider } from './helpers';
import { forwarderRules } from './forwarder-rules';
import type { StackModel, TfItem } from './model';
import type { SecurityRule, RuleViolation } from './types';

function dimension(alarm: TfItem, name: string): unknown {
  const dimensions = alarm.body.dimensions as Record<string, unknown> | undefined;
  return dimensions?.[name];
}

function alarmsOn(model: StackModel, near: TfItem, namespace: string, metric: string, matches: (alarm: TfItem) => boolean): TfItem[] {
  return model
    .resources('aws_cloudwatch_metric_alarm')
    .filter((alarm) => alarm.body.namespace === namespace && alarm.body.metric_name === metric && sameProvider(model, alarm, near) && matches(alarm));
}

const ruleAlarms = (model: StackModel, rule: TfItem, metric: string) =>
  alarmsOn(model, rule, 'AWS/Events', metric, (alarm) => namesRule(model, dimension(alarm, 'RuleName'), rule));
const depthAlarms = (model: StackModel, queue: TfItem) =>
  alarmsOn(model, queue, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', (alarm) => namesQueue(model, dimension(alarm, 'QueueName'), queue));

/** The SQS queues of this stack that the rule's targets dead-letter to. */
function deadLetterQueues(model: StackModel, rule: TfItem): TfItem[] {
  return model
    .resources('aws_cloudwatch_event_target')
    .filter((target) => ruleOfTarget(model, target) === rule)
    .flatMap((target) => blocks(target.body.dead_letter_config).flatMap((dlq) => model.mentioned(dlq.arn)))
    .filter((item) => item.type === 'aws_sqs_queue');
}

/**
 * Checklist 17: a broken rule or a filling DLQ is itself an alert. A rule with
 * targets has FailedInvocations and InvocationsSentToDlq alarms, every
 * dead-letter queue a depth alarm, in its region. A member-region forwarder
 * (default-bus rule to a bus outside the stack) and its dead-letter queue are
 * watched centrally instead (docs/aggregator.md, the forwarder health
 * check): its path by the aggregator's health check on heartbeats, its
 * dead-lettered events by the organization trail's SQS data events and the
 * management stack's alarm on them. One stack cannot see the others, so the
 * cross-stack test (test/stacks/forwarder-failure-modes.test.ts) proves both
 * exist for every forwarder. A region's second forwarder (the pipeline
 * forwarder, same role, same DLQ) is a forwarder by the same test: its
 * dead letters land in the shared, centrally counted DLQ, and disabling or
 * deleting it is a pipeline-tampering call the organization trail reports.
 */
export const deliveryFailureAlarms: SecurityRule = {
  id: 'SW-ALARM-4',
  area: 'ALARM',
  title:
    'Every rule with targets has FailedInvocations and InvocationsSentToDlq alarms, every dead-letter queue a depth alarm, in its region; member forwarders and their DLQs are watched centrally instead (the heartbeat health check, the trail\'s SQS data events)',
  checklist: [17],
  check(model) {
    const violations: RuleViolation[] = [];
    const rules = new Set<TfItem>();
    const queues = new Set<TfItem>();
    for (const target of model.resources('aws_cloudwatch_event_target')) {
      const rule = ruleOfTarget(model, target);
      if (rule) rules.add(rule);
      for (const item of blocks(target.body.dead_letter_config).flatMap((dlq) => model.mentioned(dlq.arn))) {
        if (item.type === 'aws_sqs_queue') queues.add(item);
      }
    }
    const forwarders = forwarderRules(model);
    for (const rule of rules) {
      const missing = ['FailedInvocations', 'InvocationsSentToDlq'].filter((metric) => ruleAlarms(model, rule, metric).length === 0);
      if (missing.length === 0) continue;
      if (forwarders.includes(rule)) continue; // watched centrally (see above)
      for (const metric of missing) violations.push({ item: rule, message: `no AWS/Events ${metric} alarm with RuleName = this rule, in its region` });
    }
    const forwarderQueues = new Set(forwarders.flatMap((rule) => deadLetterQueues(model, rule)));
    for (const queue of queues) {
      if (forwarderQueues.has(queue)) continue; // watched centrally (see above)
      if (depthAlarms(model, queue).length === 0) {
        violations.push({ item: queue, message: 'no AWS/SQS ApproximateNumberOfMessagesVisible alarm on this dead-letter queue, in its region' });
      }
    }
    return violations;
  },
};
