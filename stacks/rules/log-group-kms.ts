import { customerManagedKey } from './helpers';
import type { SecurityRule } from './types';

/** Checklist 8: every log group is encrypted with a customer-managed key. */
export const logGroupKms: SecurityRule = {
  id: 'SW-LOGS-2',
  area: 'LOGS',
  title: 'Every log group has kms_key_id naming a customer-managed key',
  checklist: [8],
  check(model) {
    return model
      .resources('aws_cloudwatch_log_group')
      .filter((group) => !customerManagedKey(model, group.body.kms_key_id))
      .map((group) => ({ item: group, message: 'kms_key_id must name a customer-managed key' }));
  },
};
