/**
 * The alert engine: turns one matched event into one plain-text message that
 * names the account, and decides who receives it. This module is what the
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
import type { MessageField, Severity } from '../types';

/** An account of the config, as the engine knows it. */
export interface EngineAccount {
  id: string;
  name: string;
  tags: Record<string, string>;
}

/** What a kind's message shows (from detection/catalogue.ts, or the silent-forwarder message). */
export interface EngineKind {
  id: string;
  severity: Severity;
  title: string;
  description: string;
  messageFields: MessageField[];
}

/** A route of notifications.routes, with accounts resolved to ids and destinations spelled out. */
export interface EngineRoute {
  name: string;
  severities?: Severity[];
  kinds?: string[];
  /** Account ids. */
  accounts?: string[];
  accountTags?: Record<string, string>;
  /** `email:ADDR`, `https:URL`, `slack:CHANNEL`. */
  destinations: string[];
}

export interface EngineModel {
  version: 1;
  accounts: EngineAccount[];
  kinds: EngineKind[];
  routes: EngineRoute[];
  /** Where an event that matches no route goes (notifications.emails / notifications.slack). */
  defaultDestinations: string[];
  /** Destination -> SNS topic ARN that delivers to it (empty offline). */
  topics: Record<string, string>;
}

/** What the Lambda receives from each alert rule's input transformer. */
export interface AlertInput {
  /** The alert kind whose rule matched (or `forwarder-silent`, from the health checker). */
  kind: string;
  /** The EventBridge event, whole (`<aws.events.event.json>`). */
  event: unknown;
}

export interface RenderedMessage {
  kind: string;
  severity: Severity;
  subject: string;
  /** Plain text: email and HTTPS subscribers. */
  text: string;
  /** The same content as an AWS Chatbot custom notification (JSON text): Slack. */
  chat: string;
  destinations: string[];
}

