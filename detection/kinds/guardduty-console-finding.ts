/** guardduty-console-finding: a GuardDuty finding about console sign-ins or callers (not a CloudTrail record). */
import { any, is, quote, RAW } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { field } from '../message-fields';
import type { EventPattern, MessageField } from '../types';

/**
 * GuardDuty findings reach EventBridge directly (not through CloudTrail) as
 * source aws.guardduty, detail-type "GuardDuty Finding" (EventBridge events
 * reference, "Amazon GuardDuty events"; GuardDuty user guide, "Processing
 * GuardDuty findings with Amazon EventBridge"). Finding types: GuardDuty user
 * guide, "GuardDuty IAM finding types".
 */
export const GUARDDUTY_SOURCE = 'aws.guardduty';
export const GUARDDUTY_FINDING_DETAIL_TYPE = 'GuardDuty Finding';
export const GUARDDUTY_CONSOLE_FINDING_TYPES = [
  'UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B',
  'UnauthorizedAccess:IAMUser/ConsoleLogin',
  'UnauthorizedAccess:IAMUser/TorIPCaller',
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
] as const;

/** GuardDuty sign-in findings; `aboutAccount` keeps only the findings about that account (detail.accountId). */
export function guardDutyFindingPattern(aboutAccount?: string): EventPattern {
  return {
    source: [GUARDDUTY_SOURCE],
    'detail-type': [GUARDDUTY_FINDING_DETAIL_TYPE],
    detail: { type: [...GUARDDUTY_CONSOLE_FINDING_TYPES], ...(aboutAccount ? { accountId: [aboutAccount] } : {}) },
  };
}

const GUARDDUTY_FIELDS: MessageField[] = [
  field('GuardDuty severity', 'findingSeverity', '$.detail.severity'),
  field('Finding', 'findingTitle', '$.detail.title'),
  field('Finding type', 'findingType', '$.detail.type'),
  field('Description', 'findingDescription', '$.detail.description'),
  // A finding names the account it is about; the envelope's account is the administrator's for its copies.
  field('Account', 'account', '$.detail.accountId'),
  field('Region', 'region', '$.detail.region'),
  field('IAM user', 'findingUserName', '$.detail.resource.accessKeyDetails.userName'),
  field('Principal type', 'findingUserType', '$.detail.resource.accessKeyDetails.userType'),
  field('Access key', 'findingAccessKeyId', '$.detail.resource.accessKeyDetails.accessKeyId'),
  field('Caller IP', 'findingCallerIp', '$.detail.service.action.awsApiCallAction.remoteIpDetails.ipAddressV4'),
  field('Last seen', 'findingLastSeen', '$.detail.service.eventLastSeen'),
  field('Finding id', 'findingId', '$.detail.id'),
];

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://docs.aws.amazon.com/guardduty/latest/ug/compromised-creds.html
 */
export const guardDutyConsoleFinding: KindDefinition = {
  nextSteps: [
    'Open the finding in GuardDuty and confirm with the principal whether the sign-in was theirs.',
    "If not, follow GuardDuty's remediation for compromised credentials: revoke the sessions, rotate the credentials, review the activity in CloudTrail.",
  ],
  severity: 'HIGH',
  metricName: 'GuardDutyConsoleFinding',
  messageFields: GUARDDUTY_FIELDS,
  eventPattern: () => guardDutyFindingPattern(),
  // Not in CloudTrail: no raw-record filter, no trail path. The envelope filter counts the findings in the central log.
  filter: (root) =>
    root === RAW ? null : `{ ($.source = ${quote(GUARDDUTY_SOURCE)}) && ${any(...GUARDDUTY_CONSOLE_FINDING_TYPES.map((type) => is(root, 'type', type)))} }`,
};
