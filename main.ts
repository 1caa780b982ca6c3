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
 */
import * as path from 'node:path';
import { loadConfig, ConfigError } from './config/load';
import type { OrgConfig } from './config/schema';
import { invalidateOutput, synthesizeInto, OutputDirError } from './scripts/lib/output-dir';
import { buildApp } from './stacks/app';

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

function synthesize(config: OrgConfig, file: string, outdir: string): void {
  const { result: stackNames, orphanedStacks } = synthesizeInto(outdir, (stagingDir) => {
    const { app, stackNames: names } = buildApp(config, stagingDir);
    // Never an empty success: a run that produced no stack is a failure.
    if (names.length === 0) throw new Error(`${file}: no stack was produced`);
    app.synth();
    return names;
  });
  console.log(`signin-watch: synthesized ${stackNames.length} stacks into ${outdir}: ${stackNames.join(', ')}`);
  for (const stack of orphanedStacks) {
    console.warn(
      `signin-watch: stack "${stack}" is no longer in ${file}; ${path.join(outdir, 'stacks', stack)} keeps its Terraform files (state): destroy it, then remove the directory`,
    );
  }
}

function main(): number {
  const env = process.env;
  const outdir = outputDir(env);
  let file = DEFAULT_CONFIG;
  try {
    file = configPath(process.argv.slice(2), env);
    const config = loadConfig(file);
    synthesize(config, file, outdir);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof OutputDirError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    if (!(error instanceof OutputDirError) && invalidateOutput(outdir)) {
      console.error(`signin-watch: removed the earlier synthesized configuration from ${outdir} (Terraform state kept): it no longer matches ${file}`);
    }
    return 1;
  }
}

if (require.main === module) process.exitCode = main();
