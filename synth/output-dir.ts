/**
 * How `npm run synth` (main.ts) writes cdktf.out so that it is never half
 * written and never stale-but-plausible, without ever losing Terraform state.
 *
 * Why not simply delete and rewrite the directory: the local backend keeps each
 * stack's state in cdktf.out/stacks/<stack>/ (stacks/backend.ts), next to the
 * provider cache (.terraform/) and the lock file. Deleting the directory would
 * delete the only record of deployed resources. So:
 *
 * - A run synthesizes into a fresh staging directory beside the output
 *   (same filesystem, so moves are renames), under STAGING_DIR in the
 *   output's parent (git-ignored), named with the process id. A failure leaves
 *   the real output as it was until the next step, and the staging directory
 *   is removed. A run that is killed (Ctrl-C stops a synth at once: the
 *   synthesis is synchronous, so no handler could run) leaves its staging
 *   directory; the next run removes those of processes that no longer exist.
 * - Success installs the result: the old manifest goes first (from then on the
 *   output reads as "not synthesized"), each stack's generated files are
 *   replaced while Terraform's own files stay, and the new manifest is renamed
 *   into place last. A crash midway therefore leaves no manifest, never a
 *   manifest pointing at a mix of old and new files.
 * - The incremental synth's cache file (synth/stack-cache.ts) travels with
 *   the stacks: removed with the old manifest, installed before the new one.
 * - An invalid config invalidates an existing output the same way (manifest
 *   and generated files removed, state kept): a pipeline step that ignores the
 *   exit code finds nothing to plan or apply, instead of the previous
 *   organization's Terraform. Keeping the previous output "untouched" would
 *   leave exactly that trap.
 * Only a directory that holds a cdktf manifest is ever modified: a mistyped
 * CDKTF_OUTDIR pointing at some other directory is refused, not emptied.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { CACHE_FILE } from './stack-cache';

export const MANIFEST_FILE = 'manifest.json';
/** Staging directories live here, in the output's parent; .gitignore lists it. */
export const STAGING_DIR = '.signin-watch-staging';
export const STACKS_DIR = 'stacks';

/** What cdktf writes into a stack directory; everything else there belongs to Terraform or the operator. */
const GENERATED_STACK_ENTRIES = new Set(['cdk.tf.json', 'cdk.tf', 'metadata.json', 'assets']);

/** The output directory cannot be used (exit 2, one line, nothing written). */
export class OutputDirError extends Error {}

function hasManifest(dir: string): boolean {
  return existsSync(path.join(dir, MANIFEST_FILE));
}

function isEmptyDir(dir: string): boolean {
  return readdirSync(dir).length === 0;
}

/** A directory holding nothing but what cdktf writes at its top level (possibly already invalidated). */
function isCdktfOutput(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).every((entry) => entry === MANIFEST_FILE || entry === STACKS_DIR || entry === CACHE_FILE);
}

/** Refuses to touch a directory that exists but is not a previous cdktf output. */
function assertReplaceable(outdir: string): void {
  if (existsSync(outdir) && !isCdktfOutput(outdir)) {
    throw new OutputDirError(
      `${outdir} exists and holds files cdktf does not write: refusing to write into it; choose another --output (or CDKTF_OUTDIR)`,
    );
  }
}

