/**
 * mfa-failure: a console sign-in that failed after MFA was used (password
 * known, second factor wrong), or a failed Identity Center verification of an
 * MFA credential.
 */
import { SIGN_IN_SOURCE } from '../event-sources';
import { all, any, is } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { COMMON_FIELDS, CONSOLE_FIELDS, IDENTITY_CENTER_FIELDS } from '../message-fields';
import { consoleLogin, credentialVerification, identityCenterFailed, identityCenterFailedBranches, outcome, signInFilter } from '../sign-in-terms';

const MFA_CREDENTIAL_TYPES = ['TOTP', 'WEBAUTHN'];

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://repost.aws/knowledge-center/potential-account-compromise
 */
export const mfaFailure: KindDefinition = {
  nextSteps: [
    'Ask the principal whether the MFA attempts were theirs: a wrong code after a correct password means the password is known; change it (re:Post: unauthorized activity).',
  ],
  severity: 'HIGH',
  metricName: 'MfaFailure',
  messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS, ...IDENTITY_CENTER_FIELDS],
  eventPattern: () => ({
    source: [SIGN_IN_SOURCE],
    $or: [
      { detail: { eventName: ['ConsoleLogin'], responseElements: { ConsoleLogin: ['Failure'] }, additionalEventData: { MFAUsed: ['Yes'] } } },
      ...identityCenterFailedBranches.map((failed) => ({
        detail: { eventName: ['CredentialVerification'], additionalEventData: { CredentialType: MFA_CREDENTIAL_TYPES }, ...failed },
      })),
    ],
  }),
  filter: (root) =>
    signInFilter(
      root,
      any(
        all(consoleLogin(root), outcome(root, 'Failure'), is(root, 'additionalEventData.MFAUsed', 'Yes')),
        all(
          credentialVerification(root),
          any(...MFA_CREDENTIAL_TYPES.map((type) => is(root, 'additionalEventData.CredentialType', type))),
          identityCenterFailed(root),
        ),
      ),
    ),
};
