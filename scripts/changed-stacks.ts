/**
 * npm run changed-stacks -- --base <git-ref | synth-dir> [options]
 *
 * Lists the stacks whose synthesized Terraform differs between a base and now,
 * so a pull request plans (and main deploys) only those:
 *
 *   stdout: {"changed":["member-workload-prod"],"added":[],"removed":[]}
 *   stderr: [changed-stacks] ... progress, then one human line
 *
 * Options:
 *   --base REF|DIR   git ref (branch, tag, sha) or a directory of a previous synth
 *   --all            no base: every current stack counts as added
 *   --current DIR    compare this synth directory instead of synthesizing now
 *   --config FILE    organization config (default: $SIGNIN_WATCH_CONFIG or config/org.yaml)
 *   --out FILE       also write the JSON to FILE
 *   --github-output  append step outputs for GitHub Actions to $GITHUB_OUTPUT
 *   --shards N       members per matrix are cut into at most N jobs (default 8)
 *
 * A git ref is exported with `git archive` into a temporary directory (the
 * working tree, index and HEAD are not touched) and synthesized there with the
 * base's own code and config, reusing this checkout's node_modules.
 * Exit 0 on success whatever changed, 2 on error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../config/load';
import { buildApp } from '../stacks/app';
import { parseArgs, runCli, UsageError } from './lib/args';
import { deployStages, inDeployOrder, shard } from './lib/deploy-order';
import { describeChanges, diffStacks, resourceChanges, type StackChanges } from './lib/stack-diff';
import { readSynthOutput, type SynthesizedStack } from './lib/synth-output';
import { createProgress, type ProgressOptions } from './progress';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const DEFAULT_SHARDS = 8;

export interface ChangedStacksOptions {
  /** A git ref or a synth directory; undefined with `all`. */
  base?: string;
  all?: boolean;
  current?: string;
  config: string;
  progress?: ProgressOptions;
}

/** Synthesizes a config in this process into `outdir` and returns the stack names. */
export function synthesize(configFile: string, outdir: string): string[] {
  const { app, stackNames } = buildApp(loadConfig(configFile), outdir);
  app.synth();
  return stackNames;
}

export function isSynthDirectory(candidate: string): boolean {
  return existsSync(path.join(candidate, 'manifest.json'));
}

/**
 * Exports `ref` with git archive and runs that revision's own `main.ts` on its
 * own copy of the config. Returns the synth directory.
 */
export function synthesizeGitRef(ref: string, configFile: string, workdir: string, repoRoot = PROJECT_ROOT): string {
  const commit = git(repoRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  const tree = path.join(workdir, 'base');
  const outdir = path.join(workdir, 'base.out');
  mkdirSync(tree, { recursive: true });
  const archive = spawnSync('sh', ['-c', `git -C "$0" archive --format=tar "$1" | tar -x -C "$2"`, repoRoot, commit, tree], { encoding: 'utf8' });
  if (archive.status !== 0) throw new Error(`could not export ${ref}: ${archive.stderr.trim()}`);
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(tree, 'node_modules'), 'dir');

  const relativeConfig = path.relative(repoRoot, path.resolve(configFile));
  const baseConfig = relativeConfig.startsWith('..') ? path.resolve(configFile) : path.join(tree, relativeConfig);
  if (!existsSync(baseConfig)) throw new Error(`${relativeConfig} does not exist at ${ref}: use --all or a synth directory as --base`);

  const synth = spawnSync(path.join(tree, 'node_modules', '.bin', 'tsx'), ['main.ts', '--config', baseConfig], {
    cwd: tree,
    encoding: 'utf8',
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
  });
  if (synth.status !== 0) throw new Error(`synth of ${ref} (${commit.slice(0, 12)}) failed (use --all when the base has no stacks yet):\n${synth.stderr || synth.stdout}`);
  return outdir;
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new Error(`git ${args.join(' ')} failed in ${cwd}: is it a known ref? (in CI, fetch it: actions/checkout with fetch-depth: 0)`);
  }
}

