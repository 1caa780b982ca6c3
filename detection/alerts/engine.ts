/**
 * The alert engine: turns one event into ONE plain-text message that names
 * the account and every alert kind the event matched (highest severity in the
 * subject, the others named in the body), and decides who receives it
 * (detection/alerts/routing.ts). Every value taken from the event is made
 * inert (detection/alerts/inert.ts), and AWS-set facts come before the values
 * a caller can set (security checklist items 21-23). This module is what the
 * deployed Lambda function runs (detection/alerts/handler.ts bundles it with
 * esbuild), what `classify --render` prints, and what the README samples and
 * the tests render: one formatter, one router.
 *
 * It reads only its model (detection/alerts/model.ts builds it from the config
 * at synth time; the Lambda reads it as JSON bundled beside the code) and the
 * event. No cdktf, no AWS SDK, no Node.js import: pure functions.
 *
 * Facts relied on (cited):
 * - SNS Publish `Subject`: "Subjects must be UTF-8 text with no line breaks or
 *   control characters, and less than 100 characters long" (SNS API reference,
 *   PublishRequest Subject); subjects with non-ASCII characters are modified by
 *   SNS (Amazon Managed Service for Prometheus guide, "Understanding Amazon SNS
 *   message validation rules"). Subjects here are printable ASCII, at most 99.
 * - AWS Chatbot (Amazon Q Developer in chat applications) custom notifications:
 *   `{"version": "1.0", "source": "custom", "id", "content": {"textType":
 *   "client-markdown", "title", "description", "nextSteps", "keywords"},
 *   "metadata": {...}}`; version "Must be 1.0", source "Must be custom", only
 *   client-markdown textType (Chatbot administrator guide, "Custom
 *   notifications using Amazon Q Developer in chat applications",
 *   https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html).
 * - CloudTrail event history keeps 90 days of management events per account
 *   and Region (CloudTrail user guide, "Working with CloudTrail event
 *   history"). The console link form `…/cloudtrail/home?region=R#/events/ID`
 *   is the console's own URL of an event's page; AWS documents no URL scheme
 *   (unverified: if the page moves, the event id line still finds the event).
 */
import { readPath } from '../message';
import { compileEventPattern } from '../eventbridge-pattern';
import type { EventPattern, MessageField, Severity } from '../types';
import { guardDutyDropReason, guardDutyOrigin, guardDutyOriginLines } from './guardduty-origin';
import { inert, slackCode, slackEscape } from './inert';
import { routeKinds, routeMatches, type EngineAccount, type EngineRoute, type Routing } from './routing';

export type { EngineAccount, EngineRoute } from './routing';

/** What a kind's message shows (from detection/catalogue.ts, or the silent-forwarder message). */
export interface EngineKind {
  id: string;
  severity: Severity;
  title: string;
  description: string;
  messageFields: MessageField[];
  /** "What to do now" lines of the kind (the catalogue's; absent for the forwarder alarm's older models). */
  nextSteps?: string[];
  /** The catalogue's pattern: the engine finds every kind an event matches (absent: only when a rule names the kind). */
  eventPattern?: EventPattern;
}

export interface EngineModel {
  version: 1;
  accounts: EngineAccount[];
  /** Enabled kinds, in catalogue order. */
  kinds: EngineKind[];
  routes: EngineRoute[];
  /** The default recipients (notifications.emails / notifications.slack). */
  defaultDestinations: string[];
  /** Destination -> SNS topic ARN that delivers to it (empty offline). */
  topics: Record<string, string>;
  /** notifications.runbookUrl: `{kind}` and `{account}` are replaced. */
  runbookUrl?: string;
  /** notifications.stormControl (absent: the defaults, 10 minutes and 3 messages). */
  stormControl?: { windowMinutes: number; firstMessages: number };
  /** The DynamoDB table of the engine's state (absent offline: classify uses an in-memory store). */
  stateTable?: string;
  /** alerts.guardDutyAdministrator as an account id: the one publisher whose findings may be about another account. */
  guardDutyAdministrator?: string;
}

/** What the Lambda receives from each alert rule's input transformer. */
export interface AlertInput {
  /** The alert kind whose rule matched (or `forwarder-silent`, from the health checker). */
  kind: string;
  /** The EventBridge event, whole (`<aws.events.event.json>`). */
  event: unknown;
}

/** A line of context the engine's state adds (first-seen, storm summaries). */
export interface ContextNote {
  /** Stable code, e.g. `first-source-ip`, `storm-summary`. */
  code: string;
  line: string;
}

