/**
 * Wraps a raw CloudTrail record the way EventBridge delivers it on a bus
 * (EventBridge user guide, "Events from AWS services via CloudTrail"), and
 * tells envelopes from raw records. No cdktf import.
 */
import { SIGN_IN_EVENT_NAMES, SIGN_IN_EVENT_SOURCE } from './catalogue';

export interface EventBridgeEnvelope {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: unknown[];
  detail: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** detail-type by CloudTrail eventType (console sign-ins arrive as "Sign In", see aws-facts.md). */
const DETAIL_TYPES: Record<string, string> = {
  awsapicall: 'AWS API Call via CloudTrail',
  awsserviceevent: 'AWS Service Event via CloudTrail',
  awsconsolesignin: 'AWS Console Sign In via CloudTrail',
  awsconsoleaction: 'AWS Console Action via CloudTrail',
  awscloudtrailinsight: 'AWS CloudTrail Insight',
};

const SIGN_IN_NAMES: ReadonlySet<string> = new Set(SIGN_IN_EVENT_NAMES);

/** An EventBridge envelope: has `source`, `detail-type` and an object `detail`. */
export function isEnvelope(event: unknown): event is EventBridgeEnvelope {
  return isObject(event) && typeof event.source === 'string' && typeof event['detail-type'] === 'string' && isObject(event.detail);
}

/**
 * The event source of a record. CloudTrail always sets eventSource; published
 * fixtures (Panther) sometimes strip it. A record without the key whose eventName
 * only signin.amazonaws.com emits (ConsoleLogin, CredentialVerification, ...)
 * is taken to come from there, so it is classified as the real event would be
 * (the raw metric filters read a missing eventSource the same way).
 */
export function eventSourceOf(record: Json): string | undefined {
  if (record.eventSource !== undefined) return text(record.eventSource);
  const name = text(record.eventName);
  return name && SIGN_IN_NAMES.has(name) ? SIGN_IN_EVENT_SOURCE : undefined;
}

function detailTypeOf(record: Json, eventSource: string | undefined): string {
  const eventType = text(record.eventType);
  if (eventType && DETAIL_TYPES[eventType.toLowerCase()]) return DETAIL_TYPES[eventType.toLowerCase()];
  if (eventSource === SIGN_IN_EVENT_SOURCE && record.eventName === 'ConsoleLogin') return DETAIL_TYPES.awsconsolesignin;
  return DETAIL_TYPES.awsapicall;
}

/**
 * The envelope EventBridge would deliver for a CloudTrail record: source is
 * "aws." + the eventSource prefix (signin.amazonaws.com -> aws.signin), the
 * account is the recipient account, region the record's region. `id` reuses
 * the eventID (EventBridge assigns its own; nothing matches on it).
 */
export function wrapRecord(record: Json): EventBridgeEnvelope {
  const eventSource = eventSourceOf(record);
  const userIdentity = isObject(record.userIdentity) ? record.userIdentity : {};
  return {
    version: '0',
    id: text(record.eventID) ?? '',
    'detail-type': detailTypeOf(record, eventSource),
    source: eventSource ? `aws.${eventSource.split('.')[0]}` : '',
    account: text(record.recipientAccountId) ?? text(userIdentity.accountId) ?? '',
    time: text(record.eventTime) ?? '',
    region: text(record.awsRegion) ?? '',
    resources: [],
    detail: record,
  };
}

/** The envelope for any event: envelopes as they are, raw records wrapped. */
export function toEnvelope(event: Json): EventBridgeEnvelope {
  return isEnvelope(event) ? event : wrapRecord(event);
}

/** The CloudTrail record of any event: an envelope's detail, or the record itself. */
export function toRecord(event: Json): Json {
  return isEnvelope(event) ? event.detail : event;
}
