/**
 * main.ts as `npm run synth` runs it: a bad config exits non-zero, prints
 * every issue on stderr and leaves no usable output; a good one writes every
 * stack. Each case runs one process (tsx), in beforeAll.
 */
import { CACHE_FILE } from '../../synth/stack-cache';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NO_CLOUDWATCH_LOGS_WARNING } from '../../stacks/management';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const BAD = 'test/config/fixtures/bad/unknown-account-reference.yaml';
const BAD_LINE = `${BAD}:6:12 aggregator.account: unknown account "securty"; did you mean "security"?`;
/** A valid config the security rules refuse (SW-TRAIL-3), without an acknowledgement. */
const FINDING = 'test/config/fixtures/findings/trail-key-in-another-region.yaml';
const STACKS_IN_DEPLOY_ORDER = ['aggregator', 'management', 'member-management', 'member-log-archive', 'member-security', 'member-workload-prod', 'member-workload-dev'];

function synth(args: string[], env: Record<string, string>): SpawnSyncReturns<string> {
  const { SIGNIN_WATCH_CONFIG: _ignored, ...inherited } = process.env;
  return spawnSync(TSX, ['main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...inherited, CHECKPOINT_DISABLE: '1', ...env },
  });
}

describe('main.ts', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sw-main-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('GIVEN a bad config passed with --config and a fresh CDKTF_OUTDIR', () => {
    let run: SpawnSyncReturns<string>;
    let outdir: string;
    beforeAll(() => {
      outdir = path.join(root, 'fresh', 'cdktf.out');
      run = synth(['--config', BAD], { CDKTF_OUTDIR: outdir });
    });

    it('THEN it exits 1 and prints the issue on stderr, nothing on stdout', () => {
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([`${BAD} has 1 issue:`, BAD_LINE]);
      expect(run.stdout).toBe('');
    });

    it('THEN no output directory is created', () => {
      expect(existsSync(outdir)).toBe(false);
      expect(existsSync(path.dirname(outdir))).toBe(false);
    });
  });

  describe('GIVEN a bad config in SIGNIN_WATCH_CONFIG and an earlier output holding Terraform state', () => {
    let run: SpawnSyncReturns<string>;
    let outdir: string;
    beforeAll(() => {
      outdir = path.join(root, 'stale', 'cdktf.out');
      mkdirSync(path.join(outdir, 'stacks', 'aggregator'), { recursive: true });
      writeFileSync(path.join(outdir, 'manifest.json'), '{"stacks":{}}');
      writeFileSync(path.join(outdir, 'stacks', 'aggregator', 'cdk.tf.json'), '{}');
      writeFileSync(path.join(outdir, 'stacks', 'aggregator', 'terraform.aggregator.tfstate'), 'state');
      run = synth([], { CDKTF_OUTDIR: outdir, SIGNIN_WATCH_CONFIG: BAD });
    });

    it('THEN it reads the config named by the variable and exits 1', () => {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(BAD_LINE);
    });

    it('THEN the earlier output no longer looks valid, but its state is kept', () => {
      expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
      expect(readdirSync(path.join(outdir, 'stacks', 'aggregator'))).toEqual(['terraform.aggregator.tfstate']);
      expect(run.stderr).toContain(`removed the earlier synthesized configuration from ${outdir} (Terraform state kept)`);
    });
  });

  describe('GIVEN a config with an unacknowledged security-rule finding and an earlier output', () => {
    let run: SpawnSyncReturns<string>;
    let outdir: string;
    beforeAll(() => {
      outdir = path.join(root, 'finding', 'cdktf.out');
      mkdirSync(path.join(outdir, 'stacks', 'management'), { recursive: true });
      writeFileSync(path.join(outdir, 'manifest.json'), '{"stacks":{}}');
      writeFileSync(path.join(outdir, 'stacks', 'management', 'cdk.tf.json'), '{}');
      run = synth(['--config', FINDING], { CDKTF_OUTDIR: outdir, SIGNIN_WATCH_QUIET: '1' });
    });

    it('THEN it exits 1, prints the finding and how to acknowledge it, and no stack trace', () => {
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toEqual([
        'signin-watch: nothing was synthesized: 1 security-rule finding is not acknowledged:',
        expect.stringMatching(
          /^ {2}\[SW-TRAIL-3\] management: aws_cloudtrail\.\S+ \(management\/organization-trail\/trail\): the trail key is in us-east-1, the bucket in eu-west-1$/,
        ),
        `signin-watch: fix the config or code, or accept a finding on purpose in ${FINDING} under acknowledgements (- rule: <id>, reason: <why>, optional resource: <construct path>); see docs/verification.md`,
        `signin-watch: removed the earlier synthesized configuration from ${outdir} (Terraform state kept): it no longer matches ${FINDING}`,
      ]);
      expect(run.stderr).not.toMatch(/^ {4}at /m);
      expect(run.stderr).not.toContain('Encountered Annotations');
    });

    it('THEN no output looks valid and no staging directory is left (SIGNIN_WATCH_QUIET=1: no progress lines)', () => {
      expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
      expect(readdirSync(path.join(outdir, 'stacks', 'management'))).toEqual([]);
      expect(readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
      expect(run.stderr).not.toContain('[synth]');
    });
  });

  describe('GIVEN a config that turns trail delivery to CloudWatch Logs off', () => {
    let run: SpawnSyncReturns<string>;
    beforeAll(() => {
      const minimal = readFileSync(path.join(ROOT, 'test', 'config', 'fixtures', 'good', 'minimal.yaml'), 'utf8');
      const file = path.join(root, 'no-cloudwatch-logs.yaml');
      writeFileSync(file, minimal.replace('trail:\n', 'trail:\n  cloudWatchLogs: false\n'));
      run = synth(['--config', file], { CDKTF_OUTDIR: path.join(root, 'no-cloudwatch-logs', 'cdktf.out'), SIGNIN_WATCH_QUIET: '1' });
    });

    it('THEN it synthesizes and prints the stack warning on stderr', () => {
      expect(run.status).toBe(0);
      expect(run.stderr.trim().split('\n')).toEqual([`signin-watch: warning: management: ${NO_CLOUDWATCH_LOGS_WARNING}`]);
    });
  });

  describe('GIVEN CDKTF_OUTDIR below a regular file', () => {
    let run: SpawnSyncReturns<string>;
    beforeAll(() => {
      writeFileSync(path.join(root, 'not-a-directory'), '');
      run = synth(['--config', 'config/org.yaml'], { CDKTF_OUTDIR: path.join(root, 'not-a-directory', 'cdktf.out'), SIGNIN_WATCH_QUIET: '1' });
    });

    it('THEN it exits 2 with one line naming the output and why, no stack trace (test/config/output-errors.test.ts)', () => {
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^signin-watch synth: cannot write .*not-a-directory\/cdktf\.out: a part of the path is a file, not a directory/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/^ {4}at /m);
    });
  });

  describe('GIVEN the example config', () => {
    let run: SpawnSyncReturns<string>;
    let outdir: string;
    beforeAll(() => {
      outdir = path.join(root, 'good', 'cdktf.out');
      run = synth(['--config', 'config/org.yaml'], { CDKTF_OUTDIR: outdir, SIGNIN_WATCH_QUIET: '0' });
    });

    it('THEN stderr holds exactly one progress line per phase, and stdout ends with the summary', () => {
      const lines = run.stderr.trim().split('\n').map((line) => line.replace(/ \(\d+\.\d s\)$/, ''));
      // On a slow machine, interim lines (at least every 5 s) name how far the stacks are.
      const interim = /^\[synth\] \d\/7 stacks[: ]/;
      expect(lines.filter((line) => !interim.test(line))).toEqual([
        '[synth] 1/3 config loaded: 5 accounts',
        '[synth] 2/3 stacks synthesized, security rules checked: 7',
        `[synth] 3/3 written: ${outdir}`,
      ]);
      expect(run.stdout.trim().split('\n').pop()).toBe(`signin-watch: synthesized 7 stacks into ${outdir}: ${STACKS_IN_DEPLOY_ORDER.join(', ')}`);
    });

    it('THEN it exits 0 and writes a manifest and a configuration for every stack', () => {
      expect(run.status).toBe(0);
      const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
      const stacks = Object.keys(manifest.stacks).sort();
      expect(stacks).toEqual([...STACKS_IN_DEPLOY_ORDER].sort());
      for (const stack of stacks) expect(existsSync(path.join(outdir, manifest.stacks[stack].synthesizedStackPath))).toBe(true);
      expect(readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
    });

    it('WHEN `cdktf synth` runs the same config (it sets CDKTF_OUTDIR) THEN it writes the same files', () => {
      const cliOutdir = path.join(root, 'cli', 'cdktf.out');
      const cli = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', cliOutdir], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CHECKPOINT_DISABLE: '1', SIGNIN_WATCH_CONFIG: 'config/org.yaml', CI: '1' },
      });
      expect(cli.status).toBe(0);
      // cdktf shows every stderr line of the app as [ERROR]: progress and notices go to stdout under it.
      expect(`${cli.stdout}\n${cli.stderr}`.split('\n').filter((line) => /\[ERROR\].*(\[synth\]|signin-watch)/.test(line))).toEqual([]);
      expect(cli.stdout).toMatch(/\[synth\] 3\/3 written: /);
      const [viaCli, viaNpm] = [treeOf(cliOutdir), treeOf(outdir)];
      expect(Object.keys(viaCli).sort()).toEqual(Object.keys(viaNpm).sort());
      // Every stack and the manifest are the same; the incremental synth's cache file differs only in its keys,
      // which record the app's context (the cdktf CLI adds its own entries), so each run reuses only its own kind of synth.
      expect(Object.keys(viaNpm).filter((file) => file !== CACHE_FILE && viaCli[file] !== viaNpm[file])).toEqual([]);
      expect(viaNpm[CACHE_FILE]).toBeDefined();
    });
  });
});

/** Every file under `dir` with its content, by relative path. */
function treeOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else files[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  visit(dir);
  return files;
}
