/**
 * The alert engine's state (issue 19 items 3 and 4): storm control and
 * first-seen context. One interface, `AlertStateStore`, two implementations:
 * `MemoryStateStore` here (what `classify --render` replays a file through,
 * in file order, with each event's own time) and the DynamoDB store the
 * deployed engine uses (detection/alerts/dynamodb-store.ts). `applyState`
 * holds every decision and runs unchanged over either store, so a replayed
 * flood shows exactly what the deployed engine would send.
 *
 * Storm control: a message's key is (its kinds, the account, the principal),
 * and for an API call also what it acted on (its event name and request
 * parameters): decoy calls on other resources never share a window with a
 * destructive one, so three harmless PutRule calls cannot hold back the
 * DeleteRule on a forwarder that follows them (red-team finding). Sign-ins
 * and findings have no action: one principal's flood shares one window.
 * The first message of a key opens a window of `windowMinutes`; the first
 * `firstMessages` messages of the window go out, the rest are counted (with
 * their times and source addresses). The next message of that key after the
 * window closes goes out and carries the summary of the closed window
 * ("N more ... in M minutes", first and last time, top source addresses);
 * the last message sent in a window says that further ones are counted and
 * where their summary will appear. The digest (built from the central
 * sign-in log, not from this store) counts every event, held back or not.
 * A key always names one principal and one account: a flood never holds back
 * a message about another principal, account or combination of kinds (a
 * successful root sign-in in the middle of failed ones has other kinds), and
 * CRITICAL messages are never merged across principals.
 *
 * First-seen context, for console sign-ins (ConsoleLogin): whether this is
 * the principal's first console sign-in to the account in 90 days, and its
 * first sign-in from this source address in 90 days. Only successful sign-ins
 * are recorded (a failed attempt from an attacker's address must not make a
 * later success from it look familiar); failures are only compared.
 *
 * Degrade to "send": any store error leaves the message going out (without
 * the context the failed call would have added); the error is returned for
 * the log. No Node.js import: pure logic and a Map.
 */
import { accountLabel, actor, type AlertEngine, type EngineModel, type RenderedMessage } from './engine';
import { inert } from './inert';

export interface StateSettings {
  windowMinutes: number;
  firstMessages: number;
  /** Days a sighting counts as known (first-seen context); also the TTL of sightings. */
  firstSeenDays: number;
}

export const FIRST_SEEN_DAYS = 90;
/** Distinct source addresses counted per window (beyond it, further addresses are not itemized). */
export const MAX_WINDOW_ADDRESSES = 50;

/** One storm-control window of one key. Times in milliseconds since the epoch. */
export interface StormWindow {
  start: number;
  count: number;
  first: number;
  last: number;
  /** Source address -> messages (at most MAX_WINDOW_ADDRESSES entries). */
  addresses: Record<string, number>;
}

export interface StormCount {
  /** The window after counting this message (count = its place in the window). */
  current: StormWindow;
  /** The window this message closed (when it opened a new one). */
  closed?: StormWindow;
}

/** What the engine's state needs from a store: atomic per key, nothing else. */
export interface AlertStateStore {
  /** Count one message of `key` at `time`: in the open window, or in a new one when none is open (returning the closed one). */
  countInWindow(key: string, time: number, windowMs: number, address: string | undefined): Promise<StormCount>;
  /** The previous sighting of `key` (ms), recording `time` as the latest when `record`. */
  sighting(key: string, time: number, record: boolean, ttlDays: number): Promise<number | undefined>;
}

const addAddress = (addresses: Record<string, number>, address: string | undefined): Record<string, number> => {
  if (address === undefined) return addresses;
  if (address in addresses || Object.keys(addresses).length < MAX_WINDOW_ADDRESSES) addresses[address] = (addresses[address] ?? 0) + 1;
  return addresses;
};

/** The in-memory store: `classify --render`, tests. Not shared between processes. */
export class MemoryStateStore implements AlertStateStore {
  private readonly windows = new Map<string, StormWindow>();
  private readonly sightings = new Map<string, number>();

  async countInWindow(key: string, time: number, windowMs: number, address: string | undefined): Promise<StormCount> {
    const open = this.windows.get(key);
    if (open && time < open.start + windowMs) {
      open.count += 1;
      open.first = Math.min(open.first, time);
      open.last = Math.max(open.last, time);
      addAddress(open.addresses, address);
      return { current: structuredClone(open) };
    }
    const current: StormWindow = { start: time, count: 1, first: time, last: time, addresses: addAddress({}, address) };
    this.windows.set(key, current);
    return { current: structuredClone(current), ...(open ? { closed: open } : {}) };
  }

