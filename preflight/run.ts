/**
 * `preflight`: read-only checks that a config can deploy into the live
 * organization, run before plan/apply. The handler `runPreflight(argv, deps)`
 * returns the exit code and never exits the process, so tests and the CLI call
 * it directly.
 *
 * Exit 0: ready. 1: problems found (each a PROBLEM line saying what to do).
 * 2: could not check (no credentials, bad config or usage, or some check could
 * not finish: UNCHECKED lines), and no problem found.
 */
import * as path from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigError, loadConfig } from '../detection/org-config';
import { managementAccount } from '../config/names';
import { parseArgs, UsageError } from '../command/args';
import { defaultRegion, type RetryOptions } from '../aws/org-api';
import { createProgress, type ProgressOptions } from '../command/progress';
import { sdkAwsAccess, type AwsAccess } from './aws';
import { checkAccounts } from './check-accounts';
import { checkChatbot } from './check-chatbot';
import { checkCloudTrailAccess } from './check-cloudtrail-access';
import { checkExistingTrail } from './check-existing-trail';
import { checkIdentityCenter } from './check-identity-center';
import { checkOptInRegions } from './check-opt-in-regions';
import { checkOrganization } from './check-organization';
import { checkRoles } from './check-roles';
import { checkScheduler } from './check-scheduler';
import { checkScps } from './check-scps';
import { checkStateBucket } from './check-state-bucket';
import { ROLE_KINDS, roleArn, sessionName, type PreflightContext, type RoleKind } from './context';
import { emptyReport, errorText, isAccessDenied, isCredentialsError, type CheckId, type CheckReport } from './report';

export const EXIT_READY = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_UNCHECKED = 2;

export const USAGE = 'npm run preflight -- [--config FILE] [--json] [--concurrency N] [--roles deployment,plan] [--management-role deployment|plan] [--help]';

export const NO_CREDENTIALS_MESSAGE = [
  'preflight: no AWS credentials found. Run it with credentials of the management account (or of the pipeline role, with --management-role):',
  '  - AWS_PROFILE=<profile> (after `aws sso login --profile ...` if it is an SSO profile), or',
  '  - AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials),',
  '  and AWS_REGION (default us-east-1; Organizations, Account Management, IAM and STS are served from there).',
].join('\n');

/** The checks, in the order they run: later ones use what earlier ones learned (accounts, role sessions). */
export const CHECKS: ReadonlyArray<{ id: CheckId; title: string; run: (context: PreflightContext) => Promise<CheckReport> }> = [
  { id: 'organization', title: 'organization id', run: checkOrganization },
  { id: 'accounts', title: 'accounts exist and are ACTIVE', run: checkAccounts },
  { id: 'cloudtrail-access', title: 'CloudTrail trusted access and service-linked role', run: checkCloudTrailAccess },
  { id: 'existing-trail', title: 'existing organization trail (trail.existing)', run: (context) => checkExistingTrail(context) },
  { id: 'roles', title: 'deployment and plan roles can be assumed', run: checkRoles },
  { id: 'opt-in-regions', title: 'opt-in regions enabled', run: checkOptInRegions },
  { id: 'scps', title: 'SCPs allow the deployment role', run: checkScps },
  { id: 'identity-center', title: 'Identity Center instance', run: checkIdentityCenter },
  { id: 'chatbot', title: 'Slack workspace in AWS Chatbot', run: checkChatbot },
  { id: 'scheduler', title: 'EventBridge Scheduler offered', run: checkScheduler },
  { id: 'state-bucket', title: 'S3 state bucket reachable', run: checkStateBucket },
];

export interface PreflightDeps {
  /** Builds the AWS access; gets the retry hook that prints a progress note. Default: the AWS SDK. */
  createAccess?: (options: Pick<RetryOptions, 'onRetry'>) => AwsAccess;
  out?: (text: string) => void;
  err?: (text: string) => void;
  progress?: ProgressOptions;
  env?: NodeJS.ProcessEnv;
}

export interface PreflightResult {
  callerArn: string;
  reports: CheckReport[];
  problems: number;
  unchecked: number;
}

function parseRoles(value: string | undefined): RoleKind[] {
  if (value === undefined) return [...ROLE_KINDS];
  const roles = value.split(',').map((role) => role.trim());
  for (const role of roles) if (!(ROLE_KINDS as readonly string[]).includes(role)) throw new UsageError(`--roles takes deployment, plan or both (comma-separated), got "${role}"`);
  return roles as RoleKind[];
}

export function formatReports(result: PreflightResult, accounts: number): string {
  const lines: string[] = [];
  for (const report of result.reports) {
    if (report.skipped) lines.push(`SKIPPED   ${report.id}: ${report.skipped}`);
    for (const line of report.ok) lines.push(`OK        ${report.id}: ${line}`);
    for (const line of report.problems) lines.push(`PROBLEM   ${report.id}: ${line}`);
    for (const line of report.unchecked) lines.push(`UNCHECKED ${report.id}: ${line}`);
  }
  const checks = result.reports.length;
  const summary =
    result.problems === 0 && result.unchecked === 0
      ? `preflight: ready: ${checks} checks passed for ${accounts} accounts (as ${result.callerArn})`
      : `preflight: ${result.problems} problem${result.problems === 1 ? '' : 's'}, ${result.unchecked} not checked, in ${checks} checks for ${accounts} accounts (as ${result.callerArn})${result.problems > 0 ? ': fix each PROBLEM line and run again' : ''}`;
  return `${[...lines, summary].join('\n')}\n`;
}

