/**
 * npm run drift -- [--config FILE] [--json] [--concurrency N]
 *
 * Compares the live organization with the config, using credentials of the
 * management account: accounts in the organization but not in the config (or
 * the reverse, or suspended), and opt-in regions ENABLED or ENABLING in an
 * account but missing from its optInRegions (or listed but disabled).
 *
 * Needs organizations:ListAccounts, account:ListRegions, sts:GetCallerIdentity
 * (and trusted access for Account Management in the organization).
 * Exit 0: in sync. 1: drift found. 2: error (no credentials, access denied, bad config).
 */
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../config/load';
import { parseArgs, UsageError } from './lib/args';
import { checkDrift, type DriftResult } from './lib/drift-check';
import { defaultRegion, sdkOrgApi, type OrgApi, type RetryOptions } from './lib/org-api';
import { createProgress, type ProgressOptions } from './progress';

const PROJECT_ROOT = path.resolve(__dirname, '..');

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
}

export function explainError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConfigError) return message;
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

export async function main(argv: string[], deps: DriftDeps = {}): Promise<number> {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const err = deps.err ?? ((text: string) => process.stderr.write(text));
  try {
    const args = parseArgs(argv, { values: ['config', 'concurrency'], flags: ['json'] });
    const concurrency = Number(args.values.concurrency ?? 4);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a positive integer, got ${args.values.concurrency}`);
    const config = loadConfig(args.values.config ?? process.env.SIGNIN_WATCH_CONFIG ?? path.join(PROJECT_ROOT, 'config', 'org.yaml'));

    const progress = createProgress('drift', config.accounts.length, deps.progress);
    const onRetry: RetryOptions['onRetry'] = (attempt, error, delay) => progress.note(`throttled (${(error as Error).name}), retry ${attempt} in ${delay} ms`);
    const api = deps.createApi ? deps.createApi({ onRetry }) : sdkOrgApi({ region: defaultRegion(), onRetry });
    const result = await checkDrift(config, api, { concurrency, progress });
    progress.done(`${result.findings.length} drift finding${result.findings.length === 1 ? '' : 's'}`);

    out(args.flags.has('json') ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
    if (result.errors.length > 0) {
      err(`drift: incomplete: ${result.errors.length} account${result.errors.length === 1 ? '' : 's'} could not be checked (see ERROR lines)\n`);
      return EXIT_ERROR;
    }
    return result.findings.length === 0 ? EXIT_IN_SYNC : EXIT_DRIFT;
  } catch (error) {
    err(`${explainError(error)}\n`);
    if (error instanceof UsageError) err('usage: npm run drift -- [--config FILE] [--json] [--concurrency N]\n');
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
