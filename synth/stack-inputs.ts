/**
 * What a member stack is synthesized from, for the incremental synth
 * (synth/stack-cache.ts): the stack's output is reused only when the hash of
 * these inputs, and of the code version, is the one it was written with.
 *
 * - `memberStackInputs` is the projection of the config a member stack reads:
 *   its own account entry, and the organization-wide settings it uses (the
 *   deployment settings that names and provider roles derive from, the
 *   aggregator's bus, GuardDuty forwarding, excluded regions, the state
 *   backend, the provider role, the acknowledgements that can accept one of
 *   its findings). Not the other accounts' entries: the forwarder patterns
 *   do not list their deployment roles (the central pipeline log does). test/synth/stack-inputs.test.ts mutates
 *   every field of a config and fails when a member stack's output changes
 *   while its key does not: a field read here and not projected is caught.
 * - `codeVersion` hashes every file that can change what is synthesized:
 *   the source folders a synth loads (stacks/, detection/, config/ without its
 *   YAML organization files, synth/, command/), main.ts, the package and lock
 *   files, the installed cdktf, constructs and AWS provider versions, and Node's
 *   version. Conservative on purpose: any code change invalidates every entry.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AccountConfig, OrgConfig } from '../config/schema';
import { aggregatorAccount, memberStackName } from '../config/names';
import { guardDutyForwardingFor } from '../detection/forwarder-patterns';
import type { ProviderRole } from '../stacks/provider';

/** Folders whose files can change a synthesized stack (relative to the project root). */
export const CODE_FOLDERS: readonly string[] = ['stacks', 'detection', 'config', 'synth', 'command'];
/** Single files that can change one. */
export const CODE_FILES: readonly string[] = ['main.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'cdktf.json'];
/** Installed packages whose code writes the stacks (their own versions, whatever the lock file says). */
const SYNTH_PACKAGES: readonly string[] = ['cdktf', 'constructs', '@cdktf/provider-aws'];

/** Organization configs are data, fed to each stack's key through the projection: editing config/org.yaml is not a code change. */
function isConfigData(relative: string): boolean {
  return relative.startsWith(`config${path.sep}`) && /\.ya?ml$/.test(relative);
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    return Object.fromEntries(Object.keys(item).sort().map((key) => [key, (item as Record<string, unknown>)[key]]));
  });
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function filesUnder(root: string, relative: string): string[] {
  const dir = path.join(root, relative);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(root, child);
      return entry.isFile() ? [child] : [];
    });
}

function installedVersion(root: string, name: string): string {
  const file = path.join(root, 'node_modules', name, 'package.json');
  return existsSync(file) ? String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version) : 'absent';
}

/** The files hashed into the code version, relative to `root`, in a stable order. */
export function codeFiles(root: string): string[] {
  return [...CODE_FOLDERS.flatMap((folder) => filesUnder(root, folder)).filter((file) => !isConfigData(file)), ...CODE_FILES.filter((file) => existsSync(path.join(root, file)))];
}

/** Hash of the code that synthesizes the stacks of the project at `root`. */
export function codeVersion(root: string): string {
  const hash = createHash('sha256');
  for (const file of codeFiles(root)) hash.update(`${file}\0${sha256(readFileSync(path.join(root, file)))}\n`);
  for (const name of SYNTH_PACKAGES) hash.update(`package ${name}@${installedVersion(root, name)}\n`);
  hash.update(`node ${process.version}\n`);
  return hash.digest('hex');
}

/**
 * The acknowledgements that can accept a finding of stack `stack`
 * (stacks/rules/aspect.ts `acknowledgementFor`): those without a resource, or
 * naming a Terraform address (no `/`), or a path or `<stack>/<address>` of
 * this stack. Their order is kept: the first match wins.
 */
export function acknowledgementsFor(config: Pick<OrgConfig, 'acknowledgements'>, stack: string): OrgConfig['acknowledgements'] {
  return config.acknowledgements.filter(({ resource }) => !resource || !resource.includes('/') || resource === stack || resource.startsWith(`${stack}/`));
}

/** Everything of the config (and of the run) that member stack `member-<account>` is built from. */
export function memberStackInputs(config: OrgConfig, account: AccountConfig, providerRole: ProviderRole): unknown {
  const stack = memberStackName(account);
  const { roleName, planRoleName, externalId, namePrefix } = config.deployment;
  return {
    stack,
    account,
    providerRole,
    excludedRegions: config.excludedRegions ?? null,
    deployment: { roleName, planRoleName: planRoleName ?? null, externalId: externalId ?? null, namePrefix },
    aggregator: { accountId: aggregatorAccount(config).id, region: config.aggregator.region },
    guardDutyForwarding: guardDutyForwardingFor(config, account),
    state: config.state,
    acknowledgements: acknowledgementsFor(config, stack),
  };
}

/** The key a member stack's output is stored under: its inputs and the code version (plus the app's context: cdktf feature flags). */
export function memberStackKey(code: string, context: unknown, config: OrgConfig, account: AccountConfig, providerRole: ProviderRole): string {
  return sha256(canonicalJson({ code, context, inputs: memberStackInputs(config, account, providerRole) }));
}
