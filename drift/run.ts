/**
 * signin-watch drift [--config FILE] [--json] [--concurrency N] [--write]
 *
 * Compares the live organization with the config, using credentials of the
 * management account: accounts in the organization but not in the config (or
 * the reverse, or suspended), and opt-in regions ENABLED or ENABLING in an
 * account but missing from its optInRegions (or listed but disabled).
 *
 * Needs organizations:ListAccounts, account:ListRegions, sts:GetCallerIdentity
 * (and trusted access for Account Management in the organization).
 * Exit 0: in sync. 1: drift found. 2: error (no credentials, access denied, bad config).
 * --write edits the config to match (comments and layout kept; see
 * drift/write.ts): exit 0 when every finding was written, 1 when
 * some are left for a human, 2 when the edited config would be invalid (nothing written).
 * Arguments are parsed in cli/commands/drift.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../detection/org-config';
import { applyDriftEdits } from './write';
import { checkDrift, type DriftResult } from './check';
import { defaultRegion, sdkOrgApi, type OrgApi, type RetryOptions } from '../aws/org-api';
import { createProgress, type ProgressOptions } from '../command/progress';

export const EXIT_IN_SYNC = 0;
export const EXIT_DRIFT = 1;
export const EXIT_ERROR = 2;

export const NO_CREDENTIALS_MESSAGE = [
  'drift: no AWS credentials found. Run it with credentials of the management account:',
  '  - AWS_PROFILE=<profile of the management account> (after `aws sso login --profile ...` if it is an SSO profile), or',
  '  - AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials),',
  '  and AWS_REGION (default us-east-1; Organizations and Account Management are served from there).',
].join('\n');

const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'TokenProviderError']);
const ACCESS_ERRORS = new Set(['AccessDeniedException', 'AccessDenied', 'AWSOrganizationsNotInUseException']);

export interface DriftDeps {
  /** Builds the AWS access; gets the retry hook that prints a progress note. Default: the AWS SDK. */
  createApi?: (options: Pick<RetryOptions, 'onRetry'>) => OrgApi;
  out?: (text: string) => void;
  err?: (text: string) => void;
  progress?: ProgressOptions;
  /** Environment (AWS_PROFILE, config file locations). Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Errors of a request that never reached AWS (no network, DNS, proxy). */
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'TimeoutError']);

/** Profile names in the shared config and credentials files ([profile x] / [x]), as the AWS CLI and SDKs read them. */
export function sharedProfiles(env: NodeJS.ProcessEnv): Set<string> {
  const home = env.HOME || homedir();
  const files = [
    { file: env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'), prefixed: true },
    { file: env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'), prefixed: false },
  ];
  const names = new Set<string>();
  for (const { file, prefixed } of files) {
    if (!existsSync(file)) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
      const section = match[1];
      if (!prefixed || section === 'default') names.add(section);
      else if (section.startsWith('profile ')) names.add(section.slice('profile '.length).trim());
    }
  }
  return names;
}

/** A named profile that no shared file defines: said before any AWS call, with where it was looked for. */
export function missingProfileMessage(env: NodeJS.ProcessEnv): string | undefined {
  const profile = env.AWS_PROFILE?.trim();
  if (!profile || sharedProfiles(env).has(profile)) return undefined;
  const home = env.HOME || homedir();
  return [
    `drift: AWS_PROFILE=${profile} names a profile that is not defined in ${env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')} or ${env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')}.`,
    '  Check the name (`aws configure list-profiles`), or unset AWS_PROFILE to use AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
  ].join('\n');
}

export function explainError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (error instanceof ConfigError) return message;
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name) || /getaddrinfo|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|socket hang up/.test(message)) {
    return `drift: cannot reach AWS (${message}): credentials were found, but the request did not get through; check the network connection, a proxy (HTTPS_PROXY) or AWS_REGION (${process.env.AWS_REGION ?? 'unset'})`;
  }
  if (CREDENTIAL_ERRORS.has(name)) return `${NO_CREDENTIALS_MESSAGE}\n(${name}: ${message})`;
  if (ACCESS_ERRORS.has(name)) {
    return `drift: ${name}: ${message}\nRun it with credentials of the management account (or a delegated administrator) allowed organizations:ListAccounts, account:ListRegions and sts:GetCallerIdentity; ListRegions for member accounts also needs trusted access for Account Management.`;
  }
  return `drift: ${name ? `${name}: ` : ''}${message}`;
}

