import { policiesOf } from './helpers';
import type { SecurityRule } from './types';

/** Every policy must be plain JSON (or a policy document data source), or no other rule can check it. */
export const readablePolicies: SecurityRule = {
  id: 'SW-IAM-5',
  area: 'IAM',
  title: 'Every IAM policy document is statically readable JSON (or an aws_iam_policy_document)',
  checklist: [18, 20],
  check(model) {
    return policiesOf(model)
      .filter((use) => use.policy.unreadable)
      .map(({ item, attribute, policy }) => ({ item, message: `${attribute}: ${policy.unreadable}` }));
  },
};
