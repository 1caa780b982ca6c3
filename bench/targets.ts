/**
 * The targets of issue 7 and how a measurement is judged against them.
 * Pure functions: the bench measures, this module only compares.
 */

export const MB = 1024 * 1024;
export const GB = 1024 * MB;

export const TARGETS = {
  exampleSynthSeconds: 5,
  largeOrgAccounts: 500,
  largeOrgSynthSeconds: 30,
  largeOrgSynthBytes: 2 * GB,
  memberPlanSeconds: 15,
  /** Issue 13: synth at scale, peak RSS of the synth process. */
  scaleSynthBytes: { 2000: 2 * GB, 5000: 4 * GB } as Record<number, number>,
  /** Issue 13: synth CPU time per resource at most this many times cdktf's floor (bench/floor-app.ts). */
  floorRatio: 1.5,
  /** Issue 13: the rule pack's share of synth CPU time. */
  rulesShare: 0.25,
  /** Issue 13: a progress line at least this often. */
  progressGapSeconds: 10,
  /** "Does not grow": the 500-account figure may exceed the 10-account one by measurement noise only. */
  planMemoryNoiseRatio: 1.15,
} as const;

export type Verdict = 'yes' | 'NO' | 'n/a';

export interface TargetRow {
  what: string;
  target: string;
  measured: string;
  met: Verdict;
  /** Why a target is missed or not measurable, shown under the table. */
  note?: string;
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
export const megabytes = (bytes: number): string => (bytes >= 10 * GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`);

export function atMost(what: string, limit: number, measured: number | undefined, format: (value: number) => string, targetText: string): TargetRow {
  if (measured === undefined) return { what, target: targetText, measured: 'not measured', met: 'n/a' };
  return { what, target: targetText, measured: format(measured), met: measured <= limit ? 'yes' : 'NO' };
}

/** Memory to plan a stack of the small org against the same stack of the large org. */
export function doesNotGrow(what: string, small: number | undefined, large: number | undefined, ratio: number = TARGETS.planMemoryNoiseRatio): TargetRow {
  const target = `500 ≤ 10 × ${ratio}`;
  if (small === undefined || large === undefined || small === 0) return { what, target, measured: 'not measured', met: 'n/a' };
  return {
    what,
    target,
    measured: `${megabytes(small)} → ${megabytes(large)} (×${(large / small).toFixed(2)})`,
    met: large <= small * ratio ? 'yes' : 'NO',
  };
}
