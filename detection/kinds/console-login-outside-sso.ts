/**
 * console-login-outside-sso: a successful console sign-in by an IAM user, a
 * federated user, or an assumed role that is not an Identity Center role. Off
 * by default (config/alert-kinds.ts): for organizations that mandate Identity Center.
 */
import { missingOrAnythingBut } from '../api-call-terms';
import { all, any, is, missingOr, quote } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { COMMON_FIELDS, CONSOLE_FIELDS, SESSION_ISSUER } from '../message-fields';
import { consoleLogin, outcome, signIn, signInFilter } from '../sign-in-terms';

/** An Identity Center permission-set role: its session ARN and its issuer's ARN (IAM Identity Center user guide, "Service-linked roles" / AWSReservedSSO_ roles). */
const IDENTITY_CENTER_ROLE_ARN_MARK = ':assumed-role/AWSReservedSSO_';
const IDENTITY_CENTER_ISSUER_ARN_MARK = '/aws-reserved/sso.amazonaws.com/';
const NON_ROOT_CONSOLE_TYPES = ['IAMUser', 'FederatedUser'];

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://repost.aws/knowledge-center/potential-account-compromise
 */
export const consoleLoginOutsideSso: KindDefinition = {
  nextSteps: [
    'Confirm with the principal why they signed in outside IAM Identity Center; if unexpected, change the password and rotate its access keys (re:Post: unauthorized activity).',
    "Review what the session did in CloudTrail and remove the IAM user's console access if it should not have one.",
  ],
  severity: 'MEDIUM',
  metricName: 'ConsoleLoginOutsideSso',
  messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS, SESSION_ISSUER],
  // Same sign-in shape as the other ConsoleLogin kinds (eventSource inferred when a fixture strips it).
  eventPattern: () =>
    signIn({
      eventName: ['ConsoleLogin'],
      responseElements: { ConsoleLogin: ['Success'] },
      $or: [
        { userIdentity: { type: NON_ROOT_CONSOLE_TYPES } },
        {
          userIdentity: {
            type: ['AssumedRole'],
            $or: missingOrAnythingBut(['arn'], { wildcard: `*${IDENTITY_CENTER_ROLE_ARN_MARK}*` }),
            sessionContext: { sessionIssuer: { $or: missingOrAnythingBut(['arn'], { wildcard: `*${IDENTITY_CENTER_ISSUER_ARN_MARK}*` }) } },
          },
        },
      ],
    }),
  filter: (root) =>
    signInFilter(
      root,
      consoleLogin(root),
      outcome(root, 'Success'),
      any(
        ...NON_ROOT_CONSOLE_TYPES.map((type) => is(root, 'userIdentity.type', type)),
        all(
          is(root, 'userIdentity.type', 'AssumedRole'),
          missingOr(root, 'userIdentity.arn', `(${root}userIdentity.arn != ${quote(`*${IDENTITY_CENTER_ROLE_ARN_MARK}*`)})`),
          missingOr(
            root,
            'userIdentity.sessionContext.sessionIssuer.arn',
            `(${root}userIdentity.sessionContext.sessionIssuer.arn != ${quote(`*${IDENTITY_CENTER_ISSUER_ARN_MARK}*`)})`,
          ),
        ),
      ),
    ),
};