function stackDirs(outdir: string): string[] {
  const stacks = path.join(outdir, STACKS_DIR);
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

function removeGeneratedFiles(stackDir: string): void {
  for (const entry of readdirSync(stackDir)) {
    if (GENERATED_STACK_ENTRIES.has(entry)) rmSync(path.join(stackDir, entry), { recursive: true, force: true });
  }
}

/**
 * Makes a previous output unusable while keeping Terraform state: removes the
 * manifest and every stack's generated configuration. Returns true when there
 * was an output to invalidate.
 */
export function invalidateOutput(outdir: string): boolean {
  if (!isCdktfOutput(outdir) || !hasManifest(outdir)) return false;
  rmSync(path.join(outdir, MANIFEST_FILE), { force: true });
  rmSync(path.join(outdir, CACHE_FILE), { force: true });
  for (const stack of stackDirs(outdir)) removeGeneratedFiles(path.join(outdir, STACKS_DIR, stack));
  return true;
}

/**
 * True when a stack directory may hold Terraform state: a local state file
 * (*.tfstate), or `.terraform/terraform.tfstate`, which `terraform init`
 * writes for a remote backend (state in S3 then).
 */
export function holdsState(stackDir: string): boolean {
  if (!existsSync(stackDir)) return false;
  return readdirSync(stackDir).some((entry) => entry.endsWith('.tfstate') || entry.endsWith('.tfstate.backup')) || existsSync(path.join(stackDir, '.terraform', 'terraform.tfstate'));
}

/**
 * Moves a freshly synthesized output into `outdir` (see the module comment for
 * the order). Returns the stacks of the previous output that are no longer
 * synthesized: their directories keep whatever Terraform left there (state!)
 * and lose their generated configuration. They are left for the operator to
 * destroy or remove: the cdktf CLI deletes such directories itself, and
 * expects to find them.
 */
function install(staging: string, outdir: string): string[] {
  if (!existsSync(outdir) || isEmptyDir(outdir)) {
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
    return [];
  }
  const synthesized = new Set(stackDirs(staging));
  const orphans = stackDirs(outdir).filter((stack) => !synthesized.has(stack));
  invalidateOutput(outdir);
  // The staging directory holds only manifest.json, stacks/ and the incremental synth's cache file (synth/stack-cache.ts).
  for (const stack of stackDirs(staging)) {
    const from = path.join(staging, STACKS_DIR, stack);
    const to = path.join(outdir, STACKS_DIR, stack);
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      rmSync(path.join(to, entry), { recursive: true, force: true });
      renameSync(path.join(from, entry), path.join(to, entry));
    }
  }
  if (existsSync(path.join(staging, CACHE_FILE))) renameSync(path.join(staging, CACHE_FILE), path.join(outdir, CACHE_FILE));
  renameSync(path.join(staging, MANIFEST_FILE), path.join(outdir, MANIFEST_FILE));
  return orphans;
}

export interface InstallResult<T> {
  result: T;
  /** Stack directories of an earlier output that this run no longer produces and that may hold Terraform state (see install). */
  orphanedStacks: string[];
  /** Such directories without any Terraform state: removed (nothing was ever applied from them). */
  removedStacks: string[];
}

/** Whether a process of that id exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes staging directories left by killed runs (their process is gone). */
function sweepStaging(stagingRoot: string): void {
  if (!existsSync(stagingRoot)) return;
  for (const entry of readdirSync(stagingRoot)) {
    const pid = Number(/-(\d+)-[^-]+$/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) rmSync(path.join(stagingRoot, entry), { recursive: true, force: true });
  }
}

function removeIfEmpty(dir: string): void {
  if (existsSync(dir) && isEmptyDir(dir)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs `synthesize(stagingDir)` and installs what it wrote into `outdir` only
 * when it returns normally and wrote a manifest. On any failure the staging
 * directory is removed and the error rethrown (the caller decides whether to
 * invalidate the previous output).
 */
export function synthesizeInto<T>(outdir: string, synthesize: (stagingDir: string) => T): InstallResult<T> {
  const target = path.resolve(outdir);
  assertReplaceable(target);
  const stagingRoot = path.join(path.dirname(target), STAGING_DIR);
  sweepStaging(stagingRoot);
  mkdirSync(stagingRoot, { recursive: true });
  const staging = mkdtempSync(path.join(stagingRoot, `${path.basename(target)}-${process.pid}-`));
  try {
    const result = synthesize(staging);
    if (!hasManifest(staging)) throw new Error(`synthesis wrote no ${MANIFEST_FILE}`);
    const orphans = install(staging, target);
    const removedStacks = orphans.filter((stack) => !holdsState(path.join(target, STACKS_DIR, stack)));
    for (const stack of removedStacks) rmSync(path.join(target, STACKS_DIR, stack), { recursive: true, force: true });
    return { result, orphanedStacks: orphans.filter((stack) => !removedStacks.includes(stack)), removedStacks };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    removeIfEmpty(stagingRoot);
  }
}
