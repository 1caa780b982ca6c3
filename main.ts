/**
 * Entry point for `npm run synth` and `cdktf synth`: reads the organization
 * config and synthesizes one Terraform configuration per stack.
 *
 * Config: --config PATH, else $SIGNIN_WATCH_CONFIG, else config/org.yaml.
 * Output: $CDKTF_OUTDIR (set by the cdktf CLI from cdktf.json, default
 * cdktf.out), else cdktf.out in the current directory: both commands write the
 * same place.
 *
 * The config is validated completely before anything touches the disk. An
 * invalid config prints every issue on stderr, exits 1, and invalidates an
 * earlier output (state kept); a successful run replaces the output only once
 * synthesis has finished. See scripts/lib/output-dir.ts for why.
 *
 * Providers assume each account's deployment role; SIGNIN_WATCH_PROVIDER_ROLE=plan
 * makes them assume the read-only plan role (deployment.planRoleName) for
 * pull-request plans; an unknown value, or plan without a plan role, exits 1.
 *
 * Security-rule findings no acknowledgement accepts stop synthesis the same
 * way: every finding is printed with a hint on acknowledging, without a stack
 * trace (scripts/lib/security-findings.ts). Unexpected errors keep theirs.
 * Stacks are synthesized one at a time (scripts/lib/synth-app.ts: memory and
 * time at 5,000 accounts). Progress: one line per phase on stderr, and one at
 * least every few seconds while stacks are synthesized; stdout's last line is
 * the summary.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig, ConfigError } from './config/load';
import type { OrgConfig } from './config/schema';
import { invalidateOutput, synthesizeInto, OutputDirError } from './scripts/lib/output-dir';
import { SecurityFindingsError } from './scripts/lib/security-findings';
import { synthesizeOrganization } from './scripts/lib/synth-app';
import { createProgress, type Progress } from './scripts/progress';
import { ProviderRoleError } from './stacks/provider';

class UsageError extends Error {}

export const DEFAULT_CONFIG = path.join(__dirname, 'config', 'org.yaml');

export function configPath(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const flag = argv.indexOf('--config');
  if (flag >= 0) {
    const value = argv[flag + 1];
    if (!value || value.startsWith('--')) throw new UsageError('--config needs a path: --config config/org.yaml');
    return value;
  }
  const inline = argv.find((arg) => arg.startsWith('--config='));
  if (inline) return inline.slice('--config='.length);
  return env.SIGNIN_WATCH_CONFIG || DEFAULT_CONFIG;
}

export function outputDir(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.CDKTF_OUTDIR || 'cdktf.out');
}

/** Synth phases, one progress line each on stderr (SIGNIN_WATCH_QUIET=1 silences them), plus a line every few seconds while stacks are synthesized. */
const PHASES = 3;

/** SIGNIN_WATCH_SYNTH_TIMINGS=FILE writes the CPU time of each synth phase there as JSON (for the bench). */
const TIMINGS_VARIABLE = 'SIGNIN_WATCH_SYNTH_TIMINGS';

function synthesize(config: OrgConfig, file: string, outdir: string, progress: Progress): void {
  const { result, orphanedStacks } = synthesizeInto(outdir, (stagingDir) => {
    const synthesized = synthesizeOrganization(config, stagingDir, { progress });
    if (synthesized.unacknowledged.length > 0) throw new SecurityFindingsError(synthesized.unacknowledged, file);
    // Never an empty success: a run that produced no stack is a failure.
    if (synthesized.stackNames.length === 0) throw new Error(`${file}: no stack was produced`);
    progress.step(`stacks synthesized, security rules checked: ${synthesized.stackNames.length}`);
    return synthesized;
  });
  const stackNames = result.stackNames;
  for (const stale of result.unusedAcknowledgements) {
    console.warn(
      `signin-watch: warning: acknowledgement [${stale.rule}]${stale.resource ? ` ${stale.resource}` : ''} in ${file} accepted no finding: remove it, or it will silently accept a future one`,
    );
  }
  // The cdktf CLI prints warning annotations (e.g. trail.cloudWatchLogs: false); so does this entry point.
  for (const warning of result.warnings) console.warn(`signin-watch: warning: ${warning}`);
  if (process.env[TIMINGS_VARIABLE]) writeFileSync(process.env[TIMINGS_VARIABLE], `${JSON.stringify(result.timings)}\n`);
  progress.step(`written: ${outdir}`);
  console.log(`signin-watch: synthesized ${stackNames.length} stacks into ${outdir}: ${stackNames.join(', ')}`);
  for (const stack of orphanedStacks) {
    console.warn(
      `signin-watch: stack "${stack}" is no longer in ${file}; ${path.join(outdir, 'stacks', stack)} keeps its Terraform files (state): destroy it, then remove the directory`,
    );
  }
}

/** Errors whose message says everything: printed without a stack trace. */
function isExpected(error: unknown): error is Error {
  return (
    error instanceof ConfigError ||
    error instanceof UsageError ||
    error instanceof OutputDirError ||
    error instanceof SecurityFindingsError ||
    error instanceof ProviderRoleError
  );
}

function main(): number {
  const env = process.env;
  const outdir = outputDir(env);
  let file = DEFAULT_CONFIG;
  try {
    file = configPath(process.argv.slice(2), env);
    const config = loadConfig(file);
    const progress = createProgress('synth', PHASES);
    progress.step(`config loaded: ${config.accounts.length} accounts`);
    synthesize(config, file, outdir, progress);
    return 0;
  } catch (error) {
    console.error(isExpected(error) ? error.message : error);
    if (!(error instanceof OutputDirError) && invalidateOutput(outdir)) {
      console.error(`signin-watch: removed the earlier synthesized configuration from ${outdir} (Terraform state kept): it no longer matches ${file}`);
    }
    return 1;
  }
}

if (require.main === module) process.exitCode = main();
