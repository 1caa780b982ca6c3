/**
 * Message fields several kinds show (a missing path renders as empty). A
 * field only one kind shows lives in that kind's file (detection/kinds/).
 */
import type { MessageField } from './types';

export const field = (label: string, variable: string, path: string): MessageField => ({ label, variable, path });

export const EVENT = field('Event', 'eventName', '$.detail.eventName');
export const PRINCIPAL_TYPE = field('Principal type', 'userType', '$.detail.userIdentity.type');
export const PRINCIPAL_ARN = field('Principal ARN', 'userArn', '$.detail.userIdentity.arn');
/** Where and when, in every message. */
export const ACCOUNT_REGION_IP_TIME: MessageField[] = [
  field('Account', 'account', '$.account'),
  field('Region', 'region', '$.detail.awsRegion'),
  field('Source IP', 'sourceIp', '$.detail.sourceIPAddress'),
  field('Time', 'eventTime', '$.detail.eventTime'),
];
export const EVENT_ID = field('Event id', 'eventId', '$.detail.eventID');
export const ERROR_CODE = field('Error code', 'errorCode', '$.detail.errorCode');

/** Every sign-in kind. */
export const COMMON_FIELDS: MessageField[] = [
  EVENT,
  PRINCIPAL_TYPE,
  field('User name', 'userName', '$.detail.userIdentity.userName'),
  PRINCIPAL_ARN,
  // Identity Center records since July 2025: no userName; the user is
  // userIdentity.onBehalfOf.{userId, identityStoreArn} (CloudTrail user guide, "userIdentity element").
  field('Identity Center user id', 'identityCenterUserId', '$.detail.userIdentity.onBehalfOf.userId'),
  field('Identity store', 'identityStoreArn', '$.detail.userIdentity.onBehalfOf.identityStoreArn'),
  ...ACCOUNT_REGION_IP_TIME,
  field('User agent', 'userAgent', '$.detail.userAgent'),
  EVENT_ID,
];
export const CONSOLE_FIELDS: MessageField[] = [
  field('Outcome', 'outcome', '$.detail.responseElements.ConsoleLogin'),
  field('MFA used', 'mfaUsed', '$.detail.additionalEventData.MFAUsed'),
  field('Error', 'errorMessage', '$.detail.errorMessage'),
];
export const IDENTITY_CENTER_FIELDS: MessageField[] = [
  field('Credential type', 'credentialType', '$.detail.additionalEventData.CredentialType'),
  field('Verification', 'verification', '$.detail.serviceEventDetails.CredentialVerification'),
  field('Challenge', 'challenge', '$.detail.serviceEventDetails.CredentialChallenge'),
];

/** After the resource lines of a tampering kind: who called, where and when, the event id and whether it was denied. */
export const CALLER_AND_OUTCOME_FIELDS: MessageField[] = [PRINCIPAL_TYPE, PRINCIPAL_ARN, ...ACCOUNT_REGION_IP_TIME, EVENT_ID, ERROR_CODE];

/** API callers are roles as often as users: who, what, where, the outcome. */
export const API_CALL_FIELDS: MessageField[] = [
  EVENT,
  PRINCIPAL_TYPE,
  PRINCIPAL_ARN,
  field('User name', 'userName', '$.detail.userIdentity.userName'),
  ...ACCOUNT_REGION_IP_TIME,
  field('User agent', 'userAgent', '$.detail.userAgent'),
  ERROR_CODE,
  EVENT_ID,
];
export const TARGET_USER = field('Target IAM user', 'targetUserName', '$.detail.requestParameters.userName');
export const SESSION_ISSUER = field('Session issuer', 'sessionIssuerArn', '$.detail.userIdentity.sessionContext.sessionIssuer.arn');
