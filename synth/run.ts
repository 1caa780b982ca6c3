/**
 * The `synth` command (`npm run synth`, `signin-watch synth`, and what
 * `npx cdktf synth` runs through main.ts): reads the organization
 * config and synthesizes one Terraform configuration per stack.
 *
 * Arguments are parsed by the CLI (cli/commands/synth.ts): --config PATH, else
 * $SIGNIN_WATCH_CONFIG, else config/org.yaml; --output DIR, else $CDKTF_OUTDIR
 * (set by the cdktf CLI from cdktf.json), else cdktf.out in the current
 * directory: `signin-watch synth` and `cdktf synth` write the same place.
 *
 * The config is validated completely before anything touches the disk. An
 * invalid config prints every issue on stderr, exits 1, and invalidates an
 * earlier output (state kept); a successful run replaces the output only once
 * synthesis has finished. See synth/output-dir.ts for why.
 *
 * Providers assume each account's deployment role; SIGNIN_WATCH_PROVIDER_ROLE=plan
 * makes them assume the read-only plan role (deployment.planRoleName) for
 * pull-request plans; an unknown value, or plan without a plan role, exits 1.
 *
 * Security-rule findings no acknowledgement accepts stop synthesis the same
 * way: every finding is printed with a hint on acknowledging, without a stack
 * trace (synth/security-findings.ts). Unexpected errors keep theirs.
 * Stacks are synthesized one at a time (synth/app.ts: memory and
 * time at 5,000 accounts). Progress: one line per phase on stderr, and one at
 * least every few seconds while stacks are synthesized; stdout's last line is
 * the summary.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig, ConfigError, ConfigFileError } from '../detection/org-config';
import type { OrgConfig } from '../config/schema';
import { invalidateOutput, synthesizeInto, OutputDirError } from './output-dir';
import { describeFilesystemError, lockOutput } from './output-lock';
import { SecurityFindingsError } from './security-findings';
import { synthesizeOrganization } from './app';
import { createProgress, type Progress } from '../command/progress';
import { ProviderRoleError } from '../stacks/provider';

/** Synth phases, one progress line each on stderr (SIGNIN_WATCH_QUIET=1 silences them), plus a line every few seconds while stacks are synthesized. */
const PHASES = 3;

/** SIGNIN_WATCH_SYNTH_TIMINGS=FILE writes the CPU time of each synth phase there as JSON (for the bench). */
const TIMINGS_VARIABLE = 'SIGNIN_WATCH_SYNTH_TIMINGS';

function synthesize(config: OrgConfig, file: string, outdir: string, progress: Progress, notice: (line: string) => void): void {
  const { result, orphanedStacks, removedStacks } = synthesizeInto(outdir, (stagingDir) => {
    // Incremental: member stacks whose inputs and code are unchanged are copied from the earlier output (synth/stack-cache.ts).
    const synthesized = synthesizeOrganization(config, stagingDir, { progress, cache: { from: outdir } });
    if (synthesized.unacknowledged.length > 0) throw new SecurityFindingsError(synthesized.unacknowledged, file);
    // Never an empty success: a run that produced no stack is a failure.
    if (synthesized.stackNames.length === 0) throw new Error(`${file}: no stack was produced`);
    const reuse = synthesized.reuse && synthesized.reuse.reused > 0 ? ` (${synthesized.reuse.reused} unchanged member stacks reused from the earlier output)` : '';
    progress.step(`stacks synthesized, security rules checked: ${synthesized.stackNames.length}${reuse}`);
    return synthesized;
  });
  const stackNames = result.stackNames;
  for (const stale of result.unusedAcknowledgements) {
    notice(
      `signin-watch: warning: acknowledgement [${stale.rule}]${stale.resource ? ` ${stale.resource}` : ''} in ${file} accepted no finding: remove it, or it will silently accept a future one`,
    );
  }
  // The cdktf CLI prints warning annotations (e.g. trail.cloudWatchLogs: false); so does this entry point.
  for (const warning of result.warnings) notice(`signin-watch: warning: ${warning}`);
  if (process.env[TIMINGS_VARIABLE]) writeFileSync(process.env[TIMINGS_VARIABLE], `${JSON.stringify(result.timings)}\n`);
  progress.step(`written: ${outdir}`);
  console.log(`signin-watch: synthesized ${stackNames.length} stacks into ${outdir}: ${stackNames.join(', ')}`);
  for (const stack of orphanedStacks) {
    notice(
      `signin-watch: stack "${stack}" is no longer in ${file}; ${path.join(outdir, 'stacks', stack)} keeps its Terraform files (state): destroy it, then remove the directory`,
    );
  }
  if (removedStacks.length > 0) {
    notice(`signin-watch: removed ${removedStacks.length} stack director${removedStacks.length === 1 ? 'y' : 'ies'} no longer in ${file} that held no Terraform state`);
  }
}

