/**
 * root-account-change: the root user's sign-in credentials or email changed
 * or recovered, or the account's primary email or contacts changed through
 * the Account Management API, by anyone, allowed or denied.
 */
import { ACCOUNT_EVENT_SOURCE, SIGN_IN_EVENT_SOURCE } from '../event-sources';
import { apiCall, apiFilter, from } from '../api-call-terms';
import { all, any, is } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { API_CALL_FIELDS, field } from '../message-fields';

/**
 * Root credential changes signin.amazonaws.com records (CloudTrail user guide,
 * "AWS Management Console sign-in events": PasswordUpdated; panther-analysis
 * aws_root_password_changed / aws_root_password_recovery; Elastic
 * "AWS Root Login Profile / Password Recovery"). Root only: an IAM user's
 * own iam:ChangePassword is not one of them.
 */
export const ROOT_SIGN_IN_CHANGE_EVENT_NAMES = ['PasswordUpdated', 'PasswordRecoveryRequested', 'PasswordRecoveryCompleted', 'EmailUpdated'] as const;
/** Account Management API calls that move the account's primary email or its contacts (Account Management reference, "Logging AWS Account Management API calls using AWS CloudTrail"). Any principal, any outcome. */
export const ACCOUNT_CONTACT_EVENT_NAMES = [
  'StartPrimaryEmailUpdate',
  'AcceptPrimaryEmailUpdate',
  'PutContactInformation',
  'PutAlternateContact',
  'DeleteAlternateContact',
] as const;

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://docs.aws.amazon.com/prescriptive-guidance/latest/aws-startup-security-baseline/acct-02.html
 * - https://repost.aws/knowledge-center/potential-account-compromise
 */
export const rootAccountChange: KindDefinition = {
  nextSteps: [
    'Confirm the root change (password, email, MFA, access keys) with the account owner; root is for the few tasks that require it (AWS Startup Security Baseline ACCT.02).',
    'If unexpected, recover the root user, enable MFA and delete any root access keys (re:Post: unauthorized activity).',
  ],
  severity: 'CRITICAL',
  metricName: 'RootAccountChange',
  messageFields: [...API_CALL_FIELDS, field('Alternate contact type', 'alternateContactType', '$.detail.requestParameters.alternateContactType')],
  eventPattern: () => ({
    $or: [
      apiCall(SIGN_IN_EVENT_SOURCE, ROOT_SIGN_IN_CHANGE_EVENT_NAMES, { userIdentity: { type: ['Root'] } }),
      apiCall(ACCOUNT_EVENT_SOURCE, ACCOUNT_CONTACT_EVENT_NAMES),
    ],
  }),
  filter: (root) =>
    apiFilter(
      root,
      [SIGN_IN_EVENT_SOURCE, ACCOUNT_EVENT_SOURCE],
      any(
        all(from(root, SIGN_IN_EVENT_SOURCE, ROOT_SIGN_IN_CHANGE_EVENT_NAMES), is(root, 'userIdentity.type', 'Root')),
        from(root, ACCOUNT_EVENT_SOURCE, ACCOUNT_CONTACT_EVENT_NAMES),
      ),
    ),
};
