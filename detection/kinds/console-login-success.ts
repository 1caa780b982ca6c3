/**
 * console-login-success: every successful console sign-in, except those of
 * the principals alerts.ignorePrincipals names (the one suppressible kind).
 */
import { arnPatternTerms } from '../../config/arn-patterns';
import { all, any, missingOr, quote, type Root } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { COMMON_FIELDS, CONSOLE_FIELDS } from '../message-fields';
import { consoleLogin, outcome, signIn, signInFilter } from '../sign-in-terms';
import type { EventPattern } from '../types';

/** Not one of the ignored principals (each an ARN pattern), or no principal ARN at all. */
const notIgnored = (root: Root, patterns: string[]): string =>
  missingOr(
    root,
    'userIdentity.arn',
    all(...patterns.map((pattern) => any(...arnPatternTerms(pattern).map((term) => `(${root}userIdentity.arn != ${quote(term)})`)))),
  );

/**
 * Wildcard ARN patterns of principals whose successful sign-ins are not notified.
 * EventBridge `anything-but` on a missing or null field is unverified in AWS
 * documentation (docs/detection.md): the `exists: false` and `null` branches
 * hold under either reading.
 */
function suppressionBranches(arns: string[]): EventPattern[] {
  return [
    { userIdentity: { arn: [{ 'anything-but': { wildcard: arns } }] } },
    // A record without a principal ARN (or with null) must still alert, whatever anything-but does there.
    { userIdentity: { arn: [{ exists: false }] } },
    { userIdentity: { arn: [null] } },
  ];
}

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://repost.aws/knowledge-center/potential-account-compromise
 */
export const consoleLoginSuccess: KindDefinition = {
  nextSteps: [
    'No action for an expected sign-in; if the principal or address is unknown, ask the account owner (re:Post: unauthorized activity).',
  ],
  severity: 'INFO',
  metricName: 'ConsoleLoginSuccess',
  messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS],
  eventPattern: (ignored) =>
    signIn({
      eventName: ['ConsoleLogin'],
      responseElements: { ConsoleLogin: ['Success'] },
      ...(ignored.length > 0 ? { $or: suppressionBranches(ignored) } : {}),
    }),
  filter: (root, ignored) =>
    signInFilter(root, consoleLogin(root), outcome(root, 'Success'), ...(ignored.length > 0 ? [notIgnored(root, ignored)] : [])),
};
