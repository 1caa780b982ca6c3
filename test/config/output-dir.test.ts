/**
 * synth/output-dir.ts: how synth replaces cdktf.out without leaving it
 * half written or stale, and without ever deleting Terraform state.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { invalidateOutput, synthesizeInto, OutputDirError, STAGING_DIR } from '../../synth/output-dir';

const ROOT = path.join(__dirname, '..', '..');

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** What cdktf writes: a manifest and one cdk.tf.json per stack. */
function fakeSynth(dir: string, stacks: string[], marker: string): void {
  write(path.join(dir, 'manifest.json'), JSON.stringify({ marker, stacks }));
  for (const stack of stacks) write(path.join(dir, 'stacks', stack, 'cdk.tf.json'), marker);
}

describe('synthesizeInto / invalidateOutput', () => {
  let root: string;
  let outdir: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sw-outdir-'));
    outdir = path.join(root, 'cdktf.out');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('GIVEN no output yet WHEN synthesis succeeds THEN the output appears and no staging directory is left', () => {
    const { result, orphanedStacks } = synthesizeInto(outdir, (staging) => {
      fakeSynth(staging, ['a'], 'new');
      return 'done';
    });
    expect(result).toBe('done');
    expect(orphanedStacks).toEqual([]);
    expect(readFileSync(path.join(outdir, 'stacks', 'a', 'cdk.tf.json'), 'utf8')).toBe('new');
    expect(readdirSync(root)).toEqual(['cdktf.out']);
  });

  it('GIVEN no output yet WHEN synthesis throws THEN no output directory exists and the error propagates', () => {
    expect(() =>
      synthesizeInto(outdir, (staging) => {
        write(path.join(staging, 'stacks', 'a', 'cdk.tf.json'), 'half');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(readdirSync(root)).toEqual([]);
  });

  it('GIVEN no output yet WHEN synthesis writes no manifest THEN it fails and nothing is installed', () => {
    expect(() => synthesizeInto(outdir, () => undefined)).toThrow('synthesis wrote no manifest.json');
    expect(readdirSync(root)).toEqual([]);
  });

  describe('GIVEN an earlier output with Terraform state and a provider cache', () => {
    beforeEach(() => {
      fakeSynth(outdir, ['a', 'gone'], 'old');
      write(path.join(outdir, 'stacks', 'a', 'terraform.a.tfstate'), 'state-a');
      write(path.join(outdir, 'stacks', 'a', '.terraform', 'providers', 'x'), 'cache');
      write(path.join(outdir, 'stacks', 'gone', 'terraform.gone.tfstate'), 'state-gone');
    });

    it('WHEN synthesis succeeds THEN generated files are replaced, state and cache kept, and the dropped stack reported', () => {
      const { orphanedStacks } = synthesizeInto(outdir, (staging) => fakeSynth(staging, ['a', 'b'], 'new'));
      expect(JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).marker).toBe('new');
      expect(readFileSync(path.join(outdir, 'stacks', 'a', 'cdk.tf.json'), 'utf8')).toBe('new');
      expect(readFileSync(path.join(outdir, 'stacks', 'b', 'cdk.tf.json'), 'utf8')).toBe('new');
      expect(readFileSync(path.join(outdir, 'stacks', 'a', 'terraform.a.tfstate'), 'utf8')).toBe('state-a');
      expect(readFileSync(path.join(outdir, 'stacks', 'a', '.terraform', 'providers', 'x'), 'utf8')).toBe('cache');
      expect(orphanedStacks).toEqual(['gone']);
      expect(readdirSync(path.join(outdir, 'stacks', 'gone'))).toEqual(['terraform.gone.tfstate']);
      expect(readdirSync(root)).toEqual(['cdktf.out']);
    });

    it('WHEN stacks without any Terraform state drop out THEN their directories are removed, not reported', () => {
      write(path.join(outdir, 'stacks', 'tried', 'cdk.tf.json'), 'old');
      write(path.join(outdir, 'stacks', 'tried', '.terraform', 'providers', 'x'), 'cache');
      write(path.join(outdir, 'stacks', 'remote', '.terraform', 'terraform.tfstate'), '{"backend":{"type":"s3"}}');
      const { orphanedStacks, removedStacks } = synthesizeInto(outdir, (staging) => fakeSynth(staging, ['a'], 'new'));
      expect(orphanedStacks).toEqual(['gone', 'remote']);
      expect(removedStacks).toEqual(['tried']);
      expect(existsSync(path.join(outdir, 'stacks', 'tried'))).toBe(false);
    });

    it('WHEN synthesis throws THEN the earlier output is untouched by synthesizeInto', () => {
      expect(() => synthesizeInto(outdir, () => { throw new Error('boom'); })).toThrow('boom');
      expect(readFileSync(path.join(outdir, 'stacks', 'a', 'cdk.tf.json'), 'utf8')).toBe('old');
      expect(readdirSync(root)).toEqual(['cdktf.out']);
    });

    it('WHEN invalidated THEN the manifest and generated configuration are gone and the state stays', () => {
      expect(invalidateOutput(outdir)).toBe(true);
      expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
      expect(readdirSync(path.join(outdir, 'stacks', 'a')).sort()).toEqual(['.terraform', 'terraform.a.tfstate']);
      expect(readdirSync(path.join(outdir, 'stacks', 'gone'))).toEqual(['terraform.gone.tfstate']);
      expect(invalidateOutput(outdir)).toBe(false);
    });

    it('WHEN invalidated and then synthesized again THEN the new output is installed', () => {
      invalidateOutput(outdir);
      synthesizeInto(outdir, (staging) => fakeSynth(staging, ['a'], 'new'));
      expect(readFileSync(path.join(outdir, 'stacks', 'a', 'cdk.tf.json'), 'utf8')).toBe('new');
      expect(readFileSync(path.join(outdir, 'stacks', 'a', 'terraform.a.tfstate'), 'utf8')).toBe('state-a');
    });
  });

  it('GIVEN a staging directory left by a killed run THEN the next run removes it; staging never lands in the parent itself', () => {
    const stale = path.join(root, STAGING_DIR, 'cdktf.out-999999999-abc');
    write(path.join(stale, 'stacks', 'a', 'cdk.tf.json'), 'half');
    let seen = '';
    synthesizeInto(outdir, (staging) => {
      seen = staging;
      fakeSynth(staging, ['a'], 'new');
    });
    expect(path.dirname(seen)).toBe(path.join(root, STAGING_DIR));
    expect(readdirSync(root)).toEqual(['cdktf.out']);
    expect(readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain(`${STAGING_DIR}/`);
  });

  it('GIVEN an outdir holding other files THEN it is neither written nor invalidated', () => {
    write(path.join(outdir, 'notes.txt'), 'mine');
    write(path.join(outdir, 'manifest.json'), '{}');
    expect(() => synthesizeInto(outdir, (staging) => fakeSynth(staging, ['a'], 'new'))).toThrow(OutputDirError);
    expect(invalidateOutput(outdir)).toBe(false);
    expect(readdirSync(outdir).sort()).toEqual(['manifest.json', 'notes.txt']);
    expect(readdirSync(root)).toEqual(['cdktf.out']);
  });
});

describe('GIVEN --output names a directory of other files', () => {
  it('THEN the refusal names the option the reader used (--output), not only the environment variable', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sw-foreign-out-'));
    try {
      writeFileSync(path.join(root, 'notes.txt'), 'mine');
      expect(() => synthesizeInto(root, () => undefined)).toThrow(new OutputDirError(`${root} exists and holds files cdktf does not write: refusing to write into it; choose another --output (or CDKTF_OUTDIR)`));
      expect(readdirSync(root)).toEqual(['notes.txt']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