export function exitCodeOf(result: Pick<PreflightResult, 'problems' | 'unchecked'>): number {
  if (result.problems > 0) return EXIT_PROBLEMS;
  return result.unchecked > 0 ? EXIT_UNCHECKED : EXIT_READY;
}

export async function runPreflight(argv: string[], deps: PreflightDeps = {}): Promise<number> {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const err = deps.err ?? ((text: string) => process.stderr.write(text));
  const env = deps.env ?? process.env;
  try {
    const args = parseArgs(argv, { values: ['config', 'concurrency', 'roles', 'management-role'], flags: ['json', 'help'] });
    if (args.flags.has('help')) {
      out(`usage: ${USAGE}\nRead-only checks that the config can deploy into the organization (docs/preflight.md). Exit 0 ready, 1 problems found, 2 could not check.\n`);
      return EXIT_READY;
    }
    const concurrency = Number(args.values.concurrency ?? 4);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a positive integer, got ${args.values.concurrency}`);
    const roles = parseRoles(args.values.roles);
    const managementRole = args.values['management-role'];
    if (managementRole !== undefined && !(ROLE_KINDS as readonly string[]).includes(managementRole)) {
      throw new UsageError(`--management-role takes deployment or plan, got "${managementRole}"`);
    }
    const config = loadConfig(args.values.config ?? env.SIGNIN_WATCH_CONFIG ?? path.join(__dirname, '..', 'config', 'org.yaml'));

    const progress = createProgress('preflight', CHECKS.length, deps.progress);
    const onRetry: RetryOptions['onRetry'] = (attempt, error, delay) => progress.note(`throttled (${(error as Error).name}), retry ${attempt} in ${delay} ms`);
    const aws = deps.createAccess ? deps.createAccess({ onRetry }) : sdkAwsAccess({ region: defaultRegion(env), onRetry });

    let identity;
    try {
      identity = await aws.retry(() => aws.client(STSClient, aws.region).send(new GetCallerIdentityCommand({})));
    } catch (error) {
      if (isCredentialsError(error)) {
        err(`${NO_CREDENTIALS_MESSAGE}\n(${errorText(error)})\n`);
        return EXIT_UNCHECKED;
      }
      throw error;
    }
    const callerArn = identity.Arn ?? 'the caller';
    const callerAccountId = identity.Account ?? '';
    const management = managementAccount(config);
    const context: PreflightContext = {
      config,
      aws,
      callerArn,
      callerAccountId,
      managementSessionAccountId: callerAccountId,
      managementWho: callerArn,
      roles,
      concurrency,
      progress,
      sessions: new Map(),
    };

    if (managementRole !== undefined) {
      const arn = roleArn(context, managementRole as RoleKind, management);
      if (!arn) throw new UsageError(`--management-role plan: the config names no plan role for ${management.name} (deployment.planRoleName)`);
      try {
        aws.management = await aws.assumeRole(arn, sessionName(context, managementRole as RoleKind), config.deployment.externalId);
        context.managementSessionAccountId = management.id;
        context.managementWho = arn;
      } catch (error) {
        const kind = isAccessDenied(error) ? 'PROBLEM  ' : 'UNCHECKED';
        out(`${kind} management-role: ${callerArn} cannot assume ${arn} (${errorText(error)}): let that role trust the caller, or run preflight with management-account credentials and no --management-role\n`);
        return isAccessDenied(error) ? EXIT_PROBLEMS : EXIT_UNCHECKED;
      }
    } else if (callerAccountId !== management.id) {
      progress.note(`the caller's account ${callerAccountId} is not the management account ${management.id}: organization-level calls need a delegated administrator, or use --management-role`);
    }

    const reports: CheckReport[] = [];
    for (const check of CHECKS) {
      let report: CheckReport;
      try {
        report = await check.run(context);
      } catch (error) {
        report = emptyReport(check.id);
        report.unchecked.push(`${check.title}: could not check (${errorText(error)})`);
      }
      reports.push(report);
      progress.step(`${check.title}: ${report.skipped ? 'skipped' : `${report.problems.length} problems, ${report.unchecked.length} not checked`}`);
    }
    const result: PreflightResult = {
      callerArn,
      reports,
      problems: reports.reduce((sum, report) => sum + report.problems.length, 0),
      unchecked: reports.reduce((sum, report) => sum + report.unchecked.length, 0),
    };
    progress.done(`${result.problems} problems, ${result.unchecked} not checked`);
    out(args.flags.has('json') ? `${JSON.stringify({ ...result, exitCode: exitCodeOf(result) }, null, 2)}\n` : formatReports(result, config.accounts.length));
    return exitCodeOf(result);
  } catch (error) {
    if (error instanceof ConfigError) err(`${error.message}\n`);
    else err(`preflight: ${errorText(error)}\n`);
    if (error instanceof UsageError) err(`usage: ${USAGE}\n`);
    return EXIT_UNCHECKED;
  }
}
