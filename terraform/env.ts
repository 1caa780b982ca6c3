/**
 * The environment of every Terraform call the project makes.
 *
 * - CHECKPOINT_DISABLE=1: no version check calls home.
 * - TF_CLI_CONFIG_FILE: a CLI config the project writes itself (under .tmp/,
 *   gitignored), so a stale or missing ~/.terraformrc on the machine does not
 *   matter. When SIGNIN_WATCH_PROVIDER_MIRROR names a directory laid out as
 *   `registry.terraform.io/hashicorp/aws/<version>/<os_arch>/`, the AWS
 *   provider comes only from there (offline). Unset or empty, the first
 *   mirror found in the usual places (terraform/mirror.ts) is used, the
 *   same search `.ci/run` reports; otherwise Terraform installs from the
 *   registry as usual.
 * - plugin_cache_dir: shared by every stack directory. Terraform 1.11 links an
 *   unpacked filesystem-mirror package instead of copying it (checked: both
 *   `.terraform/providers/.../linux_amd64` and the cache entry are symlinks to
 *   the mirror), and a registry download lands once in the cache and is then
 *   symlinked, so the ~675 MB provider binary is never copied per stack.
 *   Terraform's plugin cache is not safe for concurrent installs (two inits
 *   filling the same entry fail with "file exists"), so with a mirror the
 *   cache is seeded here, atomically, with the links Terraform would create.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { findProviderMirror, mirrorSearchRoots } from './mirror';

export const MIRROR_VARIABLE = 'SIGNIN_WATCH_PROVIDER_MIRROR';
export const AWS_PROVIDER_SOURCE = 'registry.terraform.io/hashicorp/aws';

export interface TerraformEnvOptions {
  /** Directory that holds `.tmp/` (the repo root by default). */
  root?: string;
  /** Environment to start from (process.env by default). */
  baseEnv?: NodeJS.ProcessEnv;
  /** Where to look for a mirror when the variable is unset (mirrorSearchRoots() by default; [] to never look). */
  mirrorRoots?: string[];
}

export interface TerraformEnv {
  /** Pass as `env` to every spawned terraform process. */
  env: NodeJS.ProcessEnv;
  cliConfigFile: string;
  pluginCacheDir: string;
  /** The provider mirror in use, or undefined for a registry install. */
  mirror?: string;
}

export const REPO_ROOT = path.resolve(__dirname, '..');

/** Text of the Terraform CLI config file: HCL, values JSON-quoted (valid HCL strings). */
export function terraformCliConfig(pluginCacheDir: string, mirror?: string): string {
  const lines = [`plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}`];
  if (mirror) {
    lines.push(
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = [${JSON.stringify(AWS_PROVIDER_SOURCE)}]`,
      '  }',
      '  direct {',
      `    exclude = [${JSON.stringify(AWS_PROVIDER_SOURCE)}]`,
      '  }',
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Throws when the mirror variable is set but does not name a usable mirror. */
export function checkMirror(mirror: string): string {
  const absolute = path.resolve(mirror);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    throw new Error(`${MIRROR_VARIABLE}=${mirror}: not a directory`);
  }
  if (!existsSync(path.join(absolute, AWS_PROVIDER_SOURCE))) {
    throw new Error(`${MIRROR_VARIABLE}=${mirror}: no ${AWS_PROVIDER_SOURCE} inside (expected ${AWS_PROVIDER_SOURCE}/<version>/<os_arch>/)`);
  }
  return absolute;
}

/**
 * Links every <version>/<os_arch> package of the mirror into the plugin cache
 * (what `terraform init` would do on first use), each link created under a
 * temporary name and renamed into place, so concurrent runs never collide.
 */
export function seedPluginCache(mirror: string, pluginCacheDir: string): void {
  const source = path.join(mirror, AWS_PROVIDER_SOURCE);
  for (const version of readdirSync(source)) {
    const versionDir = path.join(source, version);
    if (!statSync(versionDir).isDirectory()) continue;
    for (const platform of readdirSync(versionDir)) {
      const target = path.join(versionDir, platform);
      const entry = path.join(pluginCacheDir, AWS_PROVIDER_SOURCE, version, platform);
      if (!statSync(target).isDirectory() || existsSync(entry)) continue;
      mkdirSync(path.dirname(entry), { recursive: true });
      const partial = `${entry}.${process.pid}`;
      symlinkSync(target, partial);
      renameSync(partial, entry);
    }
  }
}

/**
 * The mirror every Terraform call uses: the variable's directory (checked),
 * else the first one found under `roots`, else undefined (registry install).
 */
export function resolveProviderMirror(baseEnv: NodeJS.ProcessEnv = process.env, roots: string[] = mirrorSearchRoots()): string | undefined {
  const configured = baseEnv[MIRROR_VARIABLE]?.trim();
  return configured ? checkMirror(configured) : findProviderMirror(roots);
}

/** Writes the CLI config under <root>/.tmp/ and returns the environment to run Terraform with. */
export function prepareTerraformEnv(options: TerraformEnvOptions = {}): TerraformEnv {
  const root = options.root ?? REPO_ROOT;
  const baseEnv = options.baseEnv ?? process.env;
  const mirror = resolveProviderMirror(baseEnv, options.mirrorRoots);
  const tmp = path.join(root, '.tmp');
  const pluginCacheDir = path.join(tmp, 'terraform-plugin-cache');
  mkdirSync(pluginCacheDir, { recursive: true });
  if (mirror) seedPluginCache(mirror, pluginCacheDir);
  const cliConfigFile = path.join(tmp, mirror ? 'terraformrc.mirror' : 'terraformrc.registry');
  // Write then rename: parallel runs (jest, verify) never read a half-written file.
  const partial = `${cliConfigFile}.${process.pid}`;
  writeFileSync(partial, terraformCliConfig(pluginCacheDir, mirror));
  renameSync(partial, cliConfigFile);
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    CHECKPOINT_DISABLE: '1',
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  // A plugin cache set in the environment would override ours.
  delete env.TF_PLUGIN_CACHE_DIR;
  return { env, cliConfigFile, pluginCacheDir, mirror };
}
