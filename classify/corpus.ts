/**
 * The labelled sign-in corpus (JSON Lines: one labelled CloudTrail record or
 * EventBridge envelope per line), as scripts and tests read it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The published corpus, vendored (the shared copy lives at ../shared/corpus). */
export const CORPUS_FILE = path.resolve(__dirname, '..', 'test', 'detection', 'fixtures', 'corpus', 'signin-events.jsonl');

/**
 * Labelled CloudTrail calls on trails (trail-tampering and its near misses),
 * in the corpus line format: the published corpus has sign-ins only.
 */
export const TRAIL_TAMPERING_FILE = path.resolve(__dirname, '..', 'test', 'detection', 'fixtures', 'trail-tampering-events.jsonl');
export const PIPELINE_TAMPERING_FILE = path.resolve(__dirname, '..', 'test', 'detection', 'fixtures', 'pipeline-tampering-events.jsonl');

/**
 * Detection pack v2 (issue 11): labelled takeover calls, GuardDuty findings and
 * their near misses, in the corpus line format.
 */
export const TAKEOVER_FILE = path.resolve(__dirname, '..', 'test', 'detection', 'fixtures', 'takeover-events.jsonl');

/** The v2 kinds' labels of the published corpus lines (that file stays identical to the shared copy). */
export const CORPUS_V2_LABELS_FILE = path.resolve(__dirname, '..', 'test', 'detection', 'fixtures', 'corpus', 'signin-events.v2-labels.json');

/** The published corpus with the v2 labels added to each line's `expected`. */
export function readCorpusWithV2Labels<Label extends string = string>(file: string = CORPUS_FILE): CorpusLine<Label>[] {
  const extra = (JSON.parse(readFileSync(CORPUS_V2_LABELS_FILE, 'utf8')) as { labels: Record<string, Label[]> }).labels;
  return readCorpus<Label>(file).map((line) => ({ ...line, expected: [...line.expected, ...(extra[line.id] ?? [])] }));
}

export interface CorpusLine<Label extends string = string> {
  id: string;
  source: string;
  /** True when `event` is an EventBridge envelope, false for a raw CloudTrail record. */
  wrapped: boolean;
  /** The alert kinds the event must raise. */
  expected: Label[];
  event: Record<string, unknown>;
}

/** Every non-blank line of a JSON Lines corpus file, parsed. */
export function readCorpus<Label extends string = string>(file: string): CorpusLine<Label>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusLine<Label>);
}
