/**
 * Check 6: service control policies that would deny the deployment role in a
 * region the config deploys to. For each member account (SCPs do not apply to
 * the management account: "SCPs don't affect users or roles in the management
 * account", AWS Organizations User Guide, "Service control policies"), the
 * chain of targets from the root down to the account (organizations:ListParents),
 * the SCPs attached to each (ListPoliciesForTarget, filter SERVICE_CONTROL_POLICY)
 * and their text (DescribePolicy), evaluated by scp-evaluator.ts for every
 * action of stack-actions.ts in every deployed region.
 */
import {
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { AccountConfig, OrgConfig } from '../config/schema';
import { deploymentRoleArn, managementAccount, planRoleArn } from '../config/names';
import { mapBounded } from '../drift/check';
import { activeAccounts, who, type PreflightContext } from './context';
import { deployedRegions } from './deployed-regions';
import { errorName, recordFailure, emptyReport, type CheckReport } from './report';
import { evaluateScps, type ScpLevel, type ScpPolicy } from './scp-evaluator';
import { GLOBAL_SERVICE_REGION, memberStackActions, memberStackReadActions, type StackAction } from './stack-actions';
import { allPages } from '../aws/pages';

const SCP_FILTER = 'SERVICE_CONTROL_POLICY';

/** Reads the SCP chain of accounts, caching parents, attachments and policy texts (shared by many accounts). */
class ScpReader {
  private readonly parents = new Map<string, Promise<string | undefined>>();
  private readonly attached = new Map<string, Promise<string[]>>();
  private readonly texts = new Map<string, Promise<ScpPolicy>>();
  private readonly organizations: OrganizationsClient;

  constructor(private readonly context: PreflightContext) {
    this.organizations = context.aws.client(OrganizationsClient, context.aws.region, context.aws.management);
  }

  private memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let entry = cache.get(key);
    if (!entry) {
      entry = load();
      cache.set(key, entry);
      entry.catch(() => cache.delete(key));
    }
    return entry;
  }

  /** Parent of a child (OU or root id); undefined at the root. */
  parentOf(childId: string): Promise<string | undefined> {
    return this.memo(this.parents, childId, async () => {
      const page = await this.context.aws.retry(() => this.organizations.send(new ListParentsCommand({ ChildId: childId })));
      return page.Parents?.[0]?.Id;
    });
  }

  policiesOf(targetId: string): Promise<string[]> {
    return this.memo(this.attached, targetId, async () => {
      return allPages(
        (token) =>
          this.context.aws.retry(() => this.organizations.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: SCP_FILTER, NextToken: token }))),
        (page) => (page.Policies ?? []).map((policy) => policy.Id),
      );
    });
  }

  policy(policyId: string): Promise<ScpPolicy> {
    return this.memo(this.texts, policyId, async () => {
      const { Policy: policy } = await this.context.aws.retry(() => this.organizations.send(new DescribePolicyCommand({ PolicyId: policyId })));
      return { id: policyId, name: policy?.PolicySummary?.Name ?? policyId, content: policy?.Content ?? '{}' };
    });
  }

  /** Root first, the account last. */
  async chain(accountId: string): Promise<ScpLevel[]> {
    const targets = [accountId];
    for (let parent = await this.parentOf(accountId); parent; parent = parent.startsWith('r-') ? undefined : await this.parentOf(parent)) {
      targets.unshift(parent);
    }
    return Promise.all(targets.map(async (targetId) => ({ targetId, policies: await Promise.all((await this.policiesOf(targetId)).map((id) => this.policy(id))) })));
  }
}

interface Verdicts {
  decision: 'denied' | 'unknown';
  policy: ScpPolicy;
  targetId: string;
  reason: string;
  actions: Set<string>;
  regions: Set<string>;
}

/**
 * Evaluates one account's chain for `principalArn` (default: the deployment
 * role, with the create actions), every deployed region and action; groups
 * the verdicts per statement.
 */
export function scpFindings(
  levels: readonly ScpLevel[],
  config: OrgConfig,
  account: AccountConfig,
  regions: readonly string[],
  principalArn: string = deploymentRoleArn(config, account),
  actions: readonly StackAction[] = memberStackActions(),
): Verdicts[] {
  const grouped = new Map<string, Verdicts>();
  for (const { action, global, resources } of actions) {
    for (const region of global ? [GLOBAL_SERVICE_REGION] : regions) {
      const verdict = evaluateScps(levels, { action, region, principalArn, resources: resources(config, account, region) });
      if (verdict.decision === 'allowed') continue;
      const key = `${verdict.decision}|${verdict.policy.id}|${verdict.targetId}|${verdict.reason}`;
      const entry = grouped.get(key) ?? { ...verdict, actions: new Set<string>(), regions: new Set<string>() };
      entry.actions.add(action);
      entry.regions.add(region);
      grouped.set(key, entry);
    }
  }
  return [...grouped.values()];
}

export async function checkScps(context: PreflightContext): Promise<CheckReport> {
  const report = emptyReport('scps');
  const { config } = context;
  const management = managementAccount(config);
  const members = activeAccounts(context).filter((account) => account.id !== management.id);
  const reader = new ScpReader(context);
  let scpsDisabled = false;

  const results = await mapBounded(members, context.concurrency, async (account) => {
    const partial = emptyReport('scps');
    // The deployment role's creates decide whether the stack deploys; the plan role's reads whether pull requests can plan it.
    const principals: Array<{ label: string; arn: string; actions: StackAction[] }> = [{ label: 'deployment role', arn: deploymentRoleArn(config, account), actions: memberStackActions() }];
    const plan = planRoleArn(config, account);
    if (plan && context.roles.includes('plan')) principals.push({ label: 'plan role', arn: plan, actions: memberStackReadActions() });
    try {
      const levels = await reader.chain(account.id);
      for (const principal of principals) {
        for (const verdict of scpFindings(levels, config, account, deployedRegions(config, account), principal.arn, principal.actions)) {
          const what = `account ${who(account)}: SCP ${verdict.policy.name} (${verdict.policy.id}) on ${verdict.targetId}`;
          const scope = `${[...verdict.actions].join(', ')} in ${[...verdict.regions].join(', ')}`;
          if (verdict.decision === 'denied') {
            partial.problems.push(
              `${what} denies the ${principal.label} ${principal.arn} ${scope} (${verdict.reason}): exempt the role from that SCP (docs/deploy.md, Region-deny SCPs), or stop deploying to those regions`,
            );
          } else {
            partial.unchecked.push(`${what}: could not evaluate whether it denies the ${principal.label} ${principal.arn} ${scope} (${verdict.reason}): check it by hand`);
          }
        }
      }
    } catch (error) {
      if (errorName(error) === 'PolicyTypeNotEnabledException') {
        scpsDisabled = true;
      } else {
        recordFailure(partial, `account ${who(account)}: SCPs`, 'organizations:ListParents, organizations:ListPoliciesForTarget and organizations:DescribePolicy', context.managementWho, error);
      }
    }
    context.progress.note(`SCPs of ${who(account)}: ${partial.problems.length} denying, ${partial.unchecked.length} not evaluated`);
    return partial;
  });
  for (const partial of results) {
    report.problems.push(...partial.problems);
    report.unchecked.push(...partial.unchecked);
  }
  if (report.problems.length + report.unchecked.length === 0) {
    report.ok.push(
      scpsDisabled
        ? 'service control policies are not enabled in the organization: nothing denies the deployment roles'
        : `no SCP denies the deployment role${context.roles.includes('plan') ? ' or the plan role' : ''} of ${members.length} member accounts in the regions they deploy to`,
    );
  }
  return report;
}
