import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readStacks, synthesizeFloor } from '../../bench/floor-app';
import { countBlocks } from '../../bench/synth';
import { compareWithFloor, longestProgressGapMs } from '../../bench/synth-ratios';
import { synthesizeOrganization } from '../../synth/app';
import { exampleConfig } from '../support/synth';

describe('synth ratios (issue 13)', () => {
  it('GIVEN phase timings THEN the floor ratio is synth CPU over floor CPU and the rule share is rules over synth', () => {
    const comparison = compareWithFloor({ build: 100, resolve: 500, rules: 200, write: 150, release: 50 }, { build: 200, synth: 600 }, 4000);
    expect(comparison.synthMs).toBe(1000);
    expect(comparison.floorMs).toBe(800);
    expect(comparison.ratio).toBeCloseTo(1.25);
    expect(comparison.rulesShare).toBeCloseTo(0.2);
  });

  it('GIVEN progress lines THEN the longest gap counts from the start, between lines and to the end', () => {
    const stderr = ['[synth] 1/3 config loaded: 5 accounts (0.5 s)', 'noise', '[synth] 12/502 stacks synthesized and checked (member-x) (5.5 s)', '[synth] 3/3 written: /x (17.0 s)', ''].join('\n');
    expect(longestProgressGapMs(stderr, 18_000)).toBe(11_500);
    expect(longestProgressGapMs(stderr, 40_000)).toBe(23_000);
    expect(longestProgressGapMs('no progress at all', 5_000)).toBeUndefined();
  });
});

describe("cdktf's floor app", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'signin-watch-floor-'));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('GIVEN the synthesized example organization THEN it rebuilds the same stacks, provider configurations, resources and data sources', () => {
    const synthDir = path.join(root, 'synth');
    synthesizeOrganization(exampleConfig(), synthDir, { report: () => undefined });
    const floorDir = path.join(root, 'floor');
    const timings = synthesizeFloor(readStacks(synthDir), floorDir);
    expect(timings.build).toBeGreaterThan(0);
    expect(timings.synth).toBeGreaterThan(0);
    const original = readStacks(synthDir);
    const floor = readStacks(floorDir);
    expect(floor.map((stack) => stack.name)).toEqual(original.map((stack) => stack.name));
    for (const [index, { json }] of original.entries()) {
      const copy = floor[index].json;
      expect(countBlocks(copy.resource)).toBe(countBlocks(json.resource));
      expect(countBlocks(copy.data)).toBe(countBlocks(json.data));
      expect(Object.keys(copy.resource ?? {}).sort()).toEqual(Object.keys(json.resource ?? {}).sort());
      expect((copy.provider?.aws ?? []).length).toBe((json.provider?.aws ?? []).length);
      expect(copy.terraform?.backend).toEqual(json.terraform?.backend);
    }
    // Same attribute values (as literals), so the floor serializes about as much as the synth.
    const name = original[2].name;
    const bytes = (dir: string) => readFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), 'utf8').length;
    expect(bytes(floorDir)).toBeGreaterThan(bytes(synthDir) * 0.8);
  });
});
