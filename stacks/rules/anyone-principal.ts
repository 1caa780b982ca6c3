import { policiesOf } from './helpers';
import { allows, isScoped, SCOPING_CONDITION_KEYS } from './policy';
import type { SecurityRule } from './types';

/** Checklists 5, 7, 12: no Allow to `*` (or NotPrincipal) without an organization, account or source condition. */
export const anyonePrincipal: SecurityRule = {
  id: 'SW-IAM-1',
  area: 'IAM',
  title: `No Allow to Principal "*" or NotPrincipal without a scoping condition (${SCOPING_CONDITION_KEYS.join(', ')})`,
  checklist: [5, 7, 12],
  check(model) {
    return policiesOf(model).flatMap(({ item, attribute, policy }) =>
      policy.statements
        .filter((s) => allows(s) && (s.notPrincipal || s.principals?.anyone) && !isScoped(s))
        .map((s) => ({ item, message: `${attribute}: statement ${s.sid ?? '?'} allows any principal without a scoping condition` })),
    );
  },
};