export interface RenderedMessage {
  /** Every kind the event matched, highest severity first. */
  kinds: string[];
  /** kinds[0]. */
  kind: string;
  severity: Severity;
  subject: string;
  /** Plain text: email and HTTPS subscribers. */
  text: string;
  /** The same content as an AWS Chatbot custom notification (JSON text): Slack. */
  chat: string;
  /** Sent now. */
  destinations: string[];
  /** Summarized in the digest instead (INFO kinds). */
  digest: string[];
  /** Codes of the context notes (`first-sign-in-to-account`, `first-source-ip`, ...). */
  context: string[];
}

export const MAX_SUBJECT_LENGTH = 99;
export const DESTINATION_TYPES = ['email', 'https', 'slack', 'teams'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];
/** Most severe first. */
export const SEVERITY_ORDER: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];

export function destinationType(destination: string): DestinationType {
  const type = destination.slice(0, destination.indexOf(':'));
  if (!(DESTINATION_TYPES as readonly string[]).includes(type)) throw new Error(`unknown destination "${destination}"`);
  return type as DestinationType;
}

/**
 * Paths whose values AWS sets (security checklist item 21): shown first. Every
 * other path (user names, ARNs with session names, user agent, request
 * parameters, finding text) is caller-settable and shown after them, defanged.
 */
export const AWS_SET_PATHS: ReadonlySet<string> = new Set([
  '$.account',
  '$.region',
  '$.time',
  '$.detail.eventName',
  '$.detail.eventSource',
  '$.detail.awsRegion',
  '$.detail.eventTime',
  '$.detail.eventID',
  '$.detail.sourceIPAddress',
  '$.detail.recipientAccountId',
  '$.detail.userIdentity.type',
  '$.detail.responseElements.ConsoleLogin',
  '$.detail.additionalEventData.MFAUsed',
  '$.detail.additionalEventData.CredentialType',
  '$.detail.serviceEventDetails.CredentialVerification',
  '$.detail.serviceEventDetails.CredentialChallenge',
  '$.detail.errorCode',
  '$.detail.accountId',
  '$.detail.severity',
  '$.detail.type',
  '$.detail.id',
  '$.detail.service.eventLastSeen',
]);

/**
 * Paths of the silent-forwarder message, written by the aggregator's own
 * health checker (detection/health/), which invokes the engine directly with
 * values from the config and AWS-stamped heartbeat fields. No bus rule invokes
 * the engine with that kind, and no other kind reads these paths, so a forged
 * bus event cannot make them trusted. An array value is one line per element.
 */
export const PRODUCT_SET_PATHS: ReadonlySet<string> = new Set(['$.detail.silentRegions', '$.detail.silentCount', '$.detail.silentAccounts']);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
/** The raw text of a value (objects as JSON); empty is absent. Not yet inert. */
const raw = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/** Printable ASCII only, at most `max` characters (SNS email subject). */
export function asciiSubject(subject: string, max = MAX_SUBJECT_LENGTH): string {
  const ascii = subject.replace(/[^\x20-\x7E]/g, '?');
  return ascii.length <= max ? ascii : `${ascii.slice(0, max - 3)}...`;
}

/**
 * The subject: severity, title, account and source address are kept; the
 * principal is shortened first (then dropped), only then is the whole cut.
 */
export function subjectLine(parts: { severity: Severity; title: string; account: string; who?: string; ip?: string }, max = MAX_SUBJECT_LENGTH): string {
  const ascii = (value: string) => value.replace(/[^\x20-\x7E]/g, '?');
  const head = ascii(`[${parts.severity}] ${parts.title}: ${parts.account}`);
  const from = parts.ip ? ascii(` from ${parts.ip}`) : '';
  const who = parts.who ? ascii(parts.who) : '';
  const room = max - head.length - from.length - ' by '.length;
  if (who && room >= who.length) return `${head} by ${who}${from}`;
  if (who && room >= 8) return `${head} by ${who.slice(0, room - 3)}...${from}`;
  return asciiSubject(`${head}${from}`, max);
}

/** The account as messages name it: `workload-prod (444444444444)`, or `444455556666 (not in config)`. */
export function accountLabel(accountId: string | undefined, account: EngineAccount | undefined): string {
  if (account) return `${account.name} (${account.id})`;
  return accountId ? `${accountId} (not in config)` : 'unknown account';
}

