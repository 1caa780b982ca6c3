/**
 * The alert kinds by id, with the title and one-line description each one is
 * known by. The single source of these texts: the config schema shows them
 * when hovering a switch of `alerts.enabled` (and in the README configuration reference),
 * the detection catalogue puts them in every alert message. No imports, so
 * both config/ and detection/ can read it.
 */

export const ALERT_KIND_IDS = [
  'console-login-success',
  'console-login-failure',
  'console-login-without-mfa',
  'root-console-login',
  'mfa-failure',
  'identity-center-sign-in-failure',
  'trail-tampering',
  // Detection pack v2 (issue 11): the account-takeover moves around a sign-in.
  'root-account-change',
  'mfa-device-removed',
  'login-profile-change',
  'console-token-outside-sso',
  'console-login-outside-sso',
  'identity-provider-change',
  'guardduty-console-finding',
  // issue 10 item 6: calls on the product's own resources.
  'pipeline-tampering',
] as const;
export type AlertKindId = (typeof ALERT_KIND_IDS)[number];

/**
 * Alerts raised by an alarm over a count of events rather than by one event:
 * no EventBridge rule, no per-event message, but a switch in `alerts.enabled`
 * like every kind (detection/catalogue.ts `principalBurstSpec`).
 */
export const ALARM_KIND_IDS = ['failed-sign-ins-per-principal'] as const;
export type AlarmKindId = (typeof ALARM_KIND_IDS)[number];

/**
 * The id the health checker's message goes by (detection/message.ts
 * FORWARDER_SILENT_MESSAGE): silent member-region forwarders. Not a switch of
 * `alerts.enabled` (forwarder health cannot be switched off), but a kind a
 * notification route may name.
 */
export const FORWARDER_SILENT_KIND_ID = 'forwarder-silent';

/** Every switch of `alerts.enabled`: the per-event kinds, then the alarm kinds. */
export const ALERT_SWITCH_IDS = [...ALERT_KIND_IDS, ...ALARM_KIND_IDS] as const;
export type AlertSwitchId = (typeof ALERT_SWITCH_IDS)[number];

/** The one kind `alerts.ignorePrincipals` suppresses: failures, root, MFA, trail- and pipeline-tampering alerts always fire. */
export const SUPPRESSIBLE_ALERT_KIND: AlertKindId = 'console-login-success';

/**
 * Kinds that are off unless `alerts.enabled` switches them on: console-login-outside-sso
 * is only meaningful for organizations that mandate IAM Identity Center.
 */
export const ALERT_KINDS_OFF_BY_DEFAULT: readonly AlertSwitchId[] = ['console-login-outside-sso'];

/** Whether a kind is on when `alerts.enabled` does not name it. */
export const alertKindEnabledByDefault = (id: AlertSwitchId): boolean => !ALERT_KINDS_OFF_BY_DEFAULT.includes(id);

export interface AlertKindText {
  /** Short title, the first line of a message, e.g. "Console sign-in failed". */
  title: string;
  /** One sentence: which events raise this alert. */
  description: string;
}