export function changedStacks(options: ChangedStacksOptions): StackChanges {
  const workdir = mkdtempSync(path.join(tmpdir(), 'signin-watch-changed-'));
  const progress = createProgress('changed-stacks', 3, options.progress);
  try {
    let current: Map<string, SynthesizedStack>;
    if (options.current) {
      current = readSynthOutput(options.current);
      progress.step(`read ${current.size} current stacks from ${options.current}`);
    } else {
      const outdir = path.join(workdir, 'current.out');
      synthesize(options.config, outdir);
      current = readSynthOutput(outdir);
      progress.step(`synthesized ${current.size} current stacks from ${options.config}`);
    }

    let base = new Map<string, SynthesizedStack>();
    if (options.all) {
      progress.step('no base (--all): every stack counts as added');
    } else if (!options.base) {
      throw new UsageError('give --base <git-ref | synth-dir> or --all');
    } else if (isSynthDirectory(options.base)) {
      base = readSynthOutput(options.base);
      progress.step(`read ${base.size} base stacks from ${options.base}`);
    } else {
      base = readSynthOutput(synthesizeGitRef(options.base, options.config, workdir));
      progress.step(`synthesized ${base.size} base stacks at ${options.base}`);
    }

    const changes = diffStacks(base, current);
    progress.step(`compared ${new Set([...base.keys(), ...current.keys()]).size} stacks`);
    for (const name of changes.changed) {
      const resources = resourceChanges(base.get(name)!.terraform, current.get(name)!.terraform);
      const marks = [...resources.added.map((a) => `+ ${a}`), ...resources.changed.map((a) => `~ ${a}`), ...resources.removed.map((a) => `- ${a}`)];
      progress.note(`${name}: ${marks.length} block${marks.length === 1 ? '' : 's'} differ: ${marks.slice(0, 10).join(', ')}${marks.length > 10 ? ', …' : ''}`);
    }
    return changes;
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

/**
 * Step outputs for the workflows: what to plan (every changed or added stack)
 * and what to deploy in which stage. Removed stacks are reported, never
 * destroyed automatically.
 */
export function githubOutputs(changes: StackChanges, maxShards: number): Record<string, string> {
  const touched = inDeployOrder([...changes.changed, ...changes.added]);
  const stages = deployStages(touched);
  return {
    any: String(touched.length > 0),
    stacks: JSON.stringify(touched),
    removed: JSON.stringify(changes.removed),
    plan_matrix: JSON.stringify(shard(touched, maxShards)),
    aggregator: String(stages.aggregator),
    management: String(stages.management),
    members_any: String(stages.members.length + stages.other.length > 0),
    members_matrix: JSON.stringify(shard([...stages.other, ...stages.members], maxShards)),
  };
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
}

const PROCESS_IO: CliIo = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export function main(argv: string[], io: CliIo = PROCESS_IO): number {
  const args = parseArgs(argv, { values: ['base', 'current', 'config', 'out', 'shards'], flags: ['all', 'github-output'] });
  const config = args.values.config ?? io.env.SIGNIN_WATCH_CONFIG ?? path.join(PROJECT_ROOT, 'config', 'org.yaml');
  const shards = Number(args.values.shards ?? DEFAULT_SHARDS);
  if (!Number.isInteger(shards) || shards < 1) throw new UsageError(`--shards must be a positive integer, got ${args.values.shards}`);

  const changes = changedStacks({ base: args.values.base, all: args.flags.has('all'), current: args.values.current, config });
  const json = JSON.stringify(changes);
  io.out(`${json}\n`);
  if (args.values.out) writeFileSync(args.values.out, `${json}\n`);
  if (args.flags.has('github-output')) {
    const file = io.env.GITHUB_OUTPUT;
    if (!file) throw new UsageError('--github-output needs $GITHUB_OUTPUT (set by GitHub Actions)');
    const outputs = githubOutputs(changes, shards);
    appendFileSync(file, Object.entries(outputs).map(([key, value]) => `${key}=${value}\n`).join(''));
  }
  io.err(`changed-stacks: ${describeChanges(changes)}\n`);
  return 0;
}

if (require.main === module) runCli('changed-stacks', main, 'npm run changed-stacks -- --base <git-ref | synth-dir> [--current DIR] [--config FILE] [--out FILE] [--github-output] [--shards N]');