/** Who acted, shortest readable form: user name, else the ARN's last segment, else the Identity Center user id, else the type. Raw (caller-settable). */
export function actor(detail: Json): string | undefined {
  const identity = isObject(detail.userIdentity) ? detail.userIdentity : undefined;
  if (!identity) return undefined;
  const arn = raw(identity.arn);
  const onBehalfOf = isObject(identity.onBehalfOf) ? raw(identity.onBehalfOf.userId) : undefined;
  return raw(identity.userName) ?? (arn ? arn.split('/').pop()!.split(':').pop() : undefined) ?? onBehalfOf ?? raw(identity.type);
}

/** Whether the sign-in is an IAM Identity Center one (MFA happens at the identity provider, not in the record). */
function identityCenterSignIn(detail: Json): boolean {
  const identity = isObject(detail.userIdentity) ? detail.userIdentity : {};
  return identity.type === 'IdentityCenterUser' || isObject(identity.onBehalfOf) || detail.eventSource === 'sso.amazonaws.com' || (typeof identity.arn === 'string' && /:assumed-role\/AWSReservedSSO_/.test(identity.arn));
}

/** Link to the event's page in the CloudTrail console (event history), when the event is a CloudTrail record. */
export function cloudTrailEventUrl(region: string, eventId: string): string {
  return `https://console.aws.amazon.com/cloudtrail/home?region=${encodeURIComponent(region)}#/events/${encodeURIComponent(eventId)}`;
}

const UNKNOWN_KIND = (id: string): EngineKind => ({
  id,
  severity: 'HIGH',
  title: 'signin-watch alert of an unknown kind',
  description: `The engine has no message definition for "${id}": the event is shown as received.`,
  messageFields: [],
});

interface Line {
  label: string;
  value: string;
}

/** The engine over one model: indexes built once (a Lambda container reuses them). */
export class AlertEngine {
  private readonly accounts = new Map<string, EngineAccount>();
  private readonly kinds = new Map<string, EngineKind>();
  private readonly matchers: Array<{ id: string; matches: (event: unknown) => boolean }>;

  constructor(readonly model: EngineModel) {
    if (model.version !== 1) throw new Error(`alert engine model version ${String(model.version)} is not supported`);
    for (const account of model.accounts) this.accounts.set(account.id, account);
    for (const kind of model.kinds) this.kinds.set(kind.id, kind);
    this.matchers = model.kinds.flatMap((kind) => (kind.eventPattern ? [{ id: kind.id, matches: compileEventPattern(kind.eventPattern) }] : []));
  }

  /** Every enabled kind whose pattern the event matches, in catalogue order. */
  matchingKinds(event: unknown): string[] {
    return this.matchers.filter((matcher) => matcher.matches(event)).map((matcher) => matcher.id);
  }

  /** The kinds, most severe first, then in catalogue order; each once. */
  orderKinds(kindIds: string[]): string[] {
    const order = [...this.kinds.keys()];
    const rank = (id: string) => SEVERITY_ORDER.indexOf(this.kind(id).severity) * 1000 + (order.includes(id) ? order.indexOf(id) : order.length);
    return [...new Set(kindIds)].sort((a, b) => rank(a) - rank(b));
  }

  /**
   * The kind whose rule sends the event's one message: the most severe of
   * the kinds the event matches (with the invoking rule's own kind). Every
   * other rule the event triggers finds the same leader and sends nothing.
   */
  leader(input: AlertInput): string {
    return this.orderKinds([input.kind, ...this.matchingKinds(input.event)])[0];
  }

  kind(id: string): EngineKind {
    return this.kinds.get(id) ?? UNKNOWN_KIND(id);
  }

  /**
   * The account an event is about (routing, storm-control keys, first-seen): the kind's own "Account" field
   * (GuardDuty: detail.accountId), else the envelope's, else recipientAccountId. The Account line of a
   * GuardDuty finding shows its publisher instead (guardduty-origin.ts).
   */
  accountOf(kindId: string, event: unknown): { accountId?: string; account?: EngineAccount } {
    const envelope = isObject(event) ? event : {};
    const detail = isObject(envelope.detail) ? envelope.detail : {};
    const accountField = this.kind(kindId).messageFields.find((field) => field.label === 'Account');
    const accountId = (accountField ? raw(readPath(envelope, accountField.path)) : undefined) ?? raw(envelope.account) ?? raw(detail.recipientAccountId);
    return { accountId, account: accountId ? this.accounts.get(accountId) : undefined };
  }

  /**
   * Why the engine sends nothing for the event (detection/alerts/guardduty-origin.ts:
   * a GuardDuty finding about another account from a publisher that is not
   * the configured administrator); undefined when it may be sent. The
   * deployed handler and `classify --render` both ask before rendering.
   */
  dropReason(event: unknown): string | undefined {
    return guardDutyDropReason(event, this.model.guardDutyAdministrator);
  }

