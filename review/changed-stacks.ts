/**
 * signin-watch changed-stacks --base <git-ref | synth-dir> [options]
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
 * base's own code and config, reusing this checkout's node_modules; when the
 * base's code version is this checkout's (only the config differs), it is
 * synthesized in this process instead, copying the current synth's unchanged
 * member stacks (synth/stack-cache.ts).
 * Exit 0 on success whatever changed, 2 on error. The base is checked before
 * anything is synthesized. Arguments are parsed in cli/commands/changed-stacks.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../detection/org-config';
import { synthesizeOrganization } from '../synth/app';
import { SecurityFindingsError } from '../synth/security-findings';
import { codeVersion } from '../synth/stack-inputs';
import { PROCESS_IO, UsageError, type CommandIo } from '../command/io';
import { deployStages, inDeployOrder, shard } from './deploy-order';
import { describeChanges, diffStacks, resourceChanges, type StackChanges } from './stack-diff';
import { explainChanges } from './stack-explain';
import { readSynthOutput, type SynthesizedStack } from '../synth/output';
import { createProgress, type ProgressOptions } from '../command/progress';

const PROJECT_ROOT = path.resolve(__dirname, '..');
export const DEFAULT_SHARDS = 8;

export interface ChangedStacksOptions {
  /** A git ref or a synth directory; undefined with `all`. */
  base?: string;
  all?: boolean;
  current?: string;
  config: string;
  progress?: ProgressOptions;
  /** Receives the Markdown explanation of what changed inside each stack (stack-explain.ts). */
  explain?: (markdown: string) => void;
}

/**
 * Synthesizes a config in this process into `outdir` (stack by stack, as
 * `npm run synth` does) and returns the stack names. `reuseFrom`: an earlier
 * output whose unchanged member stacks are copied (synth/stack-cache.ts).
 */
export function synthesize(configFile: string, outdir: string, reuseFrom?: string): { stackNames: string[]; reused: number } {
  const result = synthesizeOrganization(loadConfig(configFile), outdir, { cache: { from: reuseFrom }, report: (line) => process.stderr.write(`${line}\n`) });
  if (result.unacknowledged.length > 0) throw new SecurityFindingsError(result.unacknowledged, configFile);
  return { stackNames: result.stackNames, reused: result.reuse?.reused ?? 0 };
}

export function isSynthDirectory(candidate: string): boolean {
  return existsSync(path.join(candidate, 'manifest.json'));
}

/** Reuse for a git ref's synth: `from` is the current synth's output; `reused` is set to the member stacks copied from it. */
export interface GitRefReuse {
  from: string;
  reused?: number;
}

/**
 * Exports `ref` with git archive and runs that revision's own `main.ts` on its
 * own copy of the config. Returns the synth directory. With `reuse`, when the
 * ref's code version (synth/stack-inputs.ts) is this checkout's (a pull
 * request that edits only the config), it is synthesized in this process
 * instead, reusing every member stack of `reuse.from` whose inputs are
 * unchanged: a one-account edit synthesizes one member stack twice, not the
 * organization twice.
 */
