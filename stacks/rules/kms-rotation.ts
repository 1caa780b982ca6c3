import type { SecurityRule } from './types';

/** Checklist 7: every key rotates. */
export const kmsRotation: SecurityRule = {
  id: 'SW-KMS-1',
  area: 'KMS',
  title: 'Every KMS key has enable_key_rotation = true',
  checklist: [7],
  check(model) {
    return model
      .resources('aws_kms_key')
      .filter((key) => key.body.enable_key_rotation !== true)
      .map((key) => ({ item: key, message: 'enable_key_rotation must be true' }));
  },
};
