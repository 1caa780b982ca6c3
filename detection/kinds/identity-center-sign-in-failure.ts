/** identity-center-sign-in-failure: a failed IAM Identity Center credential verification or challenge, any credential type. */
import type { KindDefinition } from '../kind-definition';
import { COMMON_FIELDS, IDENTITY_CENTER_FIELDS } from '../message-fields';
import { credentialVerification, identityCenterFailed, identityCenterFailedBranches, signIn, signInFilter } from '../sign-in-terms';

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://repost.aws/knowledge-center/potential-account-compromise
 */
export const identityCenterSignInFailure: KindDefinition = {
  nextSteps: [
    'Ask the user whether the attempts were theirs; if not, reset the password at the identity source and check their MFA devices (re:Post: unauthorized activity).',
  ],
  severity: 'MEDIUM',
  metricName: 'IdentityCenterSignInFailure',
  messageFields: [...COMMON_FIELDS, ...IDENTITY_CENTER_FIELDS],
  eventPattern: () => signIn({ eventName: ['CredentialVerification'], $or: identityCenterFailedBranches }),
  filter: (root) => signInFilter(root, credentialVerification(root), identityCenterFailed(root)),
};
