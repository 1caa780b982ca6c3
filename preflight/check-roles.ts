/**
 * Check 4: the deployment role and the plan role (when configured) can be
 * assumed in every ACTIVE account (sts:AssumeRole with the config's external
 * id), at most `concurrency` at a time. The sessions are kept for the
 * in-account reads of later checks (Identity Center, Chatbot).
 */
import { mapBounded } from '../drift/check';
import { activeAccounts, roleArn, sessionName, who, type PreflightContext } from './context';
import { emptyReport, isAccessDenied, recordFailure, type CheckReport } from './report';

export async function checkRoles(context: PreflightContext): Promise<CheckReport> {
  const report = emptyReport('roles');
  const { config, aws } = context;
  const externalId = config.deployment.externalId;
  const accounts = activeAccounts(context);
  let assumed = 0;
  const attempted = new Set<string>();
  const lines = await mapBounded(accounts, context.concurrency, async (account) => {
    const problems: string[] = [];
    const unchecked: string[] = [];
    for (const kind of context.roles) {
      const arn = roleArn(context, kind, account);
      if (!arn) continue;
      attempted.add(kind);
      try {
        const credentials = await aws.assumeRole(arn, sessionName(context, kind), externalId);
        if (!context.sessions.has(account.id)) context.sessions.set(account.id, credentials);
        assumed += 1;
      } catch (error) {
        const partial = emptyReport('roles');
        if (isAccessDenied(error)) {
          partial.problems.push(
            `account ${who(account)}: ${context.callerArn} cannot assume the ${kind} role ${arn}: create the role there, let its trust policy admit the pipeline's role${externalId ? ' with sts:ExternalId = deployment.externalId' : ''}, and allow sts:AssumeRole on it to the caller (docs/deploy.md, One-time setup)`,
          );
        } else {
          recordFailure(partial, `account ${who(account)}: ${kind} role ${arn}`, 'sts:AssumeRole', context.callerArn, error);
        }
        problems.push(...partial.problems);
        unchecked.push(...partial.unchecked);
      }
    }
    context.progress.note(`roles of ${who(account)}: ${problems.length + unchecked.length === 0 ? 'assumed' : 'FAILED'}`);
    return { problems, unchecked };
  });
  for (const line of lines) {
    report.problems.push(...line.problems);
    report.unchecked.push(...line.unchecked);
  }
  if (report.problems.length + report.unchecked.length === 0) report.ok.push(`${assumed} role sessions (${[...attempted].join(' and ') || 'none configured'}) assumed in ${accounts.length} accounts`);
  return report;
}