  /** One alert (one kind): the message a rule for that kind alone would send. */
  render(input: AlertInput, notes: ContextNote[] = []): RenderedMessage {
    return this.renderEvent(input.event, [input.kind], notes);
  }

  /** The event's one message: every kind given (most severe in the subject), the notes of the engine's state, the routing. */
  renderEvent(event: unknown, kindIds: string[], notes: ContextNote[] = []): RenderedMessage {
    const kinds = this.orderKinds(kindIds).map((id) => this.kind(id));
    const primary = kinds[0];
    const envelope = isObject(event) ? event : {};
    const detail = isObject(envelope.detail) ? envelope.detail : {};
    // Routing and storm keys: the account the event is about. Shown: a GuardDuty finding's publisher (AWS-set envelope account).
    const { accountId, account } = this.accountOf(primary.id, envelope);
    const origin = guardDutyOrigin(envelope, this.model.guardDutyAdministrator);
    const shownId = origin ? origin.publisherId : accountId;
    const shown = origin ? (shownId ? this.accounts.get(shownId) : undefined) : account;
    const label = inert(accountLabel(shownId, shown), { untrusted: false });
    const originLines = origin ? guardDutyOriginLines(origin, (id) => inert(accountLabel(id, this.accounts.get(id)), { untrusted: false })) : [];
    const whoRaw = actor(detail);
    const ipRaw = raw(detail.sourceIPAddress);
    const title = origin?.sample ? `SAMPLE ${primary.title}` : primary.title;
    const subject = subjectLine({ severity: primary.severity, title, account: label, who: whoRaw && inert(whoRaw, { max: 64 }), ip: ipRaw && inert(ipRaw, { max: 64 }) });

    const { trusted, untrusted } = this.fieldLines(kinds, envelope, detail, label, shown);
    const eventId = raw(detail.eventID);
    const region = raw(detail.awsRegion) ?? raw(envelope.region);
    // Only CloudTrail records carry detail.eventID (GuardDuty findings and alarm changes do not).
    const link = eventId && region ? cloudTrailEventUrl(region, eventId) : undefined;
    const runbook = this.runbook(primary.id, account?.name ?? accountId);
    const others = kinds.slice(1).map((kind) => `${kind.title} (${kind.id}, ${kind.severity})`);

    const lines = [subject, primary.description, ...originLines];
    if (others.length > 0) lines.push(`Also matched: ${others.join('; ')}`);
    lines.push(...notes.map((note) => note.line), '', ...trusted.map((field) => `${field.label}: ${field.value}`));
    if (untrusted.length > 0) lines.push('Set by the caller (shown as text, links defanged):', ...untrusted.map((field) => `${field.label}: ${field.value}`));
    if (link) lines.push(`CloudTrail event (sign in to ${account ? account.name : accountId ?? 'the account'}): ${link}`);
    const nextSteps = primary.nextSteps ?? [];
    if (nextSteps.length > 0) lines.push('What to do now:', ...nextSteps.map((step) => `- ${step}`));
    if (runbook) lines.push(`Runbook: ${runbook}`);
    lines.push(`Alert kind${kinds.length > 1 ? 's' : ''}: ${kinds.map((kind) => kind.id).join(', ')} (signin-watch)`);

    const routing: Routing = routeKinds(this.model.routes, this.model.defaultDestinations, kinds, accountId, account);
    return {
      kinds: kinds.map((kind) => kind.id),
      kind: primary.id,
      severity: primary.severity,
      subject,
      text: lines.join('\n'),
      chat: chatNotification({ kinds, subject, others, notes: [...originLines.map((line) => ({ code: 'guardduty-origin', line })), ...notes], trusted, untrusted, link, runbook, eventId, nextSteps }),
      destinations: routing.destinations,
      digest: routing.digest,
      context: notes.map((note) => note.code),
    };
  }