export function formatResult(result: DriftResult): string {
  const lines = [
    ...result.findings.map((finding) => `DRIFT ${finding.message}`),
    ...result.errors.map((error) => `ERROR regions of ${error.accountName} (${error.accountId}) could not be listed: ${error.message}`),
  ];
  const summary =
    result.findings.length === 0
      ? `drift: in sync: ${result.configAccounts} accounts of the config match the organization (${result.organizationAccounts} accounts); opt-in regions checked in ${result.checkedAccounts}`
      : `drift: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} (organization ${result.organizationAccounts} accounts, config ${result.configAccounts}, regions checked in ${result.checkedAccounts})`;
  return `${[...lines, summary].join('\n')}\n`;
}

export interface DriftOptions {
  config: string;
  json?: boolean;
  concurrency?: number;
  /** Edit the config file to match the organization (drift/write.ts). */
  write?: boolean;
}

/** Applies the findings to the config file; returns the exit code (0: all written, 1: some left for a human, 2: not written). */
function writeConfig(file: string, result: DriftResult, err: (text: string) => void): number {
  const before = readFileSync(file, 'utf8');
  const edits = applyDriftEdits(before, result.findings);
  try {
    parseConfig(edits.text, file);
  } catch (error) {
    err(`drift: not written: the edited config would be invalid (fix these by hand, then run drift --write again):\n${(error as Error).message}\n`);
    return EXIT_ERROR;
  }
  if (edits.text !== before) writeFileSync(file, edits.text);
  err(`drift: wrote ${edits.applied.length} edit${edits.applied.length === 1 ? '' : 's'} to ${file}${edits.applied.map((line) => `\n  ${line}`).join('')}\n`);
  for (const line of edits.skipped) err(`drift: not written: ${line}\n`);
  return edits.skipped.length === 0 ? EXIT_IN_SYNC : EXIT_DRIFT;
}

export async function runDrift(options: DriftOptions, deps: DriftDeps = {}): Promise<number> {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const err = deps.err ?? ((text: string) => process.stderr.write(text));
  const env = deps.env ?? process.env;
  try {
    const concurrency = options.concurrency ?? 4;
    const config = loadConfig(options.config);
    if (!deps.createApi) {
      const missingProfile = missingProfileMessage(env);
      if (missingProfile) {
        err(`${missingProfile}\n`);
        return EXIT_ERROR;
      }
    }

    const progress = createProgress('drift', config.accounts.length, deps.progress);
    const onRetry: RetryOptions['onRetry'] = (attempt, error, delay) => progress.note(`throttled (${(error as Error).name}), retry ${attempt} in ${delay} ms`);
    const api = deps.createApi ? deps.createApi({ onRetry }) : sdkOrgApi({ region: defaultRegion(), onRetry });
    const result = await checkDrift(config, api, { concurrency, progress });
    progress.done(`${result.findings.length} drift finding${result.findings.length === 1 ? '' : 's'}`);

    out(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
    if (result.errors.length > 0) {
      err(`drift: incomplete: ${result.errors.length} account${result.errors.length === 1 ? '' : 's'} could not be checked (see ERROR lines)\n`);
      return EXIT_ERROR;
    }
    if (options.write && result.findings.length > 0) return writeConfig(options.config, result, err);
    return result.findings.length === 0 ? EXIT_IN_SYNC : EXIT_DRIFT;
  } catch (error) {
    err(`${explainError(error)}\n`);
    return EXIT_ERROR;
  }
}
