import { keyPolicy } from './helpers';
import type { SecurityRule } from './types';

/** Checklist 7: every key has an explicit policy (not the default one). */
export const kmsExplicitPolicy: SecurityRule = {
  id: 'SW-KMS-2',
  area: 'KMS',
  title: 'Every KMS key has an explicit key policy',
  checklist: [7],
  check(model) {
    return model.resources('aws_kms_key').flatMap((key) => {
      const policy = keyPolicy(model, key);
      if (!policy || policy.statements.length === 0) return [{ item: key, message: 'no explicit key policy (policy attribute or aws_kms_key_policy)' }];
      return [];
    });
  },
};
