import { customerManagedKey } from './helpers';
import type { SecurityRule } from './types';

/** Checklist 11: topics encrypt with a customer-managed key, never alias/aws/sns. */
export const topicKms: SecurityRule = {
  id: 'SW-SNS-1',
  area: 'SNS',
  title: 'Every SNS topic has kms_master_key_id naming a customer-managed key',
  checklist: [11],
  check(model) {
    return model
      .resources('aws_sns_topic')
      .filter((topic) => !customerManagedKey(model, topic.body.kms_master_key_id))
      .map((topic) => ({ item: topic, message: `kms_master_key_id must name a customer-managed key (got ${JSON.stringify(topic.body.kms_master_key_id ?? null)})` }));
  },
};