  /** Open windows that held messages back (their summary is still to come). */
  pendingSummaries(firstMessages: number): StormWindow[] {
    return [...this.windows.values()].filter((window) => window.count > firstMessages).map((window) => structuredClone(window));
  }

  async sighting(key: string, time: number, record: boolean): Promise<number | undefined> {
    const previous = this.sightings.get(key);
    if (record) this.sightings.set(key, Math.max(previous ?? time, time));
    return previous;
  }
}

/** A line of context (same shape as the engine's ContextNote). */
export interface StateNote {
  code: 'first-sign-in-to-account' | 'first-source-ip' | 'storm-summary' | 'storm-limit';
  line: string;
}

export interface StateDecision {
  /** false: held back by storm control (counted, summarized later). */
  send: boolean;
  notes: StateNote[];
  /** The message's place in its storm window. */
  count?: number;
  /** Store errors (the decision degraded to send without that context). */
  errors: string[];
}

/** What applyState needs to know of one message. */
export interface StateSubject {
  kinds: string[];
  /** Title of kinds[0], for summaries. */
  title: string;
  accountId?: string;
  /** The account as messages name it (trusted). */
  accountLabel: string;
  event: unknown;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The principal a key names: its type and ARN (else user name, else principal id). Raw; keys only. */
export function principalKey(detail: Json): string {
  const identity = isObject(detail.userIdentity) ? detail.userIdentity : {};
  const onBehalfOf = isObject(identity.onBehalfOf) ? str(identity.onBehalfOf.userId) : undefined;
  return `${str(identity.type) ?? 'unknown'}:${str(identity.arn) ?? str(identity.userName) ?? onBehalfOf ?? str(identity.principalId) ?? ''}`;
}

/** The event's time (ms): the envelope's, else the record's eventTime, else `now`. */
export function eventTime(event: unknown, now: number): number {
  const envelope = isObject(event) ? event : {};
  const detail = isObject(envelope.detail) ? envelope.detail : {};
  const parsed = Date.parse(str(envelope.time) ?? str(detail.eventTime) ?? '');
  return Number.isFinite(parsed) ? parsed : now;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
const minutes = (ms: number): number => Math.max(1, Math.ceil(ms / 60_000));
const errorText = (error: unknown): string => String((error as Error)?.message ?? error);

/** "203.0.113.5 (200), 198.51.100.7 (97)": the top three, defanged. */
function topAddresses(addresses: Record<string, number>): string {
  const top = Object.entries(addresses)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, 3);
  return top.length === 0 ? 'none recorded' : top.map(([address, count]) => `${inert(address, { max: 64 })} (${count})`).join(', ');
}

/** The summary of a closed window that held messages back; undefined when none was held back. */
export function stormSummary(window: StormWindow, settings: StateSettings, subject: Pick<StateSubject, 'title' | 'kinds' | 'accountLabel'>, who: string): StateNote | undefined {
  const held = window.count - settings.firstMessages;
  if (held <= 0) return undefined;
  return {
    code: 'storm-summary',
    line:
      `Storm control: ${held} more "${subject.title}" message${held === 1 ? '' : 's'} (${subject.kinds.join(', ')}) for ${who} in ${subject.accountLabel} ` +
      `in ${minutes(window.last - window.first)} minute${minutes(window.last - window.first) === 1 ? '' : 's'} were held back: first ${iso(window.first)}, last ${iso(window.last)}; ` +
      `top source addresses: ${topAddresses(window.addresses)}.`,
  };
}

/** Per principal, kinds and account, at most this many times firstMessages API-call messages in a window, whatever resources they name. */
export const PRINCIPAL_CEILING = 10;

/** Sign-in events: a flood of them by one principal shares one window whatever they carry. */
const SIGN_IN_EVENT_NAMES = new Set(['ConsoleLogin', 'CredentialVerification', 'CredentialChallenge', 'CheckMfa', 'GetSigninToken']);

/** JSON with object keys sorted: the same parameters give the same key whatever their order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** What an API call acted on, for the storm key: `|eventName|parameters`; empty for sign-ins and findings. Raw (the DynamoDB store hashes keys). */
export function actionKey(detail: Json): string {
  const name = str(detail.eventName);
  if (name === undefined || SIGN_IN_EVENT_NAMES.has(name)) return '';
  return `|${name}|${stableJson(detail.requestParameters)}`;
}

/** Storm control and first-seen context of one message. Never throws: a store error degrades to "send". */
export async function applyState(store: AlertStateStore, settings: StateSettings, subject: StateSubject, now: number = Date.now()): Promise<StateDecision> {
  const envelope = isObject(subject.event) ? subject.event : {};
  const detail = isObject(envelope.detail) ? envelope.detail : {};
  const time = eventTime(envelope, now);
  const principal = principalKey(detail);
  const address = str(detail.sourceIPAddress);
  const who = inert(actor(detail) ?? principal, { max: 64 });
  const errors: string[] = [];
  const notes: StateNote[] = [];

  // First-seen context (console sign-ins only), before storm control so a held-back success is still recorded.
  if (detail.eventName === 'ConsoleLogin') {
    const success = isObject(detail.responseElements) && detail.responseElements.ConsoleLogin === 'Success';
    const horizon = time - settings.firstSeenDays * 86_400_000;
    const firstSeen = async (key: string, note: StateNote) => {
      try {
        const previous = await store.sighting(key, time, success, settings.firstSeenDays);
        if (previous === undefined || previous < horizon) notes.push(note);
      } catch (error) {
        errors.push(`first-seen: ${errorText(error)}`);
      }
    };
    const verb = success ? 'sign-in' : 'sign-in attempt';
    await firstSeen(`seen-account|${subject.accountId ?? 'unknown'}|${principal}`, {
      code: 'first-sign-in-to-account',
      line: `New: this principal has not signed in to this account in the last ${settings.firstSeenDays} days (first console ${verb} to it).`,
    });
    if (address !== undefined) {
      await firstSeen(`seen-ip|${principal}|${address}`, {
        code: 'first-source-ip',
        line: `New: this principal has not signed in from this source address in the last ${settings.firstSeenDays} days.`,
      });
    }
  }

  let count: number | undefined;
  let send = true;
  try {
    const windowMs = settings.windowMinutes * 60_000;
    const principalKeyOfKinds = `storm|${[...subject.kinds].sort().join(',')}|${subject.accountId ?? 'unknown'}|${principal}`;
    const action = actionKey(detail);
    const counted = await store.countInWindow(`${principalKeyOfKinds}${action}`, time, windowMs, address);
    count = counted.current.count;
    send = count <= settings.firstMessages;
    const summary = counted.closed && stormSummary(counted.closed, settings, subject, who);
    if (summary) notes.unshift(summary);
    if (action !== '') {
      // The action key comes from request parameters the caller chooses: a ceiling per principal keeps a loop
      // over ever-new resource names from flooding the routes (PRINCIPAL_CEILING × firstMessages per window).
      const ceiling = settings.firstMessages * PRINCIPAL_CEILING;
      const all = await store.countInWindow(principalKeyOfKinds, time, windowMs, address);
      const overall = all.closed && stormSummary(all.closed, { ...settings, firstMessages: ceiling }, subject, who);
      if (overall) notes.unshift(overall);
      if (all.current.count > ceiling) send = false;
      if (all.current.count === ceiling) {
        notes.push({
          code: 'storm-limit',
          line:
            `Storm control: this is message ${ceiling} of at most ${ceiling} sent for this principal, account and kinds within ${settings.windowMinutes} minutes across all resources; ` +
            `further ones until ${iso(all.current.start + windowMs)} are counted and summarized in the next such message after that time, and in the digest.`,
        });
      }
    }
    if (count === settings.firstMessages) {
      notes.push({
        code: 'storm-limit',
        line:
          `Storm control: this is message ${count} of at most ${settings.firstMessages} sent for this principal, account and kinds within ${settings.windowMinutes} minutes; ` +
          `further ones until ${iso(counted.current.start + windowMs)} are counted and summarized in the next such message after that time, and in the digest.`,
      });
    }
  } catch (error) {
    errors.push(`storm control: ${errorText(error)}`);
  }
  return { send, notes, ...(count !== undefined ? { count } : {}), errors };
}

/** The settings of a model (defaults when the model has none). */
export function stateSettings(model: Pick<EngineModel, 'stormControl'>): StateSettings {
  return { windowMinutes: model.stormControl?.windowMinutes ?? 10, firstMessages: model.stormControl?.firstMessages ?? 3, firstSeenDays: FIRST_SEEN_DAYS };
}

export interface StatefulMessage {
  /** The message to send; absent when storm control held it back. */
  message?: RenderedMessage;
  decision: StateDecision;
}

/** The event's one message with the engine's state applied: what the deployed handler and `classify --render` both run. */
export async function renderWithState(engine: AlertEngine, store: AlertStateStore, event: unknown, kindIds: string[], now: number = Date.now()): Promise<StatefulMessage> {
  const kinds = engine.orderKinds(kindIds);
  const primary = engine.kind(kinds[0]);
  const { accountId, account } = engine.accountOf(primary.id, event);
  const decision = await applyState(store, stateSettings(engine.model), { kinds, title: primary.title, accountId, accountLabel: inert(accountLabel(accountId, account), { untrusted: false }), event }, now);
  return decision.send ? { message: engine.renderEvent(event, kinds, decision.notes), decision } : { decision };
}
