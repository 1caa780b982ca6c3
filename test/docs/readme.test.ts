/**
 * The README is the newcomer's entry point: what it shows must stay true.
 * (The generated blocks, config reference and sample messages, have their own
 * staleness tests in test/config/generated.test.ts and
 * test/stacks/aggregator.samples.test.ts.)
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../detection/org-config';
import { enabledRegions } from '../../config/regions';
import { SECURITY_RULES } from '../../stacks/rules';
import { readmeFigures, SCALE_BLOCK_END, SCALE_BLOCK_START } from '../../bench/report';

const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const SCALE = readFileSync(path.join(__dirname, '..', '..', 'docs', 'scale.md'), 'utf8');
const CONFIGURATION = readFileSync(path.join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
const VERIFICATION = readFileSync(path.join(__dirname, '..', '..', 'docs', 'verification.md'), 'utf8');
const CI_RUN = readFileSync(path.join(__dirname, '..', '..', '.ci', 'run'), 'utf8');

function section(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

describe('README', () => {
  it('GIVEN the two commands THEN they are npm scripts and CI runs the test command', () => {
    const commands = section('Two commands');
    expect(commands).toContain('npm ci && npm run synth');
    expect(commands).toContain('npm test');
    expect(PACKAGE.scripts.synth).toBeDefined();
    expect(PACKAGE.scripts.test).toBeDefined();
    expect(CI_RUN).toMatch(/^npm ci\b/m);
    expect(CI_RUN).toMatch(/^npm test\b/m);
  });

  it('GIVEN the minimal configuration example of docs/configuration.md WHEN parsed THEN it is a valid config with the regions it claims', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(CONFIGURATION)?.[1];
    expect(yaml).toBeDefined();
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=\.\/config\/org\.schema\.json$/m);
    const config = parseConfig(yaml as string, 'my-org.yaml');
    expect(config.accounts.map((account) => account.name)).toEqual(['management', 'security', 'workload']);
    expect(enabledRegions(config.accounts[2])).toContain('af-south-1');
  });

  it('GIVEN the rule table of docs/verification.md THEN it names every rule of the pack and no other', () => {
    const listed = [...new Set(VERIFICATION.slice(VERIFICATION.indexOf('\n## Overview')).match(/SW-[A-Z0-9]+-\d+/g))].sort();
    expect(listed).toEqual(SECURITY_RULES.map((rule) => rule.id).sort());
  });

  it('GIVEN the front door THEN it stays at most 300 lines, with the event flow, the two commands and the tour', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(300);
    expect(README).toContain('```mermaid');
    for (const heading of ['Event flow', 'Two commands', 'A five-minute tour']) expect(section(heading).length).toBeGreaterThan(0);
    expect(section('A five-minute tour')).toMatch(/npm run synth[\s\S]*npm run --silent classify[\s\S]*npm run --silent coverage/);
  });

  it('GIVEN every npm command the README tells people to run THEN package.json defines it', () => {
    const runs = [...README.matchAll(/npm run (?:--silent )?([a-z-]+)/g)].map((match) => match[1]);
    expect(runs.length).toBeGreaterThan(5);
    for (const script of new Set(runs)) expect([script, PACKAGE.scripts[script] !== undefined]).toEqual([script, true]);
  });

  it('GIVEN the benchmark figures THEN they are the ones npm run bench wrote into docs/scale.md', () => {
    const block = (text: string): string => text.slice(text.indexOf(SCALE_BLOCK_START), text.indexOf(SCALE_BLOCK_END));
    expect(block(SCALE)).toContain('Synth of 500 accounts');
    expect(block(README)).toBe(readmeFigures(block(SCALE)));
  });
});