  /** AWS-set lines first (the Account line among them), caller-settable lines after; each label once, in the kinds' order. */
  private fieldLines(kinds: EngineKind[], envelope: Json, detail: Json, label: string, account: EngineAccount | undefined): { trusted: Line[]; untrusted: Line[] } {
    const trusted: Line[] = [];
    const untrusted: Line[] = [];
    const seen = new Set<string>();
    const accountLines: Line[] = [{ label: 'Account', value: label }];
    if (account && Object.keys(account.tags).length > 0) accountLines.push({ label: 'Account tags', value: inert(Object.entries(account.tags).map(([key, value]) => `${key}=${value}`).join(', '), { untrusted: false }) });
    if (account?.owner) accountLines.push({ label: 'Account owner', value: inert(account.owner, { untrusted: false }) });
    const identityCenter = identityCenterSignIn(detail);
    for (const kind of kinds) {
      if (!kind.messageFields.some((field) => field.label === 'Account') && !seen.has('Account')) {
        seen.add('Account');
        trusted.push(...accountLines);
      }
      for (const field of kind.messageFields) {
        if (seen.has(field.label)) continue;
        seen.add(field.label);
        if (field.label === 'Account') {
          trusted.push(...accountLines);
          continue;
        }
        const found = readPath(envelope, field.path);
        const awsSet = AWS_SET_PATHS.has(field.path) || PRODUCT_SET_PATHS.has(field.path);
        if (awsSet && Array.isArray(found)) {
          for (const element of found) if (raw(element) !== undefined) trusted.push({ label: field.label, value: inert(raw(element)!, { untrusted: false }) });
          continue;
        }
        const value = raw(found);
        if (field.label === 'MFA used' && identityCenter && value !== 'Yes') {
          trusted.push({ label: 'MFA', value: 'at the identity provider' });
          continue;
        }
        if (value !== undefined) (awsSet ? trusted : untrusted).push({ label: field.label, value: inert(value, { untrusted: !awsSet }) });
      }
    }
    const eventId = raw(detail.eventID);
    if (eventId && !seen.has('Event id')) trusted.push({ label: 'Event id', value: inert(eventId, { untrusted: false }) });
    if (kinds.every((kind) => kind.messageFields.length === 0)) untrusted.push({ label: 'Event', value: inert(JSON.stringify(envelope)) });
    return { trusted, untrusted };
  }

  private runbook(kindId: string, account: string | undefined): string | undefined {
    const template = this.model.runbookUrl;
    if (!template) return undefined;
    return template.replace(/\{kind\}/g, encodeURIComponent(kindId)).replace(/\{account\}/g, encodeURIComponent(account ?? 'unknown'));
  }

  /** Where one kind of one account goes now (the coverage report; INFO goes to digests). */
  route(kind: Pick<EngineKind, 'id' | 'severity'>, accountId: string | undefined, account = accountId ? this.accounts.get(accountId) : undefined): string[] {
    return routeKinds(this.model.routes, this.model.defaultDestinations, [kind], accountId, account).destinations;
  }

  /** Where a kind and account goes, now and in digests. */
  routing(kind: Pick<EngineKind, 'id' | 'severity'>, accountId: string | undefined): Routing {
    return routeKinds(this.model.routes, this.model.defaultDestinations, [kind], accountId, accountId ? this.accounts.get(accountId) : undefined);
  }

  /** The routes an alert matches (for the coverage report). */
  matchingRoutes(kind: Pick<EngineKind, 'id' | 'severity'>, accountId: string | undefined): EngineRoute[] {
    return this.model.routes.filter((route) => routeMatches(route, kind, accountId, accountId ? this.accounts.get(accountId) : undefined));
  }
}

function chatNotification(args: {
  kinds: EngineKind[];
  subject: string;
  others: string[];
  notes: ContextNote[];
  trusted: Line[];
  untrusted: Line[];
  link?: string;
  runbook?: string;
  eventId?: string;
  nextSteps: string[];
}): string {
  const { kinds, subject, others, notes, trusted, untrusted, link, runbook, eventId } = args;
  const steps = args.nextSteps.map((step) => slackEscape(step));
  const line = (field: Line) => `*${slackEscape(field.label)}*: ${slackCode(field.value)}`;
  const description = [
    slackEscape(kinds[0].description),
    ...(others.length > 0 ? [`Also matched: ${slackEscape(others.join('; '))}`] : []),
    ...notes.map((note) => slackEscape(note.line)),
    ...trusted.map(line),
    ...(untrusted.length > 0 ? ['_Set by the caller (shown as text, links defanged):_', ...untrusted.map(line)] : []),
  ];
  const notification = {
    version: '1.0',
    source: 'custom',
    ...(eventId ? { id: eventId } : {}),
    content: {
      textType: 'client-markdown',
      title: slackEscape(subject),
      description: description.join('\n'),
      ...(link || runbook || steps.length > 0 ? { nextSteps: [...steps, ...(link ? [`<${link}|Open the event in CloudTrail>`] : []), ...(runbook ? [`<${runbook}|Runbook>`] : [])] } : {}),
      keywords: [kinds[0].severity, ...kinds.map((kind) => kind.id)],
    },
    metadata: { eventType: kinds[0].id },
  };
  return JSON.stringify(notification);
}
