/**
 * Progress lines for anything that runs longer than a few seconds (synth of a
 * large organization, verify, drift across many accounts, per-stack plans).
 *
 * One line per step, never a redrawn bar, so pipeline logs stay readable:
 *
 *   [drift] 3/120 regions of workload-prod (444444444444) (4.2 s)
 *   [drift] done: 120 accounts, 2 drifts (31.0 s)
 *
 * Lines go to stderr so stdout stays machine-readable (JSON, Markdown).
 * SIGNIN_WATCH_QUIET=1 silences them.
 */

export interface ProgressOptions {
  /** Where lines are written. Default: process.stderr. */
  write?: (line: string) => void;
  /** Clock in milliseconds, for tests. Default: Date.now. */
  now?: () => number;
  /** Suppress every line. Default: SIGNIN_WATCH_QUIET=1. */
  quiet?: boolean;
}

export interface Progress {
  /** Marks one more of `total` steps as done, e.g. step('regions of workload-prod'). */
  step(label: string): void;
  /** A line that does not count as a step (a retry, a warning). */
  note(message: string): void;
  /** Final line with a summary of the result. */
  done(summary: string): void;
  /** Steps done so far. */
  readonly count: number;
}

export function createProgress(task: string, total: number, options: ProgressOptions = {}): Progress {
  const quiet = options.quiet ?? process.env.SIGNIN_WATCH_QUIET === '1';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const started = now();
  let count = 0;

  const elapsed = () => `${((now() - started) / 1000).toFixed(1)} s`;
  const emit = (text: string) => {
    if (!quiet) write(`[${task}] ${text} (${elapsed()})`);
  };

  return {
    step(label: string) {
      count += 1;
      emit(`${count}/${total} ${label}`);
    },
    note(message: string) {
      emit(message);
    },
    done(summary: string) {
      emit(`done: ${summary}`);
    },
    get count() {
      return count;
    },
  };
}
