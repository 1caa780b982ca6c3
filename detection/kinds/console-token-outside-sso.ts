/** console-token-outside-sso: a federation sign-in token requested by anything but the IAM Identity Center portal. */
import { SIGN_IN_EVENT_SOURCE } from '../event-sources';
import { apiCall, apiFilter, missingOrAnythingBut } from '../api-call-terms';
import { is, missingOr, quote } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { API_CALL_FIELDS, SESSION_ISSUER } from '../message-fields';

export const SIGNIN_TOKEN_EVENT_NAME = 'GetSigninToken';
/**
 * The IAM Identity Center portal calls GetSigninToken with user agent
 * `Jersey/${project.version}` (SigmaHQ aws_console_getsignintoken.yml,
 * panther-analysis aws_console_getsignintoken.yml; aws-facts.md). Anything else,
 * or no user agent, is a console session minted from credentials.
 */
export const IDENTITY_CENTER_PORTAL_USER_AGENT_PREFIX = 'Jersey/';

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://repost.aws/knowledge-center/potential-account-compromise
 * - https://docs.aws.amazon.com/guardduty/latest/ug/compromised-creds.html
 */
export const consoleTokenOutsideSso: KindDefinition = {
  nextSteps: [
    "Find who requested the federation token and confirm it was expected; if not, revoke the issuing credentials' sessions and rotate them (GuardDuty: remediating compromised credentials).",
    'Review what the federated session did in CloudTrail (re:Post: unauthorized activity).',
  ],
  severity: 'HIGH',
  metricName: 'ConsoleTokenOutsideSso',
  messageFields: [...API_CALL_FIELDS, SESSION_ISSUER],
  eventPattern: () =>
    apiCall(SIGN_IN_EVENT_SOURCE, [SIGNIN_TOKEN_EVENT_NAME], { $or: missingOrAnythingBut(['userAgent'], { prefix: IDENTITY_CENTER_PORTAL_USER_AGENT_PREFIX }) }),
  filter: (root) =>
    apiFilter(
      root,
      [SIGN_IN_EVENT_SOURCE],
      is(root, 'eventName', SIGNIN_TOKEN_EVENT_NAME),
      missingOr(root, 'userAgent', `(${root}userAgent != ${quote(`${IDENTITY_CENTER_PORTAL_USER_AGENT_PREFIX}*`)})`),
    ),
};
