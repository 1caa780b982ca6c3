import { policiesOf } from './helpers';
import { allows, isReadOnlyAction } from './policy';
import type { SecurityRule } from './types';

/**
 * Checklist 18: identity policies grant write actions on named resources, never
 * on `*`. Key policies are exempt: `Resource: "*"` there means "this key".
 */
export const resourceWildcardWrite: SecurityRule = {
  id: 'SW-IAM-3',
  area: 'IAM',
  title: 'No identity-policy Allow of a write action on Resource "*" (or NotResource)',
  checklist: [18],
  check(model) {
    return policiesOf(model)
      .filter((use) => use.kind === 'identity')
      .flatMap(({ item, attribute, policy }) =>
        policy.statements
          .filter((s) => allows(s) && (s.notResources.length > 0 || s.resources.includes('*')))
          .filter((s) => s.notActions.length > 0 || s.actions.some((action) => !isReadOnlyAction(action)))
          .map((s) => ({ item, message: `${attribute}: statement ${s.sid ?? '?'} allows ${s.actions.filter((a) => !isReadOnlyAction(a)).join(', ') || 'NotAction'} on every resource` })),
      );
  },
};
