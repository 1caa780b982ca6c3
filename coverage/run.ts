/**
 * signin-watch coverage [--format markdown|text] [--synth DIR] [--config FILE] [--strict]
 *
 * Prints which accounts and regions forward sign-ins, which alerts are on and
 * who receives them, the suppressions with their reasons, and the gaps.
 * It reads synthesized Terraform: by default it synthesizes the config now
 * (into a temporary directory); --synth reads a previous `signin-watch synth`,
 * which must have been synthesized from the same organization and accounts.
 * Exit 0; with --strict, 1 when a gap of level error exists; 2 on error.
 * Arguments are parsed in cli/commands/coverage.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../detection/org-config';
import type { OrgConfig } from '../config/schema';
import { buildApp } from '../stacks/app';
import { PROCESS_IO, UsageError, type CommandIo } from '../command/io';
import { buildCoverage, type CoverageReport } from './model';
import { renderCoverage, type CoverageFormat } from './render';
import { readSynthOutput, type SynthesizedStack } from '../synth/output';
import { createProgress } from '../command/progress';

export const COVERAGE_FORMATS: readonly CoverageFormat[] = ['text', 'markdown'];

export interface CoverageOptions {
  config: string;
  synth?: string;
  format?: CoverageFormat;
  strict?: boolean;
}

/**
 * Refuses a synth directory made from another organization or another set of
 * accounts: a report mixing two organizations would be wrong everywhere.
 * The organization ID appears in the stacks' aws:PrincipalOrgID conditions;
 * account IDs in the providers' role ARNs.
 */
export function assertSameOrganization(config: OrgConfig, stacks: Map<string, SynthesizedStack>, dir: string, configFile: string): void {
  const text = [...stacks.values()].map((stack) => JSON.stringify(stack.terraform)).join('\n');
  const organizations = new Set([...text.matchAll(/(?<=")(o-[a-z0-9]{10,32})(?=\\?")/g)].map((match) => match[1]));
  organizations.delete(config.organization.id);
  const known = new Set(config.accounts.map((account) => account.id));
  const foreignAccounts = new Set([...text.matchAll(/arn:aws[a-z-]*:iam::(\d{12}):role\//g)].map((match) => match[1]).filter((id) => !known.has(id)));
  if (organizations.size === 0 && foreignAccounts.size === 0) return;
  const what = [
    organizations.size > 0 ? `organization ${[...organizations].join(', ')} (the config is ${config.organization.id})` : '',
    foreignAccounts.size > 0 ? `account${foreignAccounts.size === 1 ? '' : 's'} ${[...foreignAccounts].sort().slice(0, 5).join(', ')}${foreignAccounts.size > 5 ? ', …' : ''} not in the config` : '',
  ].filter(Boolean);
  throw new UsageError(`${dir} was synthesized from another config than ${configFile}: it names ${what.join(' and ')}; run \`signin-watch synth --config ${configFile}\` first, or pass the config that produced ${dir}`);
}

export function coverageOf(configFile: string, synthDir?: string): CoverageReport {
  const config = loadConfig(configFile);
  const progress = createProgress('coverage', 2);
  if (synthDir) {
    const stacks = readSynthOutput(synthDir);
    assertSameOrganization(config, stacks, synthDir, configFile);
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

export function runCoverage(options: CoverageOptions, io: CommandIo = PROCESS_IO): number {
  const report = coverageOf(options.config, options.synth);
  io.out(renderCoverage(report, options.format ?? 'text'));
  return options.strict && report.gaps.some((gap) => gap.level === 'error') ? 1 : 0;
}
