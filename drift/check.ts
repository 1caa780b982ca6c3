/**
 * Compares the organization as AWS reports it with the config: accounts on
 * either side only, suspended or closing accounts, and opt-in regions whose
 * status disagrees with `optInRegions` (an enabled region nobody listed is a
 * blind spot: sign-ins there reach no forwarder).
 */
import type { AccountConfig, OrgConfig } from '../config/schema';
import { isDefaultEnabledRegion, isKnownRegion } from '../config/regions';
import type { OrgAccount, OrgApi, RegionStatus } from '../aws/org-api';
import type { Progress } from '../command/progress';

export type DriftKind =
  | 'account-not-in-config'
  | 'account-not-in-organization'
  | 'account-not-active'
  | 'region-enabled-not-listed'
  | 'region-listed-not-enabled';

export interface DriftFinding {
  kind: DriftKind;
  accountId: string;
  /** Config name, or the Organizations name for accounts the config lacks. */
  accountName: string;
  region?: string;
  /** The account's email in Organizations (account-not-in-config: what `drift --write` adds). */
  email?: string;
  message: string;
}

export interface DriftResult {
  callerAccountId: string;
  organizationAccounts: number;
  configAccounts: number;
  checkedAccounts: number;
  findings: DriftFinding[];
  /** Accounts whose regions could not be listed (e.g. access denied): the check is incomplete. */
  errors: Array<{ accountId: string; accountName: string; message: string }>;
}

const ENABLED_STATUSES = new Set(['ENABLED', 'ENABLING']);
const ACTIVE = 'ACTIVE';

export function accountDrift(config: OrgConfig, orgAccounts: readonly OrgAccount[]): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const byId = new Map(orgAccounts.map((account) => [account.id, account]));
  const configured = new Set(config.accounts.map((account) => account.id));

  for (const account of config.accounts) {
    const live = byId.get(account.id);
    if (!live) {
      findings.push({
        kind: 'account-not-in-organization',
        accountId: account.id,
        accountName: account.name,
        message: `account ${account.name} (${account.id}) is in the config but not in the organization: remove it from accounts, or check the id`,
      });
    } else if (live.state !== ACTIVE) {
      findings.push({
        kind: 'account-not-active',
        accountId: account.id,
        accountName: account.name,
        message: `account ${account.name} (${account.id}) is ${live.state} in the organization: remove it from accounts, its stack cannot deploy`,
      });
    }
  }
  for (const live of orgAccounts) {
    if (configured.has(live.id) || live.state !== ACTIVE) continue;
    findings.push({
      kind: 'account-not-in-config',
      accountId: live.id,
      accountName: live.name,
      email: live.email,
      message: `account ${live.name || '(no name)'} (${live.id}${live.email ? `, ${live.email}` : ''}) is in the organization but not in the config: its sign-ins are not forwarded; add it to accounts`,
    });
  }
  return findings;
}

export function regionDrift(account: AccountConfig, regions: readonly RegionStatus[]): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const listed = new Set(account.optInRegions);
  const statusOf = new Map(regions.map((entry) => [entry.region, entry.status]));
  const who = `${account.name} (${account.id})`;

  for (const { region, status } of regions) {
    if (!ENABLED_STATUSES.has(status) || listed.has(region) || isDefaultEnabledRegion(region)) continue;
    const catalogueHint = isKnownRegion(region) ? '' : ` (${region} is not in config/regions.ts yet: add it to OPT_IN_REGIONS first)`;
    findings.push({
      kind: 'region-enabled-not-listed',
      accountId: account.id,
      accountName: account.name,
      region,
      message: `account ${who}: region ${region} is ${status} but not in optInRegions: sign-ins there are not forwarded; add it${catalogueHint}`,
    });
  }
  for (const region of account.optInRegions) {
    const status = statusOf.get(region);
    if (status && ENABLED_STATUSES.has(status)) continue;
    findings.push({
      kind: 'region-listed-not-enabled',
      accountId: account.id,
      accountName: account.name,
      region,
      message: `account ${who}: region ${region} is in optInRegions but ${status ?? 'not enabled'}: its forwarder cannot deploy; enable the region or remove it`,
    });
  }
  return findings;
}

/** Runs `worker` over `items` with at most `limit` in flight, keeping result order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await worker(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

export interface DriftOptions {
  /** Accounts whose regions are listed in parallel. */
  concurrency?: number;
  progress?: Progress;
}

export async function checkDrift(config: OrgConfig, api: OrgApi, options: DriftOptions = {}): Promise<DriftResult> {
  const caller = await api.callerAccountId();
  const orgAccounts = await api.listAccounts();
  options.progress?.note(`organization lists ${orgAccounts.length} accounts, the config ${config.accounts.length}`);
  const findings = accountDrift(config, orgAccounts);

  const active = new Set(orgAccounts.filter((account) => account.state === ACTIVE).map((account) => account.id));
  const checkable = config.accounts.filter((account) => active.has(account.id));
  const errors: DriftResult['errors'] = [];
  const perAccount = await mapBounded(checkable, options.concurrency ?? 4, async (account) => {
    try {
      // The caller's own account (the management account) cannot pass its own id.
      const regions = await api.listRegions(account.id === caller ? undefined : account.id);
      const drift = regionDrift(account, regions);
      options.progress?.step(`regions of ${account.name} (${account.id}): ${drift.length} drift${drift.length === 1 ? '' : 's'}`);
      return drift;
    } catch (error) {
      // One unreadable account must not hide the drift of the others: record it, go on.
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      errors.push({ accountId: account.id, accountName: account.name, message });
      options.progress?.step(`regions of ${account.name} (${account.id}): FAILED (${message})`);
      return [];
    }
  });

  return {
    callerAccountId: caller,
    organizationAccounts: orgAccounts.length,
    configAccounts: config.accounts.length,
    checkedAccounts: checkable.length - errors.length,
    findings: [...findings, ...perAccount.flat()],
    errors: errors.sort((a, b) => a.accountName.localeCompare(b.accountName)),
  };
}
