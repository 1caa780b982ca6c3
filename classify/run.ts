/**
 * signin-watch classify [--config FILE] [--render] [--summary] FILE... ("-" = stdin)
 *
 * Replays CloudTrail records or EventBridge envelopes through the detection
 * catalogue and prints, per event and in input order, one JSON line:
 *   {"eventID":…,"eventName":…,"alerts":[…],"metricAlerts":[…],"cis":[…]}
 * plus "suppressed": [{"kind","arn","reason"}] when an alerts.ignorePrincipals
 * entry of the config kept an alert from firing.
 * --render (needs --config) adds, per event, the one message the deployed
 * alert engine would send for it, naming every kind it matched (most severe
 * first), rendered and routed by that same engine (detection/alerts/engine.ts)
 * with the config's accounts and routes:
 *   "messages":[{"kinds","severity","subject","text","destinations":["email:…","https:…","slack:…"],"digest":[…],"context":[…]}]
 * Storm control and first-seen context (detection/alerts/state.ts) replay in
 * file order at each event's own time: an event whose message storm control
 * holds back has `"messages": []` and `"heldBack": {"kinds", "windowCount"}`; a
 * GuardDuty finding the engine drops (detection/alerts/guardduty-origin.ts) has
 * `"messages": []` and `"dropped": "<reason>"` (and one stderr line).
 * --format text (with --render) prints each message as the email would read.
 * Accepts a JSON object, a JSON array, JSON lines, CloudTrail log files
 * ({"Records": […]}), corpus lines ({"event": …}), and gzip of any of these.
 * Files without events (empty files, CloudTrail digest files, empty Records)
 * are skipped with one stderr line each saying why.
 * Exit 0 on success, 2 on malformed input, a bad config or bad usage.
 * Arguments are parsed in cli/commands/classify.ts.
 */
import { SUPPRESSIBLE_ALERT_KIND } from '../config/alert-kinds';
import { ConfigError, loadConfig } from '../detection/org-config';
import type { OrgConfig } from '../config/schema';
import { alertCatalogue, alertKindsFor, CIS_FILTERS } from '../detection/catalogue';
import { createClassifier, type Classification } from '../detection/classify';
import type { AlertKind } from '../detection/types';
import { toEnvelope } from '../detection/envelope';
import { engineFor } from '../detection/alerts/model';
import type { AlertEngine } from '../detection/alerts/engine';
import { MemoryStateStore, renderWithState, stateSettings, type AlertStateStore } from '../detection/alerts/state';
import { PROCESS_IO, UsageError, type CommandIo } from '../command/io';
import { readEventFiles } from '../command/event-files';

export interface ClassifyOptions {
  files: string[];
  summary?: boolean;
  config?: string;
  /** Add the messages the deployed alert engine would send (needs config). */
  render?: boolean;
  /** json (default): one JSON line per event; text (with --render): each message as the email would read. */
  format?: 'json' | 'text';
}

export interface RenderedLine {
  kinds: string[];
  severity: string;
  subject: string;
  text: string;
  destinations: string[];
  digest: string[];
  context: string[];
}

/**
 * The one message the deployed engine sends for the event, naming every kind
 * it matched (EventBridge hands it the envelope), with the engine's state
 * applied (storm control, first-seen) from `store`, at the event's own time;
 * none when no kind matched, or when storm control held it back (`heldBack`).
 */
export async function renderedMessages(
  engine: AlertEngine,
  result: Classification,
  event: Record<string, unknown>,
  store: AlertStateStore = new MemoryStateStore(),
): Promise<{ messages: RenderedLine[]; heldBack?: { kinds: string[]; windowCount?: number }; dropped?: string }> {
  if (result.alerts.length === 0) return { messages: [] };
  const envelope = toEnvelope(event);
  // The deployed handler's first check, the same function: a GuardDuty finding the engine cannot attribute.
  const dropped = engine.dropReason(envelope);
  if (dropped) return { messages: [], dropped };
  const { message, decision } = await renderWithState(engine, store, envelope, result.alerts, Date.now());
  if (!message) return { messages: [], heldBack: { kinds: engine.orderKinds(result.alerts), ...(decision.count !== undefined ? { windowCount: decision.count } : {}) } };
  const { kinds, severity, subject, text, destinations, digest, context } = message;
  return { messages: [{ kinds, severity, subject, text, destinations, digest, context }] };
}

/** A message as the email would read: recipients, subject, body. */
export function messageAsText(message: RenderedLine): string {
  const to = message.destinations.length > 0 ? message.destinations.join(', ') : '(none now)';
  const digest = message.digest.length > 0 ? `\nDigest: ${message.digest.join(', ')}` : '';
  return `To: ${to}${digest}\nSubject: ${message.subject}\n\n${message.text}\n`;
}

interface Suppression {
  kind: string;
  arn: string;
  reason: string;
}