/** Errors whose message says everything: printed without a stack trace. */
function isExpected(error: unknown): error is Error {
  return (
    error instanceof ConfigError ||
    error instanceof SecurityFindingsError ||
    error instanceof ProviderRoleError
  );
}

/**
 * True when the cdktf CLI runs this app (`npx cdktf synth`, via cdktf.json):
 * it sets these variables on every synth (@cdktf/cli-core, synth-stack.js)
 * and shows every stderr line of the app as "[ERROR]", so progress and
 * warnings go to stdout there, which it prints as they are.
 */
export function runByCdktfCli(env: NodeJS.ProcessEnv): boolean {
  return env.SYNTH_HCL_OUTPUT !== undefined && env.CDKTF_CONTEXT_JSON !== undefined;
}

export interface SynthOptions {
  /** The organization config file. */
  config: string;
  /** The output directory (cdktf.out). */
  output: string;
}

/**
 * `signin-watch synth`: exit 0 on success, 1 when the config or the security
 * rules refuse it (the previous output is invalidated, state kept), 2 when
 * the config file cannot be read as YAML text at all (a usage mistake: the
 * previous output is left as it was), when the output directory cannot be
 * used (a file, read-only, not ours, another synth writing it: one line, no
 * stack trace, nothing written; synth/output-lock.ts).
 */
export function runSynth(options: SynthOptions): number {
  const outdir = path.resolve(options.output);
  const file = options.config;
  const underCdktf = runByCdktfCli(process.env);
  // The cdktf CLI sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS on every synth: not the user's choice, so no warning about it there.
  if (underCdktf) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  const toStdout = (line: string) => process.stdout.write(`${line}\n`);
  const notice = underCdktf ? toStdout : (line: string) => process.stderr.write(`${line}\n`);
  let release: (() => void) | undefined;
  try {
    // Before anything else touches the output: a second synth into the same directory stops here.
    release = lockOutput(outdir);
    const config = loadConfig(file);
    const progress = createProgress('synth', PHASES, underCdktf ? { write: toStdout } : {});
    progress.step(`config loaded: ${config.accounts.length} accounts`);
    synthesize(config, file, outdir, progress, notice);
    return 0;
  } catch (error) {
    if (error instanceof ConfigFileError) {
      console.error(`signin-watch synth: ${error.message}; nothing was written or removed`);
      return 2;
    }
    if (error instanceof OutputDirError) {
      console.error(`signin-watch synth: ${error.message}`);
      return 2;
    }
    const filesystem = describeFilesystemError(error, outdir);
    if (filesystem !== undefined) {
      console.error(`signin-watch synth: ${filesystem}`);
      return 2;
    }
    console.error(isExpected(error) ? error.message : error);
    if (invalidateOutput(outdir)) {
      console.error(`signin-watch: removed the earlier synthesized configuration from ${outdir} (Terraform state kept): it no longer matches ${file}`);
    }
    return 1;
  } finally {
    release?.();
  }
}
