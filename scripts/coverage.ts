/**
 * npm run coverage -- [--format markdown|text] [--synth DIR] [--config FILE] [--strict]
 *
 * Prints which accounts and regions forward sign-ins, which alerts are on and
 * who receives them, the suppressions with their reasons, and the gaps.
 * It reads synthesized Terraform: by default it synthesizes the config now
 * (into a temporary directory); --synth reads a previous `npm run synth`.
 * Exit 0; with --strict, 1 when a gap of level error exists; 2 on error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../config/load';
import { buildApp } from '../stacks/app';
import { parseArgs, runCli, UsageError } from './lib/args';
import { buildCoverage, type CoverageReport } from './lib/coverage-model';
import { renderCoverage, type CoverageFormat } from './lib/coverage-render';
import { readSynthOutput } from './lib/synth-output';
import { createProgress } from './progress';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const FORMATS: readonly CoverageFormat[] = ['markdown', 'text'];

export function coverageOf(configFile: string, synthDir?: string): CoverageReport {
  const config = loadConfig(configFile);
  const progress = createProgress('coverage', 2);
  if (synthDir) {
    const stacks = readSynthOutput(synthDir);
    progress.step(`read ${stacks.size} stacks from ${synthDir}`);
    const report = buildCoverage(config, stacks);
    progress.step(`checked ${report.accounts.length} accounts`);
    return report;
  }
  const outdir = mkdtempSync(path.join(tmpdir(), 'signin-watch-coverage-'));
  try {
    buildApp(config, outdir).app.synth();
    const stacks = readSynthOutput(outdir);
    progress.step(`synthesized ${stacks.size} stacks from ${configFile}`);
    const report = buildCoverage(config, stacks);
    progress.step(`checked ${report.accounts.length} accounts`);
    return report;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(argv: string[]): number {
  const args = parseArgs(argv, { values: ['format', 'synth', 'config'], flags: ['strict'] });
  const format = (args.values.format ?? 'text') as CoverageFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const config = args.values.config ?? process.env.SIGNIN_WATCH_CONFIG ?? path.join(PROJECT_ROOT, 'config', 'org.yaml');
  const report = coverageOf(config, args.values.synth);
  process.stdout.write(renderCoverage(report, format));
  return args.flags.has('strict') && report.gaps.some((gap) => gap.level === 'error') ? 1 : 0;
}

if (require.main === module) runCli('coverage', main, 'npm run coverage -- [--format markdown|text] [--synth DIR] [--config FILE] [--strict]');
