/** Shared helpers of the detection tests: corpus access and "every path, every reading" labelling. */
import * as path from 'node:path';
import type { AlertKind, AlertKindId } from '../../detection/types';
import { AlertEngine } from '../../detection/alerts/engine';
import { toEnvelope, wrapRecord, isEnvelope } from '../../detection/envelope';
import { compileEventPattern, type EventPatternOptions } from '../../detection/eventbridge-pattern';
import { compileLogsFilter, type LogsFilterOptions } from '../../detection/logs-filter';
import { CORPUS_FILE, PIPELINE_TAMPERING_FILE, readCorpus, TAKEOVER_FILE, TRAIL_TAMPERING_FILE, type CorpusLine } from '../../classify/corpus';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(__dirname, 'fixtures');
export { CORPUS_FILE, TRAIL_TAMPERING_FILE };
export const SHARED_CORPUS_FILE = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'signin-events.jsonl');
export const SEED_EVENTS_FILE = path.join(FIXTURES, 'seed-events.jsonl');

export type Json = Record<string, unknown>;

export type LabelledLine = CorpusLine<AlertKindId>;

export function readLabelled(file: string): LabelledLine[] {
  return readCorpus<AlertKindId>(file);
}

/** The event of a line of the corpus or of the trail-tampering fixtures, by id. */
export function corpusEvent(id: string): Json {
  const line = [...readLabelled(CORPUS_FILE), ...readLabelled(TRAIL_TAMPERING_FILE), ...readLabelled(TAKEOVER_FILE), ...readLabelled(PIPELINE_TAMPERING_FILE)].find((entry) => entry.id === id);
  if (!line) throw new Error(`no corpus line ${id}`);
  return structuredClone(line.event);
}

/** Both readings of each evaluator assumption that AWS documentation leaves open. */
export const READINGS: { name: string; eventPattern: EventPatternOptions; logsFilter: LogsFilterOptions }[] = [
  { name: 'missing-never-matches', eventPattern: { anythingButMatchesMissing: false }, logsFilter: { notEqualsMatchesMissing: false } },
  { name: 'missing-matches-negations', eventPattern: { anythingButMatchesMissing: true }, logsFilter: { notEqualsMatchesMissing: true } },
];

/**
 * Labels of a CloudTrail record through every deployed path (bus pattern on the
 * envelope, raw filter on the record, envelope filter on the envelope) under
 * every reading. Returns "path/reading" -> sorted kind ids.
 */
export function labelsByPath(kinds: AlertKind[], event: Json): Record<string, AlertKindId[]> {
  const record = isEnvelope(event) ? (event.detail as Json) : event;
  const envelope = isEnvelope(event) ? toEnvelope(event) : wrapRecord(record);
  const result: Record<string, AlertKindId[]> = {};
  for (const reading of READINGS) {
    const pick = (test: (kind: AlertKind) => boolean): AlertKindId[] => kinds.filter(test).map((kind) => kind.id).sort();
    result[`eventbridge/${reading.name}`] = pick((kind) => compileEventPattern(kind.eventPattern)(envelope, reading.eventPattern));
    // A kind without a trail path (rawMetricFilter null) never matches on the raw path.
    result[`raw-filter/${reading.name}`] = pick((kind) => kind.rawMetricFilter !== null && compileLogsFilter(kind.rawMetricFilter).matches(record, reading.logsFilter));
    result[`envelope-filter/${reading.name}`] = pick((kind) => compileLogsFilter(kind.envelopeMetricFilter).matches(envelope, reading.logsFilter));
  }
  return result;
}

/** Expected map: every path and reading gives `expected`. */
export function everywhere(expected: AlertKindId[], withoutTrailPath: readonly AlertKindId[] = []): Record<string, AlertKindId[]> {
  const sorted = [...expected].sort();
  const result: Record<string, AlertKindId[]> = {};
  for (const reading of READINGS) {
    for (const route of ['eventbridge', 'raw-filter', 'envelope-filter']) {
      result[`${route}/${reading.name}`] = route === 'raw-filter' ? sorted.filter((id) => !withoutTrailPath.includes(id)) : sorted;
    }
  }
  return result;
}

/** The plain-text message lines the alert engine sends for one kind and event (no accounts in the model: an account shows as "<id> (not in config)"). */
export function messageLines(kind: AlertKind, event: unknown): string[] {
  const { id, severity, title, description, messageFields } = kind;
  const engine = new AlertEngine({ version: 1, accounts: [], kinds: [{ id, severity, title, description, messageFields }], routes: [], defaultDestinations: [], topics: {} });
  return engine.render({ kind: id, event }).text.split('\n');
}
