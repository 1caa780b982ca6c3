import { asStrings } from './model';
import type { SecurityRule } from './types';

/**
 * Checklist 10: every alarm notifies an SNS topic and its actions are on.
 * No exemption: the forwarded-alarm path (member alarms whose state changes
 * were forwarded as events, matched by name prefix) is gone (issue 18 item
 * 2): anyone in a member account could create and trip such an alarm.
 */
export const alarmActions: SecurityRule = {
  id: 'SW-ALARM-1',
  area: 'ALARM',
  title: 'Every alarm has actions_enabled not false and alarm_actions naming SNS topics only',
  checklist: [10, 17],
  check(model) {
    return model.resources('aws_cloudwatch_metric_alarm').flatMap((alarm) => {
      const messages: string[] = [];
      if (alarm.body.actions_enabled === false) messages.push('actions_enabled must not be false');
      const actions = asStrings(alarm.body.alarm_actions);
      if (actions.length === 0) messages.push('alarm_actions must name the alert topic');
      for (const action of actions) {
        const isTopic = model.resolve(action, ['aws_sns_topic']) !== undefined || (!model.reference(action) && /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/.test(action));
        if (!isTopic) messages.push(`alarm action ${action} is not an SNS topic`);
      }
      return messages.map((message) => ({ item: alarm, message }));
    });
  },
};
