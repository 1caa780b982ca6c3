/**
 * Synth bench: writes a generated organization to a temp dir and runs the
 * project's own entry point (`tsx main.ts --config …`, CDKTF_OUTDIR in the
 * temp dir) as a child process, measuring wall time and memory. Then reads the
 * synthesized stacks so later phases can plan them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measure, assertSucceeded, type Measurement } from './process-tree';

export const REPO_ROOT = path.join(__dirname, '..');
const TSX_CLI = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface StackSummary {
  name: string;
  dir: string;
  file: string;
  providers: number;
  resources: number;
  dataSources: number;
}

export interface SynthRun {
  label: string;
  accounts: number;
  configFile: string;
  outdir: string;
  measurement: Measurement;
  stacks: StackSummary[];
  /** CPU milliseconds per phase, as the program reported them (SIGNIN_WATCH_SYNTH_TIMINGS). */
  timings?: Record<string, number>;
  /** 1/5/15-minute load average when the run ended. */
  loadAverage: number[];
}

interface Manifest {
  stacks: Record<string, { synthesizedStackPath: string; workingDirectory: string }>;
}

type TfJson = {
  provider?: Record<string, unknown[] | unknown>;
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
};

export function countBlocks(blocks: Record<string, Record<string, unknown>> | undefined): number {
  return Object.values(blocks ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

export function summarizeStack(name: string, file: string): StackSummary {
  const json = JSON.parse(readFileSync(file, 'utf8')) as TfJson;
  const providers = Object.values(json.provider ?? {}).reduce<number>((sum, configs) => sum + (Array.isArray(configs) ? configs.length : 1), 0);
  return { name, dir: path.dirname(file), file, providers, resources: countBlocks(json.resource), dataSources: countBlocks(json.data) };
}

export function readSynthesizedStacks(outdir: string): StackSummary[] {
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.stacks).map(([name, stack]) => summarizeStack(name, path.join(outdir, stack.synthesizedStackPath)));
}

/** The stack Terraform needs most processes (then most resources) for. */
export function largestStack(stacks: StackSummary[], filter: (stack: StackSummary) => boolean = () => true): StackSummary {
  const candidates = stacks.filter(filter);
  if (candidates.length === 0) throw new Error('no stack matches');
  return candidates.reduce((best, stack) =>
    stack.providers > best.providers || (stack.providers === best.providers && stack.resources > best.resources) ? stack : best,
  );
}

export interface SynthOptions {
  extraEnv?: NodeJS.ProcessEnv;
  /** Program taking --config (default the project's entry point). */
  program?: string;
  /**
   * Node flags such as --cpu-prof (not allowed in NODE_OPTIONS): the program
   * then runs as `node FLAGS --import tsx PROGRAM`, one process, instead of
   * through the tsx launcher.
   */
  nodeFlags?: string[];
  /** Arguments of the program (default `--config <the config file>`). */
  programArgs?: string[];
}

/** SIGNIN_WATCH_SYNTH_TIMINGS: where main.ts (and the floor app) write their CPU time per phase. */
export const TIMINGS_VARIABLE = 'SIGNIN_WATCH_SYNTH_TIMINGS';

/** Generous: 5,000 accounts on a loaded 2-core machine take tens of minutes. */
export function synthTimeoutMs(accounts: number): number {
  return Math.max(10 * 60_000, accounts * 2_000);
}

/** Synthesizes `configYaml` in `workDir` with the project's entry point, as `npm run synth` does. */
export async function runSynth(label: string, accounts: number, configYaml: string, workDir: string, options: SynthOptions = {}): Promise<SynthRun> {
  mkdirSync(workDir, { recursive: true });
  const configFile = path.join(workDir, 'org.yaml');
  const outdir = path.join(workDir, 'cdktf.out');
  writeFileSync(configFile, configYaml);
  const program = options.program ?? 'main.ts';
  const args = options.nodeFlags ? [...options.nodeFlags, '--import', 'tsx', program] : [TSX_CLI, program];
  const timingsFile = path.join(workDir, 'timings.json');
  const measurement = await measure(process.execPath, [...args, ...(options.programArgs ?? ['--config', configFile])], {
    cwd: REPO_ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir, [TIMINGS_VARIABLE]: timingsFile, SIGNIN_WATCH_QUIET: '0', ...options.extraEnv },
    timeoutMs: synthTimeoutMs(accounts),
  });
  assertSucceeded(measurement, `synth of ${label}`);
  const timings = existsSync(timingsFile) ? (JSON.parse(readFileSync(timingsFile, 'utf8')) as Record<string, number>) : undefined;
  return { label, accounts, configFile, outdir, measurement, stacks: readSynthesizedStacks(outdir), timings, loadAverage: os.loadavg() };
}
