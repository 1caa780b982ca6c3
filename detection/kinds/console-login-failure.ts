/** console-login-failure: every failed console sign-in, any principal type. */
import type { KindDefinition } from '../kind-definition';
import { COMMON_FIELDS, CONSOLE_FIELDS } from '../message-fields';
import { consoleLogin, outcome, signIn, signInFilter } from '../sign-in-terms';

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://repost.aws/knowledge-center/potential-account-compromise
 * - https://docs.aws.amazon.com/guardduty/latest/ug/compromised-creds.html
 */
export const consoleLoginFailure: KindDefinition = {
  nextSteps: [
    'Ask the principal whether the attempts were theirs; if not, change the password and check that MFA is on (re:Post: unauthorized activity).',
    'Look for a successful sign-in of the same principal or address after the failures (GuardDuty: remediating compromised credentials).',
  ],
  severity: 'MEDIUM',
  metricName: 'ConsoleLoginFailure',
  messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS],
  eventPattern: () => signIn({ eventName: ['ConsoleLogin'], responseElements: { ConsoleLogin: ['Failure'] } }),
  filter: (root) => signInFilter(root, consoleLogin(root), outcome(root, 'Failure')),
};
