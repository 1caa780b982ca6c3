/**
 * The incremental synth's figure (issue 20 item 5): a one-account edit
 * re-synthesized into the same output directory, against a fresh full synth
 * of the same edited config, both with the project's entry point (main.ts) as
 * `npm run synth` runs it. Printed as a ratio with the load average (this
 * machine's speed varies with what else runs on it); the two outputs must be
 * byte-identical, or the figure is refused. Run with
 * `signin-watch bench --incremental 1000`.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { generateOrgYaml, EXAMPLE_CONFIG, generatedAccountName } from './org-generator';
import { runSynth } from './synth';

/** The account whose entry the edit changes: a generated one without opt-in regions. */
export const EDITED_ACCOUNT_INDEX = 3;
export const ADDED_REGION = 'eu-south-1';

export interface IncrementalFigures {
  accounts: number;
  /** The first synth into the directory (nothing to reuse). */
  firstMs: number;
  /** The one-account edit, re-synthesized into the same directory. */
  incrementalMs: number;
  incrementalCpuMs: number;
  /** A fresh full synth of the edited config into an empty directory. */
  freshMs: number;
  freshCpuMs: number;
  /** incrementalMs / freshMs */
  ratio: number;
  cpuRatio: number;
  identical: boolean;
  /** Files that differ between the incremental and the fresh output (empty when identical). */
  differing: string[];
  loadAverage: number[];
}

function filesOf(dir: string, relative = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) for (const [file, content] of filesOf(dir, child)) files.set(file, content);
    else files.set(child, readFileSync(path.join(dir, child)));
  }
  return files;
}

/** Paths present in only one of the outputs, or with other bytes. */
export function differingFiles(a: string, b: string): string[] {
  const left = filesOf(a);
  const right = filesOf(b);
  return [...new Set([...left.keys(), ...right.keys()])].filter((file) => !left.get(file)?.equals(right.get(file) ?? Buffer.alloc(0)) || !right.has(file)).sort();
}

/** The organization of `accounts` generated accounts with one of them given an opt-in region more. */
export function editedOrgYaml(yaml: string): string {
  const doc = parse(yaml) as { accounts: Array<{ name: string; optInRegions?: string[] }> };
  const account = doc.accounts.find((entry) => entry.name === generatedAccountName(EDITED_ACCOUNT_INDEX));
  if (!account) throw new Error(`the generated organization has no ${generatedAccountName(EDITED_ACCOUNT_INDEX)}: give at least ${EDITED_ACCOUNT_INDEX + 1} accounts`);
  account.optInRegions = [...(account.optInRegions ?? []), ADDED_REGION];
  return stringify(doc, { lineWidth: 0 });
}

export async function measureIncrementalSynth(accounts: number, work: string): Promise<IncrementalFigures> {
  const yaml = generateOrgYaml(readFileSync(EXAMPLE_CONFIG, 'utf8'), accounts);
  const edited = editedOrgYaml(yaml);
  const same = path.join(work, 'incremental');
  const freshDir = path.join(work, 'fresh');
  mkdirSync(same, { recursive: true });
  const first = await runSynth(`${accounts} accounts`, accounts, yaml, same);
  const incremental = await runSynth(`${accounts} accounts, one edited`, accounts, edited, same);
  const fresh = await runSynth(`${accounts} accounts, one edited, fresh`, accounts, edited, freshDir);
  const differing = differingFiles(incremental.outdir, fresh.outdir);
  return {
    accounts,
    firstMs: first.measurement.wallMs,
    incrementalMs: incremental.measurement.wallMs,
    incrementalCpuMs: incremental.measurement.cpuMs,
    freshMs: fresh.measurement.wallMs,
    freshCpuMs: fresh.measurement.cpuMs,
    ratio: incremental.measurement.wallMs / fresh.measurement.wallMs,
    cpuRatio: incremental.measurement.cpuMs / fresh.measurement.cpuMs,
    identical: differing.length === 0,
    differing,
    loadAverage: os.loadavg(),
  };
}

/** One line for people: the figures, the target (≤ 15% of a full synth) and the load they were measured under. */
export function incrementalLine(figures: IncrementalFigures): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
  const bytes = figures.identical ? 'byte-identical to the fresh synth' : `NOT identical to the fresh synth (${figures.differing.length} files differ: ${figures.differing.slice(0, 5).join(', ')})`;
  return (
    `Incremental synth of ${figures.accounts} accounts, one account edited (+${ADDED_REGION}) and re-synthesized into the same directory: ` +
    `${s(figures.incrementalMs)} (${s(figures.incrementalCpuMs)} of CPU) vs a fresh full synth of the same config ${s(figures.freshMs)} (${s(figures.freshCpuMs)} of CPU): ` +
    `${percent(figures.ratio)} of its time, ${percent(figures.cpuRatio)} of its CPU (target ≤ 15%); ${bytes}; ` +
    `load average ${figures.loadAverage.map((load) => load.toFixed(1)).join(' ')} (${os.cpus().length} cores)`
  );
}
