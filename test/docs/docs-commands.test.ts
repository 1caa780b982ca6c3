/**
 * Every command README.md and docs/*.md show in a ```sh block, and every
 * relative link they hold:
 *   - each `npm run <cli command>` / `signin-watch` / `node bin/signin-watch.js`
 *     line is parsed by the real CLI (dry run): its command and options exist;
 *   - the cheap ones are run for real (RUN below): synth of the README's error
 *     example must print exactly what the README shows; classify and coverage
 *     must exit 0;
 *   - the rest are parsed only, for the reason in SKIPPED (AWS credentials,
 *     minutes of runtime, a file of the reader's own);
 *   - every relative link points at a file that exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../cli/program';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'signin-watch.js');
const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

interface Command {
  doc: string;
  line: string;
  argv: string[];
}

/** Shell words of a command line, up to a pipe, redirection, `||` or comment (no variable expansion). */
function words(line: string): string[] {
  const result: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const word = match[1] ?? match[2] ?? match[3];
    if (match[3] && /^(\||>|>>|2>|\|\||&&|#)/.test(word)) break;
    result.push(word);
  }
  return result;
}

/** The CLI argv of a documented command, or undefined when it does not run the CLI. */
function cliArgv(line: string): string[] | undefined {
  const parts = words(line).filter((word, index, all) => !(index < all.findIndex((w) => !/^[A-Z_]+=/.test(w)) && /^[A-Z_]+=/.test(word)));
  if (parts[0] === 'signin-watch') return parts.slice(1);
  if (parts[0] === 'node' && parts[1] === 'bin/signin-watch.js') return parts.slice(2);
  if (parts[0] !== 'npm' || parts[1] !== 'run') return undefined;
  const rest = parts.slice(2).filter((word) => word !== '--silent');
  const script = PACKAGE.scripts[rest[0]];
  const cli = /^node bin\/signin-watch\.js ?(.*)$/.exec(script ?? '');
  if (!cli) return undefined;
  const args = rest.slice(1);
  return [...(cli[1] ? [cli[1]] : []), ...(args[0] === '--' ? args.slice(1) : args)];
}

function documentedCommands(): Command[] {
  const commands: Command[] = [];
  for (const doc of DOCS) {
    const text = readFileSync(path.join(ROOT, doc), 'utf8');
    for (const [, block] of text.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)) {
      for (const raw of block.split('\n')) {
        // A pipeline's CLI part: the segment after the last `|` that runs it, else the first.
        const segment = raw.split('|').map((part) => part.trim()).find((part) => cliArgv(part) !== undefined);
        const argv = segment === undefined ? undefined : cliArgv(segment);
        if (argv) commands.push({ doc, line: raw.trim(), argv });
      }
    }
  }
  return commands;
}

/** Documented commands run for real: cheap, offline, and on files of this repository. */
const RUN: Record<string, (run: ReturnType<typeof spawnSync>) => void> = {
  'npm run synth -- --config test/config/fixtures/bad/unknown-account-reference.yaml': (run) => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const shown = /```text\n(test\/config\/fixtures\/bad\/unknown-account-reference\.yaml has[\s\S]*?)```/.exec(readme)![1];
    expect(run.status).toBe(1);
    expect(String(run.stderr)).toBe(shown);
  },
  'npm run --silent classify -- --config config/org.yaml test/detection/fixtures/corpus/signin-events.jsonl | head -3': (run) => expect(run.status).toBe(0),
  'npm run --silent classify -- test/detection/fixtures/corpus/signin-events.jsonl': (run) => expect(run.status).toBe(0),
  // The sample CloudTrail log file that ships for the README tour (test/docs/tour.test.ts runs the whole tour).
  'npm run --silent classify -- test/detection/fixtures/log-files/111122223333_CloudTrail_us-east-1_20241212T1604Z_signinwatchtour1.json.gz': (run) => {
    expect(run.status).toBe(0);
    expect(String(run.stdout).trim().split('\n')).toHaveLength(27);
  },
  'npm run --silent classify -- --summary test/detection/fixtures/log-files/111122223333_CloudTrail_us-east-1_20241212T1604Z_signinwatchtour1.json.gz': (run) => {
    expect(run.status).toBe(0);
    expect(String(run.stderr)).toMatch(/^27 events\n/);
  },
};

/** Why a documented command is parsed but not run. */
function skipped(command: Command): string | undefined {
  const verb = command.argv[0];
  if (verb === 'drift' || verb === 'preflight') return 'needs AWS credentials of a management account';
  if (verb === 'cost') return 'a full synth (seconds to minutes); test/ops/cost.test.ts covers the handler';
  if (verb === 'terraform-stacks') return 'needs AWS credentials (terraform plan/apply)';
  if (verb === 'bench') return 'takes minutes and writes docs/benchmarks.md';
  if (verb === 'verify') return 'run by npm test itself';
  if (verb === 'synth' || verb === 'coverage' || verb === 'changed-stacks') return RUN[command.line] ? undefined : 'a full synth (seconds to minutes); the same commands run in test/config and test/ops';
  if (verb === 'classify') return RUN[command.line] ? undefined : "reads the reader's own CloudTrail files";
  if (verb === 'plan-summary') return 'reads plan files of a pipeline run';
  return RUN[command.line] ? undefined : 'not in RUN';
}

describe('commands shown in README.md and docs/', () => {
  const commands = documentedCommands();

  it('THEN there are commands to check, in the README and in docs/', () => {
    expect(commands.filter((command) => command.doc === 'README.md').length).toBeGreaterThan(4);
    expect(commands.filter((command) => command.doc !== 'README.md').length).toBeGreaterThan(4);
  });

  it('THEN each one is a valid command line of the CLI (dry run: command, options, arguments)', async () => {
    const invalid: string[] = [];
    for (const command of commands) {
      let err = '';
      const code = await runCli(command.argv, { env: process.env, out: () => undefined, err: (text) => (err += text) }, { dryRun: () => undefined });
      if (code !== 0) invalid.push(`${command.doc}: ${command.line}: ${err.trim()}`);
    }
    expect(invalid).toEqual([]);
  });

  it.each(Object.keys(RUN))('THEN `%s` runs as documented', (line) => {
    expect(commands.map((command) => command.line)).toContain(line);
    const argv = cliArgv(line.split('|')[0].trim())!;
    // The reader's own cdktf.out (a synth they ran) is never the one a documented command writes or invalidates here.
    const work = mkdtempSync(path.join(tmpdir(), 'sw-docs-commands-'));
    try {
      const env = { ...process.env, SIGNIN_WATCH_QUIET: '1', SIGNIN_WATCH_CONFIG: '', CDKTF_OUTDIR: path.join(work, 'cdktf.out') };
      const run = spawnSync(process.execPath, [BIN, ...argv], { cwd: ROOT, encoding: 'utf8', env });
      RUN[line](run);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('THEN every command not run has a reason', () => {
    const unexplained = commands.filter((command) => !RUN[command.line] && skipped(command) === 'not in RUN');
    expect(unexplained.map((command) => `${command.doc}: ${command.line}`)).toEqual([]);
  });
});

describe('relative links in README.md and docs/', () => {
  it.each(DOCS)('THEN every relative link of %s points at a file that exists', (doc) => {
    const text = readFileSync(path.join(ROOT, doc), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^(https?:|mailto:|#)/.test(target))
      .filter((target) => !existsSync(path.join(ROOT, path.dirname(doc), decodeURIComponent(target.split('#')[0]))));
    expect(broken).toEqual([]);
  });
});
