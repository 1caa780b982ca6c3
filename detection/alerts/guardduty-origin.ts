/**
 * Whose GuardDuty finding is this (issue 18 item 6)? The alert engine names
 * the account that PUBLISHED a finding, never only the account the finding
 * says it is about, and refuses a finding that claims to be about another
 * account unless its publisher is the configured GuardDuty administrator.
 * Kept apart from the engine so the rule is one small, testable function that
 * the deployed handler and `classify --render` both call.
 *
 * Fields (AWS-set):
 * - the envelope's `account`: EventBridge sets it to the account whose bus the
 *   event was first put on, and keeps it when a rule forwards the event to
 *   another account's bus. A member admin cannot choose it.
 * - `detail.accountId`: "The ID of the account in which the finding was
 *   generated" (GuardDuty API reference, "Finding",
 *   https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html).
 *   An administrator account receives copies of its members' findings, so on
 *   the administrator's bus `detail.accountId` names the member.
 * - Only AWS services put events whose `source` begins with "aws.": "All
 *   events that come from AWS services begin with "aws." Customer-generated
 *   events can have any value here, as long as it doesn't begin with "aws.""
 *   (EventBridge user guide, "Event structure reference",
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html).
 *
 * The rule, given publisher P (envelope account), subject S (detail.accountId)
 * and the configured administrator A:
 * - P missing: dropped (no AWS-stamped publisher to name);
 * - S missing or S = P: delivered, naming P;
 * - S != P and P = A: delivered, naming both ("Published by A; finding about S");
 * - S != P and P != A: dropped and logged. Such a finding is not a forgery of
 *   the `aws.guardduty` source (AWS refuses that) but a real finding that the
 *   product must not attribute: e.g. an account that made itself GuardDuty
 *   administrator of another account by invitation, then widened its
 *   forwarder (itself a pipeline-tampering call).
 *
 * Sample findings (GuardDuty CreateSampleFindings, which any admin of an
 * account with a detector can call): "These findings are marked with a prefix
 * [SAMPLE]" (GuardDuty user guide, "Understanding and generating Amazon
 * GuardDuty findings", https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings.html);
 * published sample findings also carry `service.additionalInfo.sample: true`
 * (GuardDuty's generated findings as quoted in mozilla/MozDef tests; not in
 * the API reference). Either marker makes the message say SAMPLE; a sample is
 * never dropped and keeps its severity.
 *
 * Pure functions, bundled into the Lambda with the engine.
 */
import { GUARDDUTY_FINDING_DETAIL_TYPE, GUARDDUTY_SOURCE } from '../kinds/guardduty-console-finding';

export interface GuardDutyOrigin {
  /** The envelope's `account` (AWS-set): the account whose GuardDuty published the finding. */
  publisherId?: string;
  /** `detail.accountId`: the account the finding is about. */
  aboutId?: string;
  /** The publisher is the configured GuardDuty administrator and the finding is about another account. */
  administratorCopy: boolean;
  /** A sample finding (CreateSampleFindings). */
  sample: boolean;
  /** Why the engine sends nothing for it; absent when it is delivered. */
  dropReason?: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Whether the event is a GuardDuty finding as EventBridge delivers it. */
export function isGuardDutyFinding(event: unknown): boolean {
  return isObject(event) && event.source === GUARDDUTY_SOURCE && event['detail-type'] === GUARDDUTY_FINDING_DETAIL_TYPE;
}

/** Whether a finding is one of GuardDuty's generated samples. */
export function isSampleFinding(detail: Json): boolean {
  const service = isObject(detail.service) ? detail.service : {};
  const additionalInfo = isObject(service.additionalInfo) ? service.additionalInfo : {};
  return additionalInfo.sample === true || additionalInfo.sample === 'true' || (text(detail.title) ?? '').trimStart().startsWith('[SAMPLE]');
}

/** Publisher, subject, sample marker and the verdict of a GuardDuty finding; undefined for any other event. */
export function guardDutyOrigin(event: unknown, administratorId: string | undefined): GuardDutyOrigin | undefined {
  if (!isGuardDutyFinding(event)) return undefined;
  const envelope = event as Json;
  const detail = isObject(envelope.detail) ? envelope.detail : {};
  const publisherId = text(envelope.account);
  const aboutId = text(detail.accountId);
  const sample = isSampleFinding(detail);
  const base = { ...(publisherId ? { publisherId } : {}), ...(aboutId ? { aboutId } : {}), sample };
  if (!publisherId) return { ...base, administratorCopy: false, dropReason: 'GuardDuty finding without a publishing account (envelope account)' };
  if (aboutId === undefined || aboutId === publisherId) return { ...base, administratorCopy: false };
  if (administratorId !== undefined && publisherId === administratorId) return { ...base, administratorCopy: true };
  return {
    ...base,
    administratorCopy: false,
    dropReason: `GuardDuty finding published by ${publisherId} claims to be about ${aboutId}; ${publisherId} is not the configured GuardDuty administrator (alerts.guardDutyAdministrator${administratorId ? ` = ${administratorId}` : ' is unset'})`,
  };
}

/** Why the engine must send nothing for the event (a GuardDuty finding it cannot attribute); undefined otherwise. */
export function guardDutyDropReason(event: unknown, administratorId: string | undefined): string | undefined {
  return guardDutyOrigin(event, administratorId)?.dropReason;
}

/** The lines a delivered finding's message adds after the description: who published it, about whom, and the sample marker. */
export function guardDutyOriginLines(origin: GuardDutyOrigin, label: (accountId: string) => string): string[] {
  const lines: string[] = [];
  if (origin.sample) lines.push('SAMPLE finding: generated by GuardDuty CreateSampleFindings with fictitious details, not a detection (check who generated it).');
  if (origin.administratorCopy && origin.publisherId && origin.aboutId) {
    lines.push(`Published by ${label(origin.publisherId)}; finding about ${label(origin.aboutId)} (the GuardDuty administrator's copy)`);
  }
  return lines;
}