export function synthesizeGitRef(ref: string, configFile: string, workdir: string, repoRoot = PROJECT_ROOT, reuse?: GitRefReuse): string {
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

  if (reuse && codeVersion(tree) === codeVersion(PROJECT_ROOT)) {
    // The ref's code is this process's code (same code version): synthesize here, copying the member stacks the current synth already wrote.
    try {
      reuse.reused = synthesize(baseConfig, outdir, reuse.from).reused;
    } catch (error) {
      throw new Error(`synth of ${ref} (${commit.slice(0, 12)}) failed (use --all when the base has no stacks yet):\n${(error as Error).message}`);
    }
    return outdir;
  }
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

export type BaseKind = 'all' | 'synth-dir' | 'git-ref';

/**
 * What --base names, decided before anything is synthesized: a synth
 * directory (holds manifest.json), or a git ref of this repository. A path
 * that exists, or looks like a path, but is no synth output is an error, never
 * tried as a ref.
 */
export function classifyBase(options: Pick<ChangedStacksOptions, 'base' | 'all'>, repoRoot = PROJECT_ROOT): BaseKind {
  if (options.all) {
    if (options.base) throw new UsageError('give either --base or --all, not both');
    return 'all';
  }
  const base = options.base;
  if (!base) throw new UsageError('give --base <git-ref | synth-dir> or --all');
  if (isSynthDirectory(base)) return 'synth-dir';
  if (existsSync(base)) {
    const what = statSync(base).isDirectory() ? 'a directory without manifest.json' : 'a file';
    throw new UsageError(`--base ${base}: ${what}, not the output of a synth (give the directory \`signin-watch synth\` wrote, or a git ref)`);
  }
  const looksLikePath = /^(\.{1,2}\/|\/|~)/.test(base) || base.endsWith('/') || /(^|\/)cdktf[^/]*\.out/.test(base);
  const isRef = spawnSync('git', ['-C', repoRoot, 'rev-parse', '--verify', '--quiet', `${base}^{commit}`], { encoding: 'utf8' }).status === 0;
  if (isRef) return 'git-ref';
  throw new UsageError(
    looksLikePath
      ? `--base ${base}: no such directory (a synth output directory was expected)`
      : `--base ${base}: neither a synth output directory nor a git ref of this repository (in CI, fetch it: actions/checkout with fetch-depth: 0)`,
  );
}

export function changedStacks(options: ChangedStacksOptions): StackChanges {
  const baseKind = classifyBase(options);
  const workdir = mkdtempSync(path.join(tmpdir(), 'signin-watch-changed-'));
  const progress = createProgress('changed-stacks', 3, options.progress);
  try {
    let current: Map<string, SynthesizedStack>;
    let currentDir: string;
    if (options.current) {
      currentDir = options.current;
      current = readSynthOutput(options.current);
      progress.step(`read ${current.size} current stacks from ${options.current}`);
    } else {
      currentDir = path.join(workdir, 'current.out');
      synthesize(options.config, currentDir);
      current = readSynthOutput(currentDir);
      progress.step(`synthesized ${current.size} current stacks from ${options.config}`);
    }

    let base = new Map<string, SynthesizedStack>();
    if (baseKind === 'all') {
      progress.step('no base (--all): every stack counts as added');
    } else if (baseKind === 'synth-dir') {
      base = readSynthOutput(options.base!);
      progress.step(`read ${base.size} base stacks from ${options.base}`);
    } else {
      const reuse: GitRefReuse = { from: currentDir };
      base = readSynthOutput(synthesizeGitRef(options.base!, options.config, workdir, PROJECT_ROOT, reuse));
      const reused = reuse.reused === undefined ? ' (its own code, in full)' : ` (same code: ${reuse.reused} unchanged member stacks reused from the current synth)`;
      progress.step(`synthesized ${base.size} base stacks at ${options.base}${reused}`);
    }

    const changes = diffStacks(base, current);
    if (options.explain) options.explain(explainChanges(base, current, changes));
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

export interface ChangedStacksCliOptions {
  base?: string;
  all?: boolean;
  current?: string;
  config: string;
  out?: string;
  githubOutput?: boolean;
  shards?: number;
  /** Write the Markdown explanation (resources added, changed, removed; policies and patterns diffed) to this file. */
  explain?: string;
}

export function runChangedStacks(options: ChangedStacksCliOptions, io: CommandIo = PROCESS_IO): number {
  const shards = options.shards ?? DEFAULT_SHARDS;
  if (options.githubOutput && !io.env.GITHUB_OUTPUT) throw new UsageError('--github-output needs $GITHUB_OUTPUT (set by GitHub Actions)');
  let explanation: string | undefined;
  const changes = changedStacks({
    base: options.base,
    all: options.all,
    current: options.current,
    config: options.config,
    explain: options.explain ? (markdown) => (explanation = markdown) : undefined,
  });
  if (options.explain && explanation !== undefined) writeFileSync(options.explain, explanation);
  const json = JSON.stringify(changes);
  io.out(`${json}\n`);
  if (options.out) writeFileSync(options.out, `${json}\n`);
  if (options.githubOutput) {
    const outputs = githubOutputs(changes, shards);
    appendFileSync(io.env.GITHUB_OUTPUT!, Object.entries(outputs).map(([key, value]) => `${key}=${value}\n`).join(''));
  }
  io.err(`changed-stacks: ${describeChanges(changes)}\n`);
  return 0;
}
