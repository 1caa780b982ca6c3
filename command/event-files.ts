/**
 * The event files `classify`, `digest` and `health` replay (CloudTrail log
 * files, JSON lines, EventBridge envelopes; "-" is stdin): every file is read
 * before any output, so a missing or malformed one stops the command with one
 * line on stderr and exit 2, having printed nothing else.
 */
import { readFileSync } from 'node:fs';
import { InputError, readEvents } from '../detection/classify';
import type { CommandIo } from './io';

type Json = Record<string, unknown>;

/** The events of `files` in order, or undefined after a `<verb>: …` line on stderr. Reading notes go to stderr too. */
export function readEventFiles(files: readonly string[], verb: string, io: Pick<CommandIo, 'err'>): Json[] | undefined {
  const events: Json[] = [];
  const notes: string[] = [];
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file;
    try {
      events.push(...readEvents(readFileSync(file === '-' ? 0 : file), name, notes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.err(`${verb}: ${error instanceof InputError ? error.message : `${name}: ${code === 'ENOENT' ? 'file not found' : (error as Error).message}`}\n`);
      return undefined;
    }
  }
  for (const note of notes) io.err(`${verb}: ${note}\n`);
  return events;
}
