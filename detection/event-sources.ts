/**
 * The services whose CloudTrail events several kinds and the forwarders read:
 * their EventBridge `source` and CloudTrail `eventSource`. A name only one
 * kind uses lives in that kind's file (detection/kinds/).
 */

/** `source` EventBridge gives every CloudTrail event of signin.amazonaws.com. */
export const SIGN_IN_SOURCE = 'aws.signin';
export const SIGN_IN_EVENT_SOURCE = 'signin.amazonaws.com';

/**
 * Sign-in events forwarded from every member region and kept in the central
 * sign-in log. Why each one:
 * - ConsoleLogin: IAM-user, root and federated console sign-ins (every console alert).
 * - CredentialVerification: an Identity Center credential checked, with outcome
 *   (identity-center-sign-in-failure, mfa-failure).
 * - CredentialChallenge: the Identity Center challenge that precedes it (the log
 *   shows which credential was asked for; seed 002 reports failures under this key).
 * - UserAuthentication: the Identity Center sign-in completed (the success record
 *   the sign-in log needs to tell a completed sign-in from an abandoned one).
 * - CheckMfa: the MFA step of an IAM-user console sign-in.
 * - ExternalIdPDirectoryLogin: an Identity Center sign-in through an external IdP.
 * Not forwarded: GetSigninToken (a federation API call whose console session
 * then shows as ConsoleLogin), PasswordUpdated, SwitchRole and other
 * signin.amazonaws.com records no alert or sign-in search needs.
 */
export const SIGN_IN_EVENT_NAMES = [
  'ConsoleLogin',
  'CredentialChallenge',
  'CredentialVerification',
  'UserAuthentication',
  'CheckMfa',
  'ExternalIdPDirectoryLogin',
] as const;

/** `source` EventBridge gives every CloudTrail event of cloudtrail.amazonaws.com (detail-type "AWS API Call via CloudTrail"). */
export const TRAIL_SOURCE = 'aws.cloudtrail';
export const TRAIL_EVENT_SOURCE = 'cloudtrail.amazonaws.com';

// Detection pack v2 (issue 11): the services of the account-takeover moves around a sign-in.
export const ACCOUNT_EVENT_SOURCE = 'account.amazonaws.com';
export const IAM_EVENT_SOURCE = 'iam.amazonaws.com';
/** IAM Identity Center's directory (MFA devices, identity source). */
export const SSO_DIRECTORY_EVENT_SOURCE = 'sso-directory.amazonaws.com';
/** IAM Identity Center itself; also the `userIdentity.invokedBy` of the calls it makes in member accounts. */
export const SSO_EVENT_SOURCE = 'sso.amazonaws.com';
