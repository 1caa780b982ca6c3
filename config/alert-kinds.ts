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
  'pipeline-tampering',
] as const;
export type AlertKindId = (typeof ALERT_KIND_IDS)[number];

/** The one kind `alerts.ignorePrincipals` suppresses: failures, root, MFA, trail- and pipeline-tampering alerts always fire. */
export const SUPPRESSIBLE_ALERT_KIND: AlertKindId = 'console-login-success';

export interface AlertKindText {
  /** Short title, the first line of a message, e.g. "Console sign-in failed". */
  title: string;
  /** One sentence: which events raise this alert. */
  description: string;
}

export const ALERT_KIND_TEXT: Readonly<Record<AlertKindId, Readonly<AlertKindText>>> = {
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
  'pipeline-tampering': {
    title: 'Alerting pipeline changed or deleted',
    description:
      "A call, allowed or denied, that changes or deletes one of this product's own rules, schedules, topics, alarms, log groups, roles, queues or keys (named by the deployment's name prefix), by anyone but the deployment role's deploy session: the account's sign-in alerts can stop while its heartbeats stay green.",
  },
};
