import type { OrgConfig } from '../../config/schema';
import type { SecurityRule } from './types';

/** Every endpoint the config names for a protocol: notifications.emails and the routes' emails and httpsEndpoints. */
export function configuredEndpoints(config: OrgConfig): { email: string[]; https: string[] } {
  const { emails, routes } = config.notifications;
  return {
    email: [...emails, ...routes.flatMap((route) => route.emails ?? [])],
    https: routes.flatMap((route) => route.httpsEndpoints ?? []),
  };
}

/** Checklist 12: subscriptions come from config only (notifications.emails, notifications.routes). */
export const topicSubscriptions: SecurityRule = {
  id: 'SW-SNS-3',
  area: 'SNS',
  title: 'Every topic subscription is an email address or HTTPS endpoint listed in config notifications (emails, routes)',
  checklist: [12],
  check(model, config) {
    const endpoints = configuredEndpoints(config);
    return model.resources('aws_sns_topic_subscription').flatMap((subscription) => {
      const { protocol, endpoint } = subscription.body;
      if ((protocol === 'email' || protocol === 'email-json') && endpoints.email.includes(String(endpoint))) return [];
      if (protocol === 'https' && endpoints.https.includes(String(endpoint))) return [];
      return [{ item: subscription, message: `subscription ${String(protocol)}:${String(endpoint)} is not an endpoint of config notifications (emails, routes)` }];
    });
  },
};