export const ALERT_KIND_TEXT: Readonly<Record<AlertSwitchId, Readonly<AlertKindText>>> = {
  'console-login-success': {
    title: 'Console sign-in',
    description: 'A successful AWS Management Console sign-in (IAM user, root, or a federated or Identity Center role session).',
  },
  'console-login-failure': {
    title: 'Console sign-in failed',
    description: 'A failed AWS Management Console sign-in (wrong password, unknown user, failed MFA), any principal type.',
  },
  'console-login-without-mfa': {
    title: 'Console sign-in without MFA',
    description: 'A successful console sign-in of an IAM user or root whose MFAUsed is not exactly "Yes" (missing counts as no MFA).',
  },
  'root-console-login': {
    title: 'Root user console sign-in',
    description: 'A console sign-in attempt by the root user, successful or not.',
  },
  'mfa-failure': {
    title: 'MFA failure',
    description:
      'A console sign-in that failed after MFA was used (password known, second factor wrong), or an Identity Center TOTP/WEBAUTHN verification that failed.',
  },
  'identity-center-sign-in-failure': {
    title: 'Identity Center sign-in failed',
    description:
      'An IAM Identity Center credential verification or challenge that failed (CredentialVerification or CredentialChallenge = "Failure"), any credential type.',
  },
  'trail-tampering': {
    title: 'CloudTrail trail stopped or changed',
    description:
      'A CloudTrail call that can stop or blind a trail (StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutInsightSelectors), by anyone, allowed or denied: without the organization trail no sign-in alert fires.',
  },
  'root-account-change': {
    title: 'Root user credentials or account contacts changed',
    description:
      'The root user changed or recovered its password or changed the root email (signin.amazonaws.com PasswordUpdated, PasswordRecoveryRequested, PasswordRecoveryCompleted, EmailUpdated), or anyone called the Account Management API to change the primary email or the contacts (StartPrimaryEmailUpdate, AcceptPrimaryEmailUpdate, PutContactInformation, PutAlternateContact, DeleteAlternateContact), allowed or denied.',
  },
  'mfa-device-removed': {
    title: 'MFA device removed',
    description:
      'An IAM MFA device deactivated or a virtual MFA device deleted (iam DeactivateMFADevice, DeleteVirtualMFADevice), or an IAM Identity Center user\'s MFA device deleted (sso-directory DeleteMfaDeviceForUser), by anyone, allowed or denied.',
  },
  'login-profile-change': {
    title: 'IAM user console password created or changed',
    description:
      'A console password given to an IAM user or reset by someone (iam CreateLoginProfile, UpdateLoginProfile), allowed or denied: a classic way to turn stolen keys into console access.',
  },
  'console-token-outside-sso': {
    title: 'Console session minted from credentials',
    description:
      'A federation sign-in token (signin.amazonaws.com GetSigninToken) requested by something other than the IAM Identity Center portal (user agent not starting with Jersey/, or none): a console session made from access keys, the classic use of stolen keys.',
  },
  'console-login-outside-sso': {
    title: 'Console sign-in outside IAM Identity Center',
    description:
      'A successful console sign-in by an IAM user, a federated user, or an assumed role that is not an Identity Center role (AWSReservedSSO_*). Off by default: for organizations that mandate Identity Center. Root has its own kind.',
  },
  'identity-provider-change': {
    title: 'Identity provider changed',
    description:
      'An IAM SAML or OpenID Connect provider created, changed or deleted (except Identity Center managing its own AWSSSO_*_DO_NOT_DELETE providers), or the IAM Identity Center identity source changed (directory associated or disassociated, external IdP configuration created, updated, deleted, enabled or disabled, or the directory association updated), allowed or denied.',
  },
  'guardduty-console-finding': {
    title: 'GuardDuty sign-in finding',
    description:
      'A GuardDuty finding about console sign-ins or callers: UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B, ConsoleLogin, TorIPCaller, MaliciousIPCaller or MaliciousIPCaller.Custom. The message shows GuardDuty\'s own severity and title.',
  },
  'failed-sign-ins-per-principal': {
    title: 'Repeated failed sign-ins for one principal',
    description:
      'At least alerts.failedSignInsPerPrincipal failed sign-ins (console and Identity Center) for one principal within 5 minutes: password guessing aimed at that user. One alarm covers every principal.',
  },
  'pipeline-tampering': {
    title: 'Alerting pipeline changed or deleted',
    description:
      "A call, allowed or denied, that changes or deletes one of this product's own rules, schedules, topics, alarms, log groups, roles, queues or keys (named by the deployment's name prefix), by anyone but the deployment role's deploy session: the account's sign-in alerts can stop while its heartbeats stay green.",
  },
};
