import { blocks } from './model';
import { namesQueue, namesRule, ruleOfTarget, sameProvider } from './helpers';
import { eventRoutingProblems, forwarderRules } from './event-routed-alarms';
import type { StackModel, TfItem } from './model';
import type { SecurityRule, RuleViolation } from './types';
import type { OrgConfig } from '../../config/schema';

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
 * Why a forwarder's event-routed health alarms do not cover it (empty when
 * they do): a DLQ-depth alarm on each of its dead-letter queues and an
 * InvocationsFailedToBeSentToDlq alarm on the rule, in its region, each
 * event-routed. With a DLQ, every invocation that fails for good
 * (FailedInvocations, InvocationsSentToDlq) lands in the queue, so its depth
 * covers both; failed-to-DLQ covers events lost on the way there.
 */
function eventRoutedCoverageProblems(model: StackModel, rule: TfItem, config: OrgConfig): string[] {
  const problems: string[] = [];
  const routed = (alarms: TfItem[], what: string): void => {
    if (alarms.length === 0) problems.push(`no ${what} alarm in its region`);
    else if (!alarms.some((alarm) => eventRoutingProblems(model, alarm, config).length === 0)) {
      problems.push(`the ${what} alarm is not event-routed: ${eventRoutingProblems(model, alarms[0], config).join('; ')}`);
    }
  };
  routed(ruleAlarms(model, rule, 'InvocationsFailedToBeSentToDlq'), 'AWS/Events InvocationsFailedToBeSentToDlq (RuleName = this rule)');
  const queues = deadLetterQueues(model, rule);
  if (queues.length === 0) problems.push('no dead-letter queue of this stack to watch');
  for (const queue of queues) routed(depthAlarms(model, queue), `AWS/SQS ApproximateNumberOfMessagesVisible (QueueName = ${String(queue.body.name)})`);
  return problems;
}

/**
 * Checklist 17: a broken rule or a filling DLQ is itself an alert. A rule with
 * targets has FailedInvocations and InvocationsSentToDlq alarms, every
 * dead-letter queue a depth alarm, in its region. A member-region forwarder
 * (default-bus rule to a bus outside the stack) may instead have event-routed
 * DLQ-depth and InvocationsFailedToBeSentToDlq alarms (event-routed-alarms.ts):
 * their state changes travel through the forwarder itself to the aggregator's
 * alert topic, and the heartbeat alarm covers the forwarder path being down.
 */
export const deliveryFailureAlarms: SecurityRule = {
  id: 'SW-ALARM-4',
  area: 'ALARM',
  title:
    'Every rule with targets has FailedInvocations and InvocationsSentToDlq alarms, every dead-letter queue a depth alarm, in its region; a forwarder may instead have event-routed DLQ-depth and InvocationsFailedToBeSentToDlq alarms',
  checklist: [17],
  check(model, config) {
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
      if (forwarders.includes(rule)) {
        const problems = eventRoutedCoverageProblems(model, rule, config);
        if (problems.length > 0) {
          violations.push({
            item: rule,
            message: `forwarder without health alarms: ${problems.join('; ')} (or give it AWS/Events ${missing.join(' and ')} alarms with RuleName = this rule)`,
          });
        }
        continue;
      }
      for (const metric of missing) violations.push({ item: rule, message: `no AWS/Events ${metric} alarm with RuleName = this rule, in its region` });
    }
    for (const queue of queues) {
      if (depthAlarms(model, queue).length === 0) {
        violations.push({ item: queue, message: 'no AWS/SQS ApproximateNumberOfMessagesVisible alarm on this dead-letter queue, in its region' });
      }
    }
    return violations;
  },
};
