/** login-profile-change: an IAM user's console password created or reset by someone, allowed or denied. */
import { IAM_EVENT_SOURCE } from '../event-sources';
import { apiCall, apiFilter, nameIn } from '../api-call-terms';
import type { KindDefinition } from '../kind-definition';
import { API_CALL_FIELDS, field, TARGET_USER } from '../message-fields';

/** A console password given or reset (iam CreateLoginProfile, UpdateLoginProfile). DeleteLoginProfile takes access away: not this kind. */
export const LOGIN_PROFILE_EVENT_NAMES = ['CreateLoginProfile', 'UpdateLoginProfile'] as const;

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://repost.aws/knowledge-center/potential-account-compromise
 */
export const loginProfileChange: KindDefinition = {
  nextSteps: [
    "Confirm the console password change or creation with the user and their manager; if unexpected, delete the login profile and rotate the user's credentials (re:Post: unauthorized activity).",
  ],
  severity: 'HIGH',
  metricName: 'LoginProfileChange',
  messageFields: [...API_CALL_FIELDS, TARGET_USER, field('Password reset required', 'passwordResetRequired', '$.detail.requestParameters.passwordResetRequired')],
  eventPattern: () => apiCall(IAM_EVENT_SOURCE, LOGIN_PROFILE_EVENT_NAMES),
  filter: (root) => apiFilter(root, [IAM_EVENT_SOURCE], nameIn(root, LOGIN_PROFILE_EVENT_NAMES)),
};
