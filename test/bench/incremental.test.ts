/**
 * The bench's incremental synth figure (bench/incremental.ts): three real
 * synths with main.ts at 4 accounts. Checks what is measured and printed, and
 * that the outputs are compared byte for byte; never a time.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ADDED_REGION, differingFiles, editedOrgYaml, incrementalLine, measureIncrementalSynth } from '../../bench/incremental';
import { EXAMPLE_CONFIG, generateOrgYaml, generatedAccountName } from '../../bench/org-generator';

describe('bench: incremental synth', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'signin-watch-bench-incremental-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('GIVEN a generated organization THEN the edit adds one opt-in region to one account and changes nothing else', () => {
    const yaml = generateOrgYaml(readFileSync(EXAMPLE_CONFIG, 'utf8'), 5);
    const before = parse(yaml);
    const after = parse(editedOrgYaml(yaml));
    const changed = after.accounts.filter((account: unknown, index: number) => JSON.stringify(account) !== JSON.stringify(before.accounts[index]));
    expect(changed).toEqual([expect.objectContaining({ name: generatedAccountName(3), optInRegions: [ADDED_REGION] })]);
    expect({ ...after, accounts: [] }).toEqual({ ...before, accounts: [] });
  });

  it('GIVEN two directories THEN differingFiles names the file whose bytes differ and the one only one side has', () => {
    const a = path.join(work, 'a');
    const b = path.join(work, 'b');
    for (const dir of [a, b]) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'same'), 'x');
    }
    writeFileSync(path.join(a, 'edited'), 'one');
    writeFileSync(path.join(b, 'edited'), 'two');
    writeFileSync(path.join(b, 'extra'), '');
    expect(differingFiles(a, b)).toEqual(['edited', 'extra']);
  });

  it('GIVEN 4 accounts THEN the incremental output is byte-identical to the fresh one and the line gives both times, the ratio and the load average', async () => {
    const figures = await measureIncrementalSynth(4, path.join(work, 'run'));
    expect(figures.differing).toEqual([]);
    expect(figures.identical).toBe(true);
    expect(figures.ratio).toBeCloseTo(figures.incrementalMs / figures.freshMs);
    expect(incrementalLine(figures)).toMatch(
      /^Incremental synth of 4 accounts, one account edited \(\+eu-south-1\) and re-synthesized into the same directory: [\d.]+ s \([\d.]+ s of CPU\) vs a fresh full synth of the same config [\d.]+ s \([\d.]+ s of CPU\): [\d.]+% of its time, [\d.]+% of its CPU \(target ≤ 15%\); byte-identical to the fresh synth; load average [\d.]+ [\d.]+ [\d.]+ \(\d+ cores\)$/,
    );
  });
});
