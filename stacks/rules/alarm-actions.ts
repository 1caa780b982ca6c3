import { asStrings } from './model';
import { eventRoutingProblems } from './event-routed-alarms';
import type { SecurityRule } from './types';

/**
 * Checklist 10: every alarm notifies an SNS topic and its actions are on.
 * Exempt from "notifies a topic": exactly the event-routed alarms of member
 * regions (event-routed-alarms.ts), whose state changes are forwarded to the
 * aggregator's alert topic as events.
 */
export const alarmActions: SecurityRule = {
  id: 'SW-ALARM-1',
  area: 'ALARM',
  title: 'Every alarm has actions_enabled not false and alarm_actions naming SNS topics only; an alarm without actions only when event-routed (member forwarder alarms)',
  checklist: [10, 17],
  check(model, config) {
    return model.resources('aws_cloudwatch_metric_alarm').flatMap((alarm) => {
      const messages: string[] = [];
      if (alarm.body.actions_enabled === false) messages.push('actions_enabled must not be false');
      const actions = asStrings(alarm.body.alarm_actions);
      if (actions.length === 0) {
        // The one exemption: a member-region forwarder alarm whose state changes travel as events.
        const routing = eventRoutingProblems(model, alarm, config);
        if (routing.length > 0) messages.push(`alarm_actions must name the alert topic (an alarm without actions must be event-routed, but ${routing.join('; ')})`);
      }
      for (const action of actions) {
        const isTopic = model.resolve(action, ['aws_sns_topic']) !== undefined || (!model.reference(action) && /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/.test(action));
        if (!isTopic) messages.push(`alarm action ${action} is not an SNS topic`);
      }
      return messages.map((message) => ({ item: alarm, message }));
    });
  },
};
