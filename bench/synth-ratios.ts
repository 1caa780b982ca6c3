/**
 * The synth-at-scale figures of issue 13, from one bench run: synth CPU time
 * against cdktf's own floor (bench/floor-app.ts), the rule pack's
 * share of synth time, and the longest silence between progress lines.
 * Ratios, not times: this machine's speed varies about 2× from day to day.
 * Pure functions over what the synth processes reported.
 */

/** CPU milliseconds per phase, as main.ts writes them (SIGNIN_WATCH_SYNTH_TIMINGS). */
export type PhaseTimings = Record<string, number>;

export const totalMs = (timings: PhaseTimings): number => Object.values(timings).reduce((sum, ms) => sum + ms, 0);

export interface FloorComparison {
  resources: number;
  /** signin-watch's synth: every phase (build, resolve, rules, write, release). */
  synthMs: number;
  /** cdktf's floor app: building it and app.synth(). */
  floorMs: number;
  /** (synth CPU per resource) / (floor CPU per resource); same resources, so synthMs / floorMs. */
  ratio: number;
  rulesMs: number;
  /** Rule pack CPU time / synth CPU time. */
  rulesShare: number;
}

export function compareWithFloor(synth: PhaseTimings, floor: PhaseTimings, resources: number): FloorComparison {
  const synthMs = totalMs(synth);
  const floorMs = totalMs(floor);
  const rulesMs = synth.rules ?? 0;
  return { resources, synthMs, floorMs, ratio: floorMs > 0 ? synthMs / floorMs : Number.NaN, rulesMs, rulesShare: synthMs > 0 ? rulesMs / synthMs : Number.NaN };
}

/** Seconds since start printed at the end of each progress line: `[synth] … (12.3 s)`. */
const PROGRESS_LINE = /^\[synth\] .* \((\d+(?:\.\d+)?) s\)$/;

/**
 * The longest time without a progress line: between the process start and the
 * first line, between two lines, and between the last line and `wallMs`.
 */
export function longestProgressGapMs(stderr: string, wallMs: number): number | undefined {
  const stamps = stderr
    .split('\n')
    .map((line) => PROGRESS_LINE.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]) * 1000);
  if (stamps.length === 0) return undefined;
  const points = [0, ...stamps, Math.max(wallMs, stamps[stamps.length - 1])];
  let longest = 0;
  for (let index = 1; index < points.length; index += 1) longest = Math.max(longest, points[index] - points[index - 1]);
  return longest;
}
