/**
 * synth --output that cannot be used: one line on stderr, exit 2, no stack
 * trace, nothing written (synth/run.ts, synth/output-lock.ts); and the lock
 * that keeps two synths out of one output directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lockFile, lockOutput } from '../../synth/output-lock';
import { runSynth } from '../../synth/run';
import { STAGING_DIR } from '../../synth/output-dir';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'signin-watch.js');
const CONFIG = path.join(ROOT, 'test', 'config', 'fixtures', 'good', 'minimal.yaml');
const IS_ROOT = process.getuid?.() === 0;

function synth(output: string): ReturnType<typeof spawnSync> & { stderr: string; stdout: string } {
  return spawnSync(process.execPath, [BIN, 'synth', '--config', CONFIG, '--output', output], {
    encoding: 'utf8',
    env: { ...process.env, SIGNIN_WATCH_QUIET: '1', CDKTF_OUTDIR: '' },
  }) as ReturnType<typeof spawnSync> & { stderr: string; stdout: string };
}

/** One line, no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).toMatch(pattern);
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('synth --output errors', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sw-output-errors-'));
  });
  afterEach(() => {
    chmodSync(root, 0o755);
    rmSync(root, { recursive: true, force: true });
  });

  it('GIVEN --output naming a file WHEN synth runs THEN one line, exit 2, the file and its directory unchanged', () => {
    const file = path.join(root, 'not-a-dir');
    writeFileSync(file, 'mine\n');
    const run = synth(file);
    expect(run.status).toBe(2);
    expectOneLine(run.stderr, /^signin-watch synth: .*not-a-dir is a file, not a directory: choose another --output/);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    expect(readdirSync(root)).toEqual(['not-a-dir']);
  });

  it('GIVEN --output under a file WHEN synth runs THEN one line (a part of the path is a file), exit 2, nothing written', () => {
    const file = path.join(root, 'file');
    writeFileSync(file, 'mine\n');
    const run = synth(path.join(file, 'cdktf.out'));
    expect(run.status).toBe(2);
    expectOneLine(run.stderr, /^signin-watch synth: cannot write .*file\/cdktf\.out: a part of the path is a file, not a directory \(mkdir .*\)/);
    expect(readdirSync(root)).toEqual(['file']);
  });

  (IS_ROOT ? it.skip : it)('GIVEN a read-only parent directory (not as root: root ignores permissions) WHEN synth runs THEN one line, exit 2', () => {
    chmodSync(root, 0o555);
    const run = synth(path.join(root, 'cdktf.out'));
    expect(run.status).toBe(2);
    expectOneLine(run.stderr, /^signin-watch synth: cannot write .*cdktf\.out: permission denied/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('GIVEN the filesystem refuses (EACCES, faked: tests run as root here) WHEN synth runs THEN one line, exit 2, nothing written', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    const denied = Object.assign(new Error(`EACCES: permission denied, mkdir '${root}/${STAGING_DIR}'`), { code: 'EACCES', syscall: 'mkdir', path: path.join(root, STAGING_DIR) });
    const mkdir = jest.spyOn(fs, 'mkdirSync').mockImplementation(() => {
      throw denied;
    });
    const errors: unknown[] = [];
    const log = jest.spyOn(console, 'error').mockImplementation((message: unknown) => void errors.push(message));
    try {
      expect(runSynth({ config: CONFIG, output: path.join(root, 'cdktf.out') })).toBe(2);
    } finally {
      mkdir.mockRestore();
      log.mockRestore();
    }
    expect(errors).toEqual([
      `signin-watch synth: cannot write ${path.join(root, 'cdktf.out')}: permission denied (mkdir ${path.join(root, STAGING_DIR)}); choose another --output (or CDKTF_OUTDIR)`,
    ]);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('the output directory lock', () => {
  let root: string;
  let holder: ChildProcess | undefined;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sw-output-lock-'));
  });
  afterEach(() => {
    holder?.kill();
    holder = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('GIVEN a lock held by a live process WHEN synth runs into that directory THEN it refuses in one line, exit 2, and leaves the lock and output alone', () => {
    holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    const outdir = path.join(root, 'cdktf.out');
    const lock = lockFile(outdir);
    mkdirSync(path.dirname(lock), { recursive: true });
    writeFileSync(lock, `${holder.pid}\n`);
    const run = synth(outdir);
    expect(run.status).toBe(2);
    expectOneLine(run.stderr, new RegExp(`^signin-watch synth: ${outdir} is being written by another synth \\(process ${holder.pid}\\): wait for it to finish`));
    expect(readFileSync(lock, 'utf8')).toBe(`${holder.pid}\n`);
    expect(existsSync(outdir)).toBe(false);
    expect(readdirSync(path.dirname(lock))).toEqual(['cdktf.out.lock']);
  });

  it('GIVEN a stale lock (its process is gone) WHEN synth runs THEN it takes the lock over, synthesizes, and removes the lock', () => {
    const outdir = path.join(root, 'cdktf.out');
    const lock = lockFile(outdir);
    mkdirSync(path.dirname(lock), { recursive: true });
    writeFileSync(lock, `${deadPid()}\n`);
    const run = synth(outdir);
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
    expect(readdirSync(root)).toEqual(['cdktf.out']);
  });

  it('GIVEN a synth running (paused while holding the lock) WHEN a second synth starts into the same directory THEN the second refuses (exit 2) and the first finishes', async () => {
    const outdir = path.join(root, 'cdktf.out');
    const first = spawn(process.execPath, [BIN, 'synth', '--config', CONFIG, '--output', outdir], {
      env: { ...process.env, SIGNIN_WATCH_QUIET: '1', CDKTF_OUTDIR: '' },
      stdio: 'ignore',
    });
    holder = first;
    const done = new Promise<number | null>((resolve) => first.on('exit', resolve));
    while (!existsSync(lockFile(outdir))) await new Promise((resolve) => setTimeout(resolve, 5));
    // Paused while it holds the lock, so the second synth surely meets it however fast the first is.
    first.kill('SIGSTOP');
    const second = synth(outdir);
    first.kill('SIGCONT');
    expect(second.status).toBe(2);
    expectOneLine(second.stderr, new RegExp(`is being written by another synth \\(process ${first.pid}\\)`));
    expect(await done).toBe(0);
    expect(readdirSync(root)).toEqual(['cdktf.out']);
  });

  it('GIVEN lockOutput WHEN taken and released THEN the staging directory is gone', () => {
    const outdir = path.join(root, 'cdktf.out');
    const release = lockOutput(outdir);
    expect(readFileSync(lockFile(outdir), 'utf8')).toBe(`${process.pid}\n`);
    release();
    expect(readdirSync(root)).toEqual([]);
  });
});
