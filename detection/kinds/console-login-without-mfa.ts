/**
 * console-login-without-mfa: a successful console sign-in of a password user
 * (IAM user or root) whose MFAUsed is not exactly "Yes"; missing counts as no
 * MFA, under either reading of `anything-but` and `!=` on a missing field.
 */
import { any, is, notAnyOf } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { COMMON_FIELDS, CONSOLE_FIELDS } from '../message-fields';
import { consoleLogin, outcome, signIn, signInFilter } from '../sign-in-terms';

const PASSWORD_USER_TYPES = ['IAMUser', 'Root'];

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://repost.aws/knowledge-center/potential-account-compromise
 * - https://docs.aws.amazon.com/prescriptive-guidance/latest/aws-startup-security-baseline/acct-02.html
 */
export const consoleLoginWithoutMfa: KindDefinition = {
  nextSteps: [
    'Ask the principal to enable MFA and require it for console access (AWS Startup Security Baseline ACCT.02/ACCT.05).',
    "If the sign-in was not theirs, change the password and rotate the principal's access keys (re:Post: unauthorized activity).",
  ],
  severity: 'HIGH',
  metricName: 'ConsoleLoginWithoutMfa',
  messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS],
  eventPattern: () =>
    signIn({
      eventName: ['ConsoleLogin'],
      responseElements: { ConsoleLogin: ['Success'] },
      userIdentity: { type: PASSWORD_USER_TYPES },
      $or: [
        { additionalEventData: { MFAUsed: [{ 'anything-but': ['Yes'] }] } },
        { additionalEventData: { MFAUsed: [{ exists: false }] } },
        { additionalEventData: { MFAUsed: [null] } },
      ],
    }),
  filter: (root) =>
    signInFilter(
      root,
      consoleLogin(root),
      outcome(root, 'Success'),
      any(...PASSWORD_USER_TYPES.map((type) => is(root, 'userIdentity.type', type))),
      notAnyOf(root, 'additionalEventData.MFAUsed', ['Yes']),
    ),
};
