import { blocks } from './model';
import { namesQueue, namesRule, ruleOfTarget, sameProvider } from './helpers';
import type { StackModel, TfItem } from './model';
import type { SecurityRule, RuleViolation } from './types';

function dimension(alarm: TfItem, name: string): unknown {
  const dimensions = alarm.body.dimensions as Record<string, unknown> | undefined;
  return dimensions?.[name];
}

function hasAlarm(model: StackModel, near: TfItem, namespace: string, metric: string, matches: (alarm: TfItem) => boolean): boolean {
  return model
    .resources('aws_cloudwatch_metric_alarm')
    .some((alarm) => alarm.body.namespace === namespace && alarm.body.metric_name === metric && sameProvider(model, alarm, near) && matches(alarm));
}

/** Checklist 17: a broken rule or a filling DLQ is itself an alert. */
export const deliveryFailureAlarms: SecurityRule = {
  id: 'SW-ALARM-4',
  area: 'ALARM',
  title: 'Every rule with targets has FailedInvocations and InvocationsSentToDlq alarms, every dead-letter queue a depth alarm, in its region',
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
    for (const rule of rules) {
      for (const metric of ['FailedInvocations', 'InvocationsSentToDlq']) {
        if (!hasAlarm(model, rule, 'AWS/Events', metric, (alarm) => namesRule(model, dimension(alarm, 'RuleName'), rule))) {
          violations.push({ item: rule, message: `no AWS/Events ${metric} alarm with RuleName = this rule, in its region` });
        }
      }
    }
    for (const queue of queues) {
      if (!hasAlarm(model, queue, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', (alarm) => namesQueue(model, dimension(alarm, 'QueueName'), queue))) {
        violations.push({ item: queue, message: 'no AWS/SQS ApproximateNumberOfMessagesVisible alarm on this dead-letter queue, in its region' });
      }
    }
    return violations;
  },
};
