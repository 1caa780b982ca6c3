/**
 * The guard that makes every `npm test` run prove it left the reader's
 * cdktf.out, config/ and docs/ byte-identical and the temp directory empty
 * (test/support/working-tree.ts, wired as jest's globalSetup/globalTeardown).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compareSnapshots, GUARDED, leftoverTempEntries, snapshotTrees } from '../support/working-tree';

const ROOT = path.join(__dirname, '..', '..');

describe('GIVEN a working tree with a synthesized output', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sw-hermetic-'));
    mkdirSync(path.join(root, 'cdktf.out', 'stacks', 'member-a'), { recursive: true });
    writeFileSync(path.join(root, 'cdktf.out', 'manifest.json'), '{}');
    writeFileSync(path.join(root, 'cdktf.out', 'stacks', 'member-a', 'cdk.tf.json'), '{"a":1}');
    symlinkSync('/opt/somewhere', path.join(root, 'cdktf.out', 'stacks', 'member-a', 'provider'));
    mkdirSync(path.join(root, 'config'));
    writeFileSync(path.join(root, 'config', 'org.yaml'), 'organization: {}\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('WHEN nothing changes THEN the snapshots compare equal', () => {
    expect(compareSnapshots(snapshotTrees(root), snapshotTrees(root))).toEqual([]);
  });

  it('WHEN a test rewrites, removes, adds and re-links files THEN each is reported by path', () => {
    const before = snapshotTrees(root);
    writeFileSync(path.join(root, 'cdktf.out', 'stacks', 'member-a', 'cdk.tf.json'), '{"a":2}');
    rmSync(path.join(root, 'cdktf.out', 'manifest.json'));
    writeFileSync(path.join(root, 'config', 'org.yaml.bak'), '');
    rmSync(path.join(root, 'cdktf.out', 'stacks', 'member-a', 'provider'));
    symlinkSync('/opt/elsewhere', path.join(root, 'cdktf.out', 'stacks', 'member-a', 'provider'));
    expect(compareSnapshots(before, snapshotTrees(root))).toEqual([
      'added: config/org.yaml.bak',
      'changed: cdktf.out/stacks/member-a/cdk.tf.json',
      'changed: cdktf.out/stacks/member-a/provider',
      'removed: cdktf.out/manifest.json',
    ]);
  });

  it('WHEN only a mode changes THEN it is reported too', () => {
    const before = snapshotTrees(root);
    chmodSync(path.join(root, 'config', 'org.yaml'), 0o600);
    expect(compareSnapshots(before, snapshotTrees(root))).toEqual(['changed: config/org.yaml']);
  });

  it('WHEN a test leaves files in its temp directory THEN they are listed, the kept caches are not', () => {
    mkdirSync(path.join(root, 'signin-watch-alert-engine'));
    mkdirSync(path.join(root, 'tsx-1000'));
    expect(leftoverTempEntries(root)).toEqual(['cdktf.out', 'config']);
  });
});

describe('GIVEN jest.config.js', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(path.join(ROOT, 'jest.config.js')) as { globalSetup: string; globalTeardown: string };

  it('THEN every run snapshots the working tree first and compares it last', () => {
    expect(config.globalSetup).toBe('<rootDir>/test/support/global-setup.ts');
    expect(config.globalTeardown).toBe('<rootDir>/test/support/global-teardown.ts');
    expect(GUARDED).toEqual(['cdktf.out', 'config', 'docs']);
  });

  it('THEN tests run with a temp directory of their own (globalSetup points TMPDIR at it)', () => {
    expect(path.basename(tmpdir())).toMatch(/^jest-signin-watch-run-/);
  });
});