function summarize(kinds: AlertKind[], results: Classification[]): string {
  const count = (pick: (result: Classification) => string[], id: string): number => results.filter((result) => pick(result).includes(id)).length;
  const width = Math.max(...kinds.map((kind) => kind.id.length), ...CIS_FILTERS.map((filter) => filter.id.length));
  const lines = [`${results.length} event${results.length === 1 ? '' : 's'}`, `${'alert'.padEnd(width)}  alerts  metricAlerts`];
  for (const kind of kinds) {
    lines.push(`${kind.id.padEnd(width)}  ${String(count((result) => result.alerts, kind.id)).padStart(6)}  ${String(count((result) => result.metricAlerts, kind.id)).padStart(12)}`);
  }
  for (const filter of CIS_FILTERS) lines.push(`${filter.id.padEnd(width)}  ${String(count((result) => result.cis, filter.id)).padStart(6)}`);
  return lines.join('\n');
}

/**
 * Which ignorePrincipals entry suppressed an event: the suppressible kind
 * without suppression matches, and the kind suppressed by that entry alone does not.
 */
function suppressionFinder(config: OrgConfig | undefined): (event: Record<string, unknown>, result: Classification) => Suppression[] {
  const entries = config?.alerts.ignorePrincipals ?? [];
  if (!config || entries.length === 0 || config.alerts.enabled[SUPPRESSIBLE_ALERT_KIND] === false) return () => [];
  const only = (ignorePrincipals: OrgConfig['alerts']['ignorePrincipals']) =>
    createClassifier(alertCatalogue({ enabled: { ...Object.fromEntries(Object.keys(config.alerts.enabled).map((id) => [id, false])), [SUPPRESSIBLE_ALERT_KIND]: true }, ignorePrincipals }));
  const unsuppressed = only([]);
  const perEntry = entries.map((entry) => ({ entry, classify: only([entry]) }));
  return (event, result) => {
    if (result.alerts.includes(SUPPRESSIBLE_ALERT_KIND)) return [];
    if (!unsuppressed(event).alerts.includes(SUPPRESSIBLE_ALERT_KIND)) return [];
    return perEntry
      .filter(({ classify }) => !classify(event).alerts.includes(SUPPRESSIBLE_ALERT_KIND))
      .map(({ entry }) => ({ kind: SUPPRESSIBLE_ALERT_KIND, arn: entry.arn, reason: entry.reason }));
  };
}

export async function runClassify(options: ClassifyOptions, io: CommandIo = PROCESS_IO): Promise<number> {
  if (options.render && !options.config) throw new UsageError('--render needs --config PATH (the accounts and routes the messages name)');
  if (options.format === 'text' && !options.render) throw new UsageError('--format text prints the rendered messages: add --render');
  let config: OrgConfig | undefined;
  let kinds: AlertKind[];
  try {
    config = options.config ? loadConfig(options.config) : undefined;
    kinds = config ? alertKindsFor(config) : alertCatalogue();
  } catch (error) {
    io.err(`classify: ${error instanceof ConfigError ? error.message : `${options.config}: ${(error as Error).message}`}\n`);
    return 2;
  }
  const events = readEventFiles(options.files, 'classify', io);
  if (!events) return 2;
  const classify = createClassifier(kinds);
  const suppressedBy = suppressionFinder(config);
  const engine = options.render && config ? engineFor(config) : undefined;
  // Storm control and first-seen context replay in file order, at each event's own time.
  const store = new MemoryStateStore();
  const results: Array<Classification & { messages?: RenderedLine[] }> = [];
  for (const event of events) {
    const result = classify(event);
    const suppressed = suppressedBy(event, result);
    const withSuppressed = suppressed.length > 0 ? { ...result, suppressed } : result;
    if (!engine) {
      results.push(withSuppressed);
      continue;
    }
    const { messages, heldBack, dropped } = await renderedMessages(engine, result, event, store);
    results.push({ ...withSuppressed, messages, ...(heldBack ? { heldBack } : {}), ...(dropped ? { dropped } : {}) });
    if (dropped) io.err(`classify: dropped: ${dropped}\n`);
  }
  if (options.format === 'text') {
    const texts = results.flatMap((result) => (result.messages ?? []).map(messageAsText));
    if (texts.length > 0) io.out(texts.join('\n'));
  } else if (results.length > 0) io.out(`${results.map((result) => JSON.stringify(result)).join('\n')}\n`);
  const pending = engine ? store.pendingSummaries(stateSettings(engine.model).firstMessages) : [];
  if (pending.length > 0) {
    const held = pending.reduce((sum, window) => sum + window.count - stateSettings(engine!.model).firstMessages, 0);
    io.err(`classify: storm control held back ${held} message${held === 1 ? '' : 's'} in ${pending.length} window${pending.length === 1 ? '' : 's'} still open at the end of the input: their summary rides on the next message of the same key (and the digest counts them)\n`);
  }
  if (options.summary) io.err(`${summarize(kinds, results)}\n`);
  return 0;
}
