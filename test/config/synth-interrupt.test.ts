/**
 * An interrupted `signin-watch synth`: SIGINT stops it (no handler delays the
 * signal while synthesis runs synchronously), its staging directory is inside
 * the git-ignored STAGING_DIR of the output's parent, never a
 * `.cdktf.out.synth-*` beside it, and the next run removes what it left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { STAGING_DIR } from '../../synth/output-dir';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'signin-watch.js');

describe('GIVEN a synth interrupted with SIGINT while it synthesizes', () => {
  let root: string;
  let outdir: string;
  let exit: { code: number | null; signal: NodeJS.Signals | null };
  let stagingSeen: string[];
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'sw-interrupt-'));
    outdir = path.join(root, 'cdktf.out');
    const child = spawn(process.execPath, [BIN, 'synth', '--config', 'config/org.yaml', '--output', outdir], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, SIGNIN_WATCH_QUIET: '1' },
    });
    const stagingRoot = path.join(root, STAGING_DIR);
    stagingSeen = await new Promise<string[]>((resolve) => {
      const poll = setInterval(() => {
        // The output's lock (cdktf.out.lock) comes first; the staging directory once synthesis starts.
        const entries = existsSync(stagingRoot) ? readdirSync(stagingRoot).filter((entry) => !entry.startsWith('cdktf.out.lock')) : [];
        if (entries.length > 0 || child.exitCode !== null) {
          clearInterval(poll);
          resolve(entries);
        }
      }, 5);
    });
    child.kill('SIGINT');
    exit = await new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('THEN the staging directory is inside the ignored staging path of the output parent', () => {
    expect(stagingSeen).toHaveLength(1);
    expect(stagingSeen[0]).toMatch(new RegExp(`^cdktf\\.out-\\d+-`));
    expect(readdirSync(root).filter((entry) => entry.includes('synth-'))).toEqual([]);
  });

  it('THEN the process stops on the signal, with no output installed', () => {
    expect(exit).toEqual({ code: null, signal: 'SIGINT' });
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  });

  it('THEN the killed synth leaves its lock, naming its process', () => {
    expect(readdirSync(path.join(root, STAGING_DIR))).toContain('cdktf.out.lock');
  });

  it('WHEN synth runs again THEN it takes the stale lock over, succeeds, and the staging and lock left behind are gone', () => {
    const run = spawnSync(process.execPath, [BIN, 'synth', '--config', 'config/org.yaml', '--output', outdir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SIGNIN_WATCH_QUIET: '1' } });
    expect(run.status).toBe(0);
    expect(readdirSync(root)).toEqual(['cdktf.out']);
  });
});
