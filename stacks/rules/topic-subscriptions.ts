import type { SecurityRule } from './types';

/** Checklist 12: subscriptions come from config only (notifications.emails). */
export const topicSubscriptions: SecurityRule = {
  id: 'SW-SNS-3',
  area: 'SNS',
  title: 'Every topic subscription is an email address listed in config notifications.emails',
  checklist: [12],
  check(model, config) {
    return model.resources('aws_sns_topic_subscription').flatMap((subscription) => {
      const { protocol, endpoint } = subscription.body;
      if ((protocol === 'email' || protocol === 'email-json') && config.notifications.emails.includes(String(endpoint))) return [];
      return [{ item: subscription, message: `subscription ${String(protocol)}:${String(endpoint)} is not an address of config notifications.emails` }];
    });
  },
};
