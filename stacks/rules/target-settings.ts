import { targetKind } from './helpers';
import type { SecurityRule } from './types';

/** Checklists 15 and 16: bus targets take no retry_policy; SNS, SQS and log-group targets take no role_arn. */
export const targetSettings: SecurityRule = {
  id: 'SW-EVENTS-4',
  area: 'EVENTS',
  title: 'No retry_policy on bus targets; no role_arn on SNS, SQS or CloudWatch Logs targets',
  checklist: [15, 16],
  check(model) {
    return model.resources('aws_cloudwatch_event_target').flatMap((target) => {
      const { kind } = targetKind(model, target);
      if (kind === 'bus' && target.body.retry_policy !== undefined) return [{ item: target, message: 'a bus target takes no retry_policy' }];
      if ((kind === 'sns' || kind === 'sqs' || kind === 'logs') && target.body.role_arn !== undefined) {
        return [{ item: target, message: `a ${kind} target takes no role_arn` }];
      }
      return [];
    });
  },
};
