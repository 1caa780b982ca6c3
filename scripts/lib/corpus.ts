/**
 * The labelled sign-in corpus (JSON Lines: one labelled CloudTrail record or
 * EventBridge envelope per line), as scripts and tests read it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The published corpus, vendored (the shared copy lives at ../shared/corpus). */
export const CORPUS_FILE = path.resolve(__dirname, '..', '..', 'test', 'detection', 'fixtures', 'corpus', 'signin-events.jsonl');

/**
 * Labelled CloudTrail calls on trails (trail-tampering and its near misses),
 * in the corpus line format: the published corpus has sign-ins only.
 */
export const TRAIL_TAMPERING_FILE = path.resolve(__dirname, '..', '..', 'test', 'detection', 'fixtures', 'trail-tampering-events.jsonl');
export const PIPELINE_TAMPERING_FILE = path.resolve(__dirname, '..', '..', 'test', 'detection', 'fixtures', 'pipeline-tampering-events.jsonl');

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
