/**
 * The `signin-watch` CLI (cli/program.ts): every command has --help listing
 * its options with defaults; unknown options, missing values and unexpected
 * positional arguments are usage errors (exit 2) that run no handler, so they
 * write nothing and remove nothing. Parsing runs in-process; two cases spawn
 * the executable as npm runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../cli/program';
import { SOURCE_ROOTS } from '../support/source-tree';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'signin-watch.js');
const COMMANDS = ['synth', 'classify', 'digest', 'health', 'coverage', 'drift', 'preflight', 'cost', 'changed-stacks', 'verify', 'bench', 'terraform-stacks', 'plan-summary'];

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const run = { code: -1, out: '', err: '' };
  run.code = await runCli(argv, { env: process.env, out: (text) => (run.out += text), err: (text) => (run.err += text) });
  return run;
}

describe('signin-watch --help and --version', () => {
  it('THEN --help lists every command', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it.each(COMMANDS)('THEN `%s --help` exits 0 and lists its options', async (command) => {
    const run = await cli([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Usage: signin-watch ${command}`);
    expect(run.out).toContain('-h, --help');
  });

  it('THEN option defaults are shown (synth: config and output)', async () => {
    const run = await cli(['synth', '--help']);
    const text = run.out.replace(/\s+/g, ' ');
    expect(text).toContain('--config <file> organization config (default: config/org.yaml, env: SIGNIN_WATCH_CONFIG)');
    expect(text).toContain('(default: "cdktf.out", env: CDKTF_OUTDIR)');
  });

  it('THEN --version prints the package version', async () => {
    const run = await cli(['--version']);
    expect(run.code).toBe(0);
    expect(run.out.trim()).toBe((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});

describe('usage errors exit 2 before any handler runs', () => {
  it.each([
    [['synth', 'my-org.yaml'], /too many arguments for 'synth'/],
    [['synth', '--confg', 'my-org.yaml'], /unknown option '--confg'[\s\S]*Did you mean --config\?/],
    [['synth', '--config'], /option '--config <file>' argument missing/],
    [['coverage', '--format', 'html'], /argument 'html' is invalid\. Allowed choices are text, markdown/],
    [['drift', '--concurrency', '0'], /expected a positive integer, got "0"/],
    [['classify'], /missing required argument 'file'/],
    [['terraform-stacks', 'destroy', '--stacks', 'a'], /value 'destroy' is invalid for argument 'mode'\. Allowed choices are plan, apply/],
    [['plan-summary'], /required option '--changes <file>' not specified/],
    [['nonsense'], /unknown command 'nonsense'/],
    [[], /Usage: signin-watch/],
  ])('GIVEN %j THEN exit 2 and the reason on stderr', async (argv, reason) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(reason);
    expect(run.out).toBe('');
  });
});

describe('GIVEN an earlier synth output holding Terraform state', () => {
  let root: string;
  let outdir: string;
  const snapshot = () => readdirSync(outdir, { recursive: true }).map(String).sort();
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sw-cli-'));
    outdir = path.join(root, 'cdktf.out');
    mkdirSync(path.join(outdir, 'stacks', 'aggregator'), { recursive: true });
    writeFileSync(path.join(outdir, 'manifest.json'), '{"stacks":{}}');
    writeFileSync(path.join(outdir, 'stacks', 'aggregator', 'cdk.tf.json'), '{}');
    writeFileSync(path.join(outdir, 'stacks', 'aggregator', 'terraform.aggregator.tfstate'), 'state');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    [['synth', 'some-file.yaml'], /too many arguments/],
    [['synth', '--config'], /argument missing/],
    [['synth', '--config', 'no-such-file.yaml'], /^signin-watch synth: no-such-file\.yaml: file not found; nothing was written or removed$/m],
  ])('WHEN `signin-watch %j` runs (as npm runs it) THEN exit 2 and the output is untouched', (argv, reason) => {
    const before = snapshot();
    const run = spawnSync(process.execPath, [BIN, ...argv], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: outdir, SIGNIN_WATCH_CONFIG: '' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).not.toMatch(/:1:1/);
    expect(run.stderr).not.toContain('config/org.yaml');
    expect(snapshot()).toEqual(before);
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
  it('THEN the signin-watch executable is the bin and every command script runs it', () => {
    expect(pkg.bin).toEqual({ 'signin-watch': 'bin/signin-watch.js' });
    for (const command of ['synth', 'classify', 'coverage', 'drift', 'preflight', 'cost', 'changed-stacks', 'verify', 'bench']) {
      expect(pkg.scripts[command]).toBe(`node bin/signin-watch.js ${command}`);
    }
  });
});

describe('code the executable runs', () => {
  it('THEN it never uses a dynamic import() (bin/signin-watch.js registers tsx for require only)', () => {
    const files = ['main.ts', ...SOURCE_ROOTS.filter((root) => !/\./.test(root) && root !== 'bin').flatMap((dir) => readdirSync(path.join(ROOT, dir), { recursive: true }).map(String).filter((file) => file.endsWith('.ts')).map((file) => path.join(dir, file)))];
    const offending = files.filter((file) => /\bawait import\(|(?:=|\(|,|return)\s*import\(['"`][^'"`]+['"`]\)(?!\.)/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(offending).toEqual([]);
  });
});

