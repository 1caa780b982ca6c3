import { policiesOf } from './helpers';
import { allows, coversAction } from './policy';
import type { SecurityRule } from './types';

/** Checklist 18 (KMS.1, CKV_AWS_355): no identity policy lets a principal kms:Decrypt every key. */
export const kmsDecryptWildcard: SecurityRule = {
  id: 'SW-IAM-4',
  area: 'IAM',
  title: 'No identity-policy Allow of kms:Decrypt on Resource "*"',
  checklist: [18],
  check(model) {
    return policiesOf(model)
      .filter((use) => use.kind === 'identity')
      .flatMap(({ item, attribute, policy }) =>
        policy.statements
          .filter((s) => allows(s) && coversAction(s, 'kms:Decrypt') && (s.resources.includes('*') || s.notResources.length > 0))
          .map((s) => ({ item, message: `${attribute}: statement ${s.sid ?? '?'} allows kms:Decrypt on every key` })),
      );
  },
};
