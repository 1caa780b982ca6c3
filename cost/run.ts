/**
 * npm run cost -- [--config FILE] [--synth DIR] [--json] [--<volume> VALUE ...]
 *
 * The monthly AWS cost of the organization signin-watch deploys, per stack,
 * per account and in total, from the synthesized resources (a previous
 * `npm run synth` with --synth, else a synth of the config now, in a
 * temporary directory). Prices: cost/prices.ts; CloudTrail is priced on the
 * trail the management stack creates (cost/cloudtrail.ts). A --synth of
 * another config is refused in one line (cost/synth-match.ts). Exit 0; 2 on a
 * usage or config error, or a mismatched synth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../detection/org-config';
import { buildApp } from '../stacks/app';
import { parseArgs, runCli, UsageError } from '../command/args';
import { costOf, type CostReport } from './model';
import { costJson, costText } from './render';
import { DEFAULT_VOLUMES, VOLUME_NAMES, volumeOption, type Volumes } from './volumes';
import { readSynthOutput, type TerraformJson } from '../synth/output';
import { createProgress } from '../command/progress';
import { assertSynthOfConfig } from './synth-match';

const PROJECT_ROOT = path.resolve(__dirname, '..');
export const COST_USAGE = `npm run cost -- [--config FILE] [--synth DIR] [--json] ${VOLUME_NAMES.map((name) => `[--${volumeOption(name)} N]`).join(' ')}`;

export interface CostOptions {
  configFile: string;
  /** A previous synth's output directory; without it the config is synthesized now. */
  synthDir?: string;
  json: boolean;
  volumes: Volumes;
}

/** The report of a config (synthesized now, or read from synthDir). */
export function costOfConfig(configFile: string, synthDir: string | undefined, volumes: Volumes): CostReport {
  const config = loadConfig(configFile);
  const progress = createProgress('cost', 2);
  const priced = (stacks: Map<string, TerraformJson>): CostReport => {
    const report = costOf(stacks, config, volumes);
    progress.step(`priced ${stacks.size} stacks`);
    return report;
  };
  if (synthDir) {
    const synthesized = readSynthOutput(synthDir);
    assertSynthOfConfig(config, synthesized, synthDir, configFile);
    const stacks = new Map([...synthesized].map(([name, stack]) => [name, stack.terraform]));
    progress.step(`read ${stacks.size} stacks from ${synthDir}`);
    return priced(stacks);
  }
  const outdir = mkdtempSync(path.join(tmpdir(), 'signin-watch-cost-'));
  try {
    buildApp(config, outdir).app.synth();
    const stacks = terraformByStack(outdir);
    progress.step(`synthesized ${stacks.size} stacks from ${configFile}`);
    return priced(stacks);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function terraformByStack(outdir: string): Map<string, TerraformJson> {
  return new Map([...readSynthOutput(outdir)].map(([name, stack]) => [name, stack.terraform]));
}

/** The command itself: writes the report, returns the exit code (the CLI wires its own parsing to this). */
export function runCost(options: CostOptions, out: (text: string) => void = (text) => process.stdout.write(text)): number {
  const report = costOfConfig(options.configFile, options.synthDir, options.volumes);
  out(options.json ? costJson(report) : costText(report));
  return 0;
}

/** Parses `npm run cost` arguments into CostOptions. */
export function parseCostArgs(argv: string[]): CostOptions {
  const args = parseArgs(argv, { values: ['config', 'synth', ...VOLUME_NAMES.map(volumeOption)], flags: ['json'] });
  const volumes: Volumes = { ...DEFAULT_VOLUMES };
  for (const name of VOLUME_NAMES) {
    const text = args.values[volumeOption(name)];
    if (text === undefined) continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${volumeOption(name)} must be a number >= 0, got "${text}"`);
    volumes[name] = value;
  }
  return {
    configFile: args.values.config ?? process.env.SIGNIN_WATCH_CONFIG ?? path.join(PROJECT_ROOT, 'config', 'org.yaml'),
    synthDir: args.values.synth,
    json: args.flags.has('json'),
    volumes,
  };
}

if (require.main === module) runCli('cost', (argv) => runCost(parseCostArgs(argv)), COST_USAGE);
