/**
 * Incremental synth (issue 20 item 5): member stacks whose inputs
 * (synth/stack-inputs.ts) and code are unchanged are copied from the earlier
 * output. Whatever is reused, the directory must be byte for byte what a fresh
 * full synth writes; and the reuse must actually happen (counts checked), or
 * the feature is gone.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OrgConfig } from '../../config/schema';
import { parseConfig } from '../../detection/org-config';
import { generateOrgYaml, EXAMPLE_CONFIG } from '../../bench/org-generator';
import { synthesizeOrganization, type SynthAppOptions } from '../../synth/app';
import { CACHE_FILE } from '../../synth/stack-cache';
import { runSynth } from '../../synth/run';
import { filesOf } from '../support/files';

const ACCOUNTS = 8;
const EDITED = 'account-0005';
const quiet = { report: () => undefined };


function org(edit: (yaml: Record<string, any>) => void = () => undefined): OrgConfig {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse, stringify } = require('yaml') as typeof import('yaml');
  const doc = parse(generateOrgYaml(readFileSync(EXAMPLE_CONFIG, 'utf8'), ACCOUNTS));
  edit(doc);
  return parseConfig(stringify(doc), 'generated.yaml');
}

const addRegion = (doc: Record<string, any>) => {
  const account = doc.accounts.find((entry: { name: string }) => entry.name === EDITED);
  account.optInRegions = [...(account.optInRegions ?? []), 'eu-south-1'];
};

describe('incremental synth', () => {
  let root: string;
  let count = 0;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'signin-watch-incremental-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const synth = (config: OrgConfig, cache: SynthAppOptions['cache'] = {}) => {
    const outdir = path.join(root, `out-${(count += 1)}`);
    const result = synthesizeOrganization(config, outdir, { ...quiet, cache });
    expect(result.unacknowledged).toEqual([]);
    return { outdir, result, files: filesOf(outdir) };
  };

  let base: ReturnType<typeof synth>;
  beforeAll(() => {
    base = synth(org());
  });

  const expectSameAsFresh = (config: OrgConfig, incremental: ReturnType<typeof synth>, code?: string) => {
    const fresh = synth(config, { code });
    expect(Object.keys(incremental.files).sort()).toEqual(Object.keys(fresh.files).sort());
    for (const file of Object.keys(fresh.files)) expect([file, incremental.files[file]]).toEqual([file, fresh.files[file]]);
    expect(incremental.result.findings).toEqual(fresh.result.findings);
    expect(incremental.result.warnings).toEqual(fresh.result.warnings);
    expect(incremental.result.unusedAcknowledgements).toEqual(fresh.result.unusedAcknowledgements);
  };

  it('GIVEN a fresh synth THEN it writes the cache file next to the manifest, and reuses nothing', () => {
    expect(base.files[CACHE_FILE]).toBeDefined();
    expect(base.result.reuse).toEqual({ reused: 0, synthesized: ACCOUNTS });
  });

  it('GIVEN one account edited (an opt-in region added) THEN only its member stack is synthesized, and the output is byte-identical to a fresh synth', () => {
    const edited = org(addRegion);
    const incremental = synth(edited, { from: base.outdir });
    expect(incremental.result.reuse).toEqual({ reused: ACCOUNTS - 1, synthesized: 1 });
    expect(incremental.files[`stacks/member-${EDITED}/cdk.tf.json`]).not.toEqual(base.files[`stacks/member-${EDITED}/cdk.tf.json`]);
    expectSameAsFresh(edited, incremental);
  });

  it('GIVEN an organization-wide edit members read (the name prefix) THEN every member stack is synthesized again, byte-identical to a fresh synth', () => {
    const edited = org((doc) => (doc.deployment.namePrefix = 'sw-renamed'));
    const incremental = synth(edited, { from: base.outdir });
    expect(incremental.result.reuse).toEqual({ reused: 0, synthesized: ACCOUNTS });
    expectSameAsFresh(edited, incremental);
  });

  it('GIVEN an organization-wide edit no member reads (an alert switched off, a notification address) THEN every member is reused and the aggregator still changes', () => {
    const edited = org((doc) => {
      doc.alerts.enabled['mfa-failure'] = false;
      doc.notifications.emails = ['other@example.com'];
    });
    const incremental = synth(edited, { from: base.outdir });
    expect(incremental.result.reuse).toEqual({ reused: ACCOUNTS, synthesized: 0 });
    expect(incremental.files['stacks/aggregator/cdk.tf.json']).not.toEqual(base.files['stacks/aggregator/cdk.tf.json']);
    expectSameAsFresh(edited, incremental);
  });

  it('GIVEN a code change (another code version) THEN nothing is reused, and the output is what that code writes fresh', () => {
    const incremental = synth(org(addRegion), { from: base.outdir, code: 'another-code-version' });
    expect(incremental.result.reuse).toEqual({ reused: 0, synthesized: ACCOUNTS });
    expectSameAsFresh(org(addRegion), incremental, 'another-code-version');
  });

  it('GIVEN a tampered stack file, a truncated cache file or a cache file of another format THEN the affected stacks are synthesized afresh, byte-identical', () => {
    const damaged = synth(org());
    const victim = path.join(damaged.outdir, 'stacks', 'member-account-0004', 'cdk.tf.json');
    writeFileSync(victim, readFileSync(victim, 'utf8').replace('"ENABLED"', '"DISABLED"'));
    const afterTamper = synth(org(), { from: damaged.outdir });
    expect(afterTamper.result.reuse).toEqual({ reused: ACCOUNTS - 1, synthesized: 1 });
    expectSameAsFresh(org(), afterTamper);

    const cacheFile = path.join(damaged.outdir, CACHE_FILE);
    writeFileSync(cacheFile, readFileSync(cacheFile, 'utf8').slice(0, 500));
    expect(synth(org(), { from: damaged.outdir }).result.reuse).toEqual({ reused: 0, synthesized: ACCOUNTS });
    writeFileSync(cacheFile, JSON.stringify({ format: 99, stacks: JSON.parse(base.files[CACHE_FILE]).stacks }));
    const otherFormat = synth(org(), { from: damaged.outdir });
    expect(otherFormat.result.reuse).toEqual({ reused: 0, synthesized: ACCOUNTS });
    expectSameAsFresh(org(), otherFormat);
  });

  it('GIVEN `signin-watch synth` run twice into the same directory with one account edited THEN the second run reuses the first and equals a fresh synth', () => {
    const dir = path.join(root, 'cli');
    const configFile = path.join(root, 'cli-org.yaml');
    const outdir = path.join(dir, 'cdktf.out');
    const freshDir = path.join(root, 'cli-fresh', 'cdktf.out');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse, stringify } = require('yaml') as typeof import('yaml');
    const yaml = generateOrgYaml(readFileSync(EXAMPLE_CONFIG, 'utf8'), ACCOUNTS);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      writeFileSync(configFile, yaml);
      expect(runSynth({ config: configFile, output: outdir })).toBe(0);
      const doc = parse(yaml);
      addRegion(doc);
      writeFileSync(configFile, stringify(doc));
      expect(runSynth({ config: configFile, output: outdir })).toBe(0);
      const lines = stderr.mock.calls.map(([chunk]) => String(chunk));
      expect(lines.some((line) => line.includes(`(${ACCOUNTS - 1} unchanged member stacks reused from the earlier output)`))).toBe(true);
      expect(runSynth({ config: configFile, output: freshDir })).toBe(0);
    } finally {
      log.mockRestore();
      stderr.mockRestore();
    }
    expect(filesOf(outdir)).toEqual(filesOf(freshDir));
  });
});
