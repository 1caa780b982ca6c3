/**
 * The core of `classify`: reads events from any of the shapes users have at
 * hand and tells which catalogue patterns match each one. The CLI is
 * classify/run.ts. No cdktf import.
 */
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { CIS_FILTERS } from './catalogue';
import { isEnvelope, toEnvelope, toRecord } from './envelope';
import { compileEventPattern, type EventPatternOptions } from './eventbridge-pattern';
import { compileLogsFilter, type LogsFilterOptions } from './logs-filter';
import type { AlertKind, AlertKindId, CisFilterId } from './types';

type Json = Record<string, unknown>;

export interface Classification {
  eventID: string | null;
  eventName: string | null;
  /** Kinds whose EventBridge pattern matches the envelope (raw records wrapped first). */
  alerts: AlertKindId[];
  /** Kinds whose metric filter matches: raw filter for raw records, envelope filter for envelopes. */
  metricAlerts: AlertKindId[];
  /** CIS filters matching the CloudTrail record (an envelope's detail). */
  cis: CisFilterId[];
}

export interface ClassifierOptions {
  eventPattern?: EventPatternOptions;
  logsFilter?: LogsFilterOptions;
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Compiles the kinds' patterns once; the result classifies one event. */
export function createClassifier(kinds: AlertKind[], options: ClassifierOptions = {}): (event: Json) => Classification {
  const compiled = kinds.map((kind) => ({
    id: kind.id,
    eventPattern: compileEventPattern(kind.eventPattern),
    // A kind without a trail path (GuardDuty findings) has no raw filter: a raw record never matches it.
    raw: kind.rawMetricFilter === null ? null : compileLogsFilter(kind.rawMetricFilter),
    envelope: compileLogsFilter(kind.envelopeMetricFilter),
  }));
  const cis = CIS_FILTERS.map((filter) => ({ id: filter.id, filter: compileLogsFilter(filter.pattern) }));
  return (event) => {
    const envelope = toEnvelope(event);
    const record = toRecord(event);
    const wrapped = isEnvelope(event);
    return {
      eventID: textOrNull(record.eventID),
      eventName: textOrNull(record.eventName),
      alerts: compiled.filter((kind) => kind.eventPattern(envelope, options.eventPattern)).map((kind) => kind.id).sort(),
      metricAlerts: compiled
        .filter((kind) => (wrapped ? kind.envelope : kind.raw)?.matches(event, options.logsFilter) ?? false)
        .map((kind) => kind.id)
        .sort(),
      cis: cis.filter((entry) => entry.filter.matches(record, options.logsFilter)).map((entry) => entry.id).sort(),
    };
  };
}

/** Malformed input: names the file and line. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'InputError';
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Text of a file's bytes, gunzipped when it starts with the gzip magic bytes. `truncated` when the gzip stream ended early. */
export function decodeBytes(bytes: Buffer, file: string): { text: string; truncated: boolean } {
  if (bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      return { text: gunzipSync(bytes).toString('utf8'), truncated: false };
    } catch {
      // Decode what is there, so the error can point at the line where the data stops.
      try {
        return { text: gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8'), truncated: true };
      } catch (error) {
        throw new InputError(file, 1, `gzip data is corrupt (${(error as Error).message})`);
      }
    }
  }
  return { text: bytes.toString('utf8'), truncated: false };
}

const lineOfOffset = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** Line of a JSON.parse error in `text`, from V8's "position N" / "line N" message, else the last line. */
function errorLine(text: string, error: Error): number {
  const line = /line (\d+) column/.exec(error.message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(error.message);
  if (position) return lineOfOffset(text, Number(position[1]));
  return text.replace(/\s+$/, '').split('\n').length;
}

/** Keys every CloudTrail digest file has (not a log file: it lists log files and their hashes). */
const DIGEST_KEYS = ['digestStartTime', 'digestEndTime', 'logFiles'];

/** Expands one parsed JSON value into events: arrays, {"Records": [...]}, corpus lines {"event": ...}. */
function expand(value: unknown, file: string, line: number, events: Json[], notes: string[] = []): void {
  if (Array.isArray(value)) {
    for (const item of value) expand(item, file, line, events, notes);
    return;
  }
  if (typeof value === 'string') {
    // A string-encoded event (as some exports write them).
    let decoded: unknown;
    try {
      decoded = JSON.parse(value);
    } catch {
      throw new InputError(file, line, 'expected a JSON object (an event), found a string that is not JSON');
    }
    if (!isObject(decoded) && !Array.isArray(decoded)) throw new InputError(file, line, 'expected a JSON object (an event), found a string');
    expand(decoded, file, line, events, notes);
    return;
  }
  if (!isObject(value)) throw new InputError(file, line, `expected a JSON object (an event), found ${value === null ? 'null' : typeof value}`);
  if ('Records' in value && !('eventName' in value)) {
    if (!Array.isArray(value.Records)) {
      const found = value.Records === null ? 'null' : Array.isArray(value.Records) ? 'a list' : typeof value.Records === 'object' ? 'an object' : typeof value.Records;
      throw new InputError(file, line, `"Records" must be a list of CloudTrail records (a CloudTrail log file), found ${found}`);
    }
    if (value.Records.length === 0) notes.push(`${file}:${line}: skipped: "Records" is an empty list (no events)`);
    expand(value.Records, file, line, events, notes);
    return;
  }
  if (DIGEST_KEYS.every((key) => key in value)) {
    notes.push(`${file}:${line}: skipped: a CloudTrail digest file (it lists log files and their hashes, no events); classify the log files it names`);
    return;
  }
  const isCorpusLine = 'event' in value && !('eventName' in value) && !('detail' in value);
  if (isCorpusLine) {
    expand(value.event, file, line, events, notes);
    return;
  }
  events.push(value);
}

/**
 * Events in a file's text: one JSON document (object, array, CloudTrail log
 * file) or JSON lines. Throws InputError with the file and line of the first
 * malformed part.
 */
export function parseEvents(text: string, file: string, options: { truncated?: boolean; notes?: string[] } = {}): Json[] {
  const body = text.replace(/^\uFEFF/, '');
  const events: Json[] = [];
  const notes = options.notes ?? [];
  if (body.trim() === '') {
    if (options.truncated) throw new InputError(file, 1, 'gzip data is truncated');
    notes.push(`${file}: skipped: the file is empty (no events)`);
    return events;
  }
  let whole: unknown;
  let wholeError: Error | undefined;
  try {
    whole = JSON.parse(body);
  } catch (error) {
    wholeError = error as Error;
  }
  if (!wholeError) {
    if (options.truncated) throw new InputError(file, lineOfOffset(body, body.length), 'gzip data is truncated after this line');
    expand(whole, file, 1, events, notes);
    return events;
  }
  const lines = body.split('\n');
  const firstContent = lines.findIndex((line) => line.trim() !== '');
  let firstLineIsJson = true;
  try {
    JSON.parse(lines[firstContent]);
  } catch {
    firstLineIsJson = false;
  }
  if (!firstLineIsJson) {
    const reason = options.truncated ? 'gzip data is truncated; the JSON stops here' : 'not valid JSON or JSON lines';
    throw new InputError(file, errorLine(body, wholeError), `${reason} (${wholeError.message})`);
  }
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const truncatedHere = index === lines.length - 1 || lines.slice(index + 1).every((rest) => rest.trim() === '');
      const reason = options.truncated || truncatedHere ? 'line is cut short (truncated file?)' : 'not valid JSON';
      throw new InputError(file, index + 1, `${reason} (${(error as Error).message})`);
    }
    expand(value, file, index + 1, events, notes);
  });
  if (options.truncated) throw new InputError(file, lines.length, 'gzip data is truncated after this line');
  return events;
}

/** Events of a file's bytes (plain or gzip). */
export function readEvents(bytes: Buffer, file: string, notes?: string[]): Json[] {
  const { text, truncated } = decodeBytes(bytes, file);
  return parseEvents(text, file, { truncated, notes });
}
