/** mfa-device-removed: an IAM or IAM Identity Center MFA device removed, by anyone, allowed or denied. */
import { IAM_EVENT_SOURCE, SSO_DIRECTORY_EVENT_SOURCE } from '../event-sources';
import { apiCall, apiFilter, from } from '../api-call-terms';
import { any } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { API_CALL_FIELDS, field, TARGET_USER } from '../message-fields';

/** IAM MFA removal (IAM API reference DeactivateMFADevice, DeleteVirtualMFADevice). */
export const IAM_MFA_REMOVAL_EVENT_NAMES = ['DeactivateMFADevice', 'DeleteVirtualMFADevice'] as const;
/**
 * IAM Identity Center MFA device deletion, recorded by sso-directory.amazonaws.com as
 * DeleteMfaDeviceForUser (IAM Identity Center user guide, "Logging IAM Identity Center
 * API calls with AWS CloudTrail", and the Service Authorization Reference for
 * sso-directory, action DeleteMfaDeviceForUser).
 */
export const IDENTITY_CENTER_MFA_REMOVAL_EVENT_NAMES = ['DeleteMfaDeviceForUser'] as const;

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://repost.aws/knowledge-center/potential-account-compromise
 * - https://docs.aws.amazon.com/prescriptive-guidance/latest/aws-startup-security-baseline/acct-02.html
 */
export const mfaDeviceRemoved: KindDefinition = {
  nextSteps: [
    'Confirm with the principal that they removed or replaced the MFA device; if not, re-register MFA and change the password (re:Post: unauthorized activity).',
    'For the root user, restore MFA immediately (AWS Startup Security Baseline ACCT.02).',
  ],
  severity: 'HIGH',
  metricName: 'MfaDeviceRemoved',
  messageFields: [
    ...API_CALL_FIELDS,
    TARGET_USER,
    field('MFA device', 'serialNumber', '$.detail.requestParameters.serialNumber'),
    field('Identity Center user id', 'targetIdentityCenterUser', '$.detail.requestParameters.userId'),
  ],
  eventPattern: () => ({
    $or: [apiCall(IAM_EVENT_SOURCE, IAM_MFA_REMOVAL_EVENT_NAMES), apiCall(SSO_DIRECTORY_EVENT_SOURCE, IDENTITY_CENTER_MFA_REMOVAL_EVENT_NAMES)],
  }),
  filter: (root) =>
    apiFilter(
      root,
      [IAM_EVENT_SOURCE, SSO_DIRECTORY_EVENT_SOURCE],
      any(from(root, IAM_EVENT_SOURCE, IAM_MFA_REMOVAL_EVENT_NAMES), from(root, SSO_DIRECTORY_EVENT_SOURCE, IDENTITY_CENTER_MFA_REMOVAL_EVENT_NAMES)),
    ),
};
