import { policiesOf } from './helpers';
import { allows } from './policy';
import type { SecurityRule } from './types';

/** Checklist 18: no Allow of Action "*" (or NotAction, which allows everything else). */
export const actionWildcard: SecurityRule = {
  id: 'SW-IAM-2',
  area: 'IAM',
  title: 'No Allow statement with Action "*" or NotAction',
  checklist: [18],
  check(model) {
    return policiesOf(model).flatMap(({ item, attribute, policy }) =>
      policy.statements
        .filter((s) => allows(s) && (s.notActions.length > 0 || s.actions.some((action) => action === '*' || action === '*:*')))
        .map((s) => ({ item, message: `${attribute}: statement ${s.sid ?? '?'} allows every action` })),
    );
  },
};