export const MAX_SUBJECT_LENGTH = 99;
export const DESTINATION_TYPES = ['email', 'https', 'slack'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

export function destinationType(destination: string): DestinationType {
  const type = destination.slice(0, destination.indexOf(':'));
  if (!(DESTINATION_TYPES as readonly string[]).includes(type)) throw new Error(`unknown destination "${destination}"`);
  return type as DestinationType;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  // One field per line: a value never breaks the layout.
  return raw.replace(/[\r\n\t]+/g, ' ');
};

/** Printable ASCII only, at most `max` characters (SNS email subject). */
export function asciiSubject(subject: string, max = MAX_SUBJECT_LENGTH): string {
  const ascii = subject.replace(/[^\x20-\x7E]/g, '?');
  return ascii.length <= max ? ascii : `${ascii.slice(0, max - 3)}...`;
}

/** The account as messages name it: `workload-prod (444444444444)`, or `444455556666 (not in config)`. */
export function accountLabel(accountId: string | undefined, account: EngineAccount | undefined): string {
  if (account) return `${account.name} (${account.id})`;
  return accountId ? `${accountId} (not in config)` : 'unknown account';
}

/** Who acted, shortest readable form: user name, else the ARN's last segment, else the Identity Center user id, else the type. */
function actor(detail: Json): string | undefined {
  const identity = isObject(detail.userIdentity) ? detail.userIdentity : undefined;
  if (!identity) return undefined;
  const arn = text(identity.arn);
  const onBehalfOf = isObject(identity.onBehalfOf) ? text(identity.onBehalfOf.userId) : undefined;
  return text(identity.userName) ?? (arn ? arn.split('/').pop()!.split(':').pop() : undefined) ?? onBehalfOf ?? text(identity.type);
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

/** The engine over one model: indexes built once (a Lambda container reuses them). */
export class AlertEngine {
  private readonly accounts = new Map<string, EngineAccount>();
  private readonly kinds = new Map<string, EngineKind>();

  constructor(readonly model: EngineModel) {
    if (model.version !== 1) throw new Error(`alert engine model version ${String(model.version)} is not supported`);
    for (const account of model.accounts) this.accounts.set(account.id, account);
    for (const kind of model.kinds) this.kinds.set(kind.id, kind);
  }

  /** The message of one alert and its destinations. */
  render(input: AlertInput): RenderedMessage {
    const kind = this.kinds.get(input.kind) ?? UNKNOWN_KIND(input.kind);
    const event = isObject(input.event) ? input.event : {};
    const detail = isObject(event.detail) ? event.detail : {};
    // The account a message names: the kind's own "Account" field (a GuardDuty finding names the
    // affected account in detail.accountId, the envelope the account that published it), else the
    // envelope's; a bare record replayed offline may only carry recipientAccountId.
    const accountField = kind.messageFields.find((field) => field.label === 'Account');
    const accountId = (accountField ? text(readPath(event, accountField.path)) : undefined) ?? text(event.account) ?? text(detail.recipientAccountId);
    const account = accountId ? this.accounts.get(accountId) : undefined;
    const label = accountLabel(accountId, account);
    const tags = account ? Object.entries(account.tags).map(([key, value]) => `${key}=${value}`) : [];

    const who = actor(detail);
    const ip = text(detail.sourceIPAddress);
    const subject = asciiSubject(`[${kind.severity}] ${kind.title}: ${label}${who ? ` by ${who}` : ''}${ip ? ` from ${ip}` : ''}`);

    const fields: Array<{ label: string; value: string }> = [];
    const accountLines = [{ label: 'Account', value: label }, ...(tags.length > 0 ? [{ label: 'Account tags', value: tags.join(', ') }] : [])];
    if (!accountField) fields.push(...accountLines);
    for (const field of kind.messageFields) {
      if (field === accountField) {
        fields.push(...accountLines);
        continue;
      }
      const value = text(readPath(event, field.path));
      if (value !== undefined) fields.push({ label: field.label, value });
    }
    const eventId = text(detail.eventID);
    if (eventId && !fields.some((field) => field.label === 'Event id')) fields.push({ label: 'Event id', value: eventId });
    const region = text(detail.awsRegion) ?? text(event.region);
    // Only CloudTrail records carry detail.eventID (GuardDuty findings and alarm changes do not).
    const link = eventId && region ? cloudTrailEventUrl(region, eventId) : undefined;
    if (kind.messageFields.length === 0) fields.push({ label: 'Event', value: JSON.stringify(event) });

    const lines = [subject, kind.description, '', ...fields.map((field) => `${field.label}: ${field.value}`)];
    if (link) lines.push(`CloudTrail event (sign in to ${account ? account.name : accountId ?? 'the account'}): ${link}`);
    lines.push(`Alert kind: ${kind.id} (signin-watch)`);

    return {
      kind: kind.id,
      severity: kind.severity,
      subject,
      text: lines.join('\n'),
      chat: chatNotification({ kind, subject, fields, link, eventId }),
      destinations: this.route(kind, accountId, account),
    };
  }

  /** Every destination of every route the alert matches, in route order without repeats; the defaults when none matches. */
  route(kind: Pick<EngineKind, 'id' | 'severity'>, accountId: string | undefined, account = accountId ? this.accounts.get(accountId) : undefined): string[] {
    const matched = this.model.routes.filter((route) => routeMatches(route, kind, accountId, account));
    const destinations = matched.length > 0 ? matched.flatMap((route) => route.destinations) : this.model.defaultDestinations;
    return [...new Set(destinations)];
  }

  /** The routes an alert matches (for the coverage report). */
  matchingRoutes(kind: Pick<EngineKind, 'id' | 'severity'>, accountId: string | undefined): EngineRoute[] {
    return this.model.routes.filter((route) => routeMatches(route, kind, accountId, accountId ? this.accounts.get(accountId) : undefined));
  }
}

function routeMatches(route: EngineRoute, kind: Pick<EngineKind, 'id' | 'severity'>, accountId: string | undefined, account: EngineAccount | undefined): boolean {
  if (route.severities && !route.severities.includes(kind.severity)) return false;
  if (route.kinds && !route.kinds.includes(kind.id)) return false;
  if (route.accounts && (!accountId || !route.accounts.includes(accountId))) return false;
  if (route.accountTags) {
    if (!account) return false;
    for (const [key, value] of Object.entries(route.accountTags)) if (account.tags[key] !== value) return false;
  }
  return true;
}

/** Slack mrkdwn: &, < and > are control characters (escaped); everything else shows as written. */
const slackEscape = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function chatNotification(args: { kind: EngineKind; subject: string; fields: Array<{ label: string; value: string }>; link?: string; eventId?: string }): string {
  const { kind, subject, fields, link, eventId } = args;
  const description = [slackEscape(kind.description), ...fields.map((field) => `*${slackEscape(field.label)}*: ${slackEscape(field.value)}`)];
  const notification = {
    version: '1.0',
    source: 'custom',
    ...(eventId ? { id: eventId } : {}),
    content: {
      textType: 'client-markdown',
      title: slackEscape(subject),
      description: description.join('\n'),
      ...(link ? { nextSteps: [`<${link}|Open the event in CloudTrail>`] } : {}),
      keywords: [kind.severity, kind.id],
    },
    metadata: { eventType: kind.id },
  };
  return JSON.stringify(notification);
}
