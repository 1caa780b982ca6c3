/**
 * Config that silently weakens coverage is refused (issue 18 item 7,
 * security checklist item 26), each at its place in the file with a fix:
 *
 * - `alerts.ignorePrincipals` with a wildcard account: any member admin could
 *   create a principal of that name in their own account and silence their
 *   own sign-ins. List the accounts instead.
 * - Excluding `us-east-1` (organization-wide or per account): "AWS global
 *   services, such as AWS Identity and Access Management (IAM), AWS
 *   Organizations, and AWS Account Management deliver events only to
 *   us-east-1 Region" (AWS re:Post Knowledge Center,
 *   https://repost.aws/knowledge-center/use-eventbridge-rule-across-regions),
 *   so the account loses every per-event alert of the kinds built on them
 *   (named from the catalogue through CatalogueLimits.globalServiceKinds),
 *   unless acknowledged: `acknowledgements: - rule: SW-CONFIG-US-EAST-1`.
 */
import type { AccountConfig, OrgConfig } from './schema';

export interface WeakeningIssue {
  path: PropertyKey[];
  message: string;
}

/** The region global services deliver their events to. */
export const GLOBAL_SERVICE_EVENTS_REGION = 'us-east-1';

/** Acknowledgement rule id that accepts excluding us-east-1 (optionally limited by `resource` to one account name). */
export const US_EAST_1_EXCLUSION_RULE = 'SW-CONFIG-US-EAST-1';

/** Acknowledgement rule ids of config checks (not of the stacks' security rule pack): synth never reports them as unused. */
export const CONFIG_ACKNOWLEDGEMENT_RULES: readonly string[] = [US_EAST_1_EXCLUSION_RULE];

/** The account field (5th) of an ARN pattern. */
function accountFieldOf(arn: string): string | undefined {
  return arn.split(':')[4];
}

/** ignorePrincipals entries whose account is a wildcard (or empty). */
export function checkIgnorePrincipalAccounts(config: OrgConfig): WeakeningIssue[] {
  const example = config.accounts[0]?.id ?? '111111111111';
  const issues: WeakeningIssue[] = [];
  config.alerts.ignorePrincipals.forEach((principal, index) => {
    const account = accountFieldOf(principal.arn);
    if (account === undefined || /^\d{12}$/.test(account)) return;
    const fields = principal.arn.split(':');
    const concrete = [...fields.slice(0, 4), example, ...fields.slice(5)].join(':');
    issues.push({
      path: ['alerts', 'ignorePrincipals', index, 'arn'],
      message:
        `the account of "${principal.arn}" is not one 12-digit account id: an admin of any account could create a principal of that name and silence their own sign-ins; ` +
        `list each account the principal lives in as its own entry (e.g. ${concrete})`,
    });
  });
  return issues;
}

/** The acknowledgement that accepts excluding us-east-1 for `account` (undefined: organization-wide, only an entry without resource). */
function usEast1Acknowledged(config: OrgConfig, account?: AccountConfig): boolean {
  return config.acknowledgements.some(
    (ack) => ack.rule === US_EAST_1_EXCLUSION_RULE && (ack.resource === undefined || (account !== undefined && (ack.resource === account.name || ack.resource === account.id))),
  );
}

/**
 * us-east-1 excluded without an acknowledgement; `globalKinds` are the
 * enabled alert kinds that lose their per-event alerts (from the catalogue).
 * Also an acknowledgement of SW-CONFIG-US-EAST-1 that accepts nothing: a stale
 * one would silently accept a future exclusion.
 */
export function checkUsEast1Exclusions(config: OrgConfig, globalKinds: readonly string[]): WeakeningIssue[] {
  const issues: WeakeningIssue[] = [];
  const kinds = globalKinds.length > 0 ? globalKinds.join(', ') : 'none of the enabled kinds, but any kind on IAM, Organizations or Account Management events';
  const why =
    `AWS global services (IAM, Organizations, Account Management) deliver their events to EventBridge only in ${GLOBAL_SERVICE_EVENTS_REGION}, ` +
    `so these alert kinds lose their per-event alerts in every region: ${kinds} (only the trail's safety-net alarms remain)`;
  const fix = (resource?: string) =>
    `keep ${GLOBAL_SERVICE_EVENTS_REGION} (exempt the deployment role from the region deny, docs/deploy.md), or accept it under acknowledgements: ` +
    `- rule: ${US_EAST_1_EXCLUSION_RULE}${resource ? `, resource: ${resource}` : ''}, reason: <why>`;
  const orgIndex = (config.excludedRegions ?? []).findIndex(({ region }) => region === GLOBAL_SERVICE_EVENTS_REGION);
  if (orgIndex >= 0 && !usEast1Acknowledged(config)) {
    issues.push({ path: ['excludedRegions', orgIndex, 'region'], message: `excluding ${GLOBAL_SERVICE_EVENTS_REGION} in every account: ${why}; ${fix()}` });
  }
  const excludingAccounts: AccountConfig[] = [];
  config.accounts.forEach((account, accountIndex) => {
    const index = (account.excludedRegions ?? []).findIndex(({ region }) => region === GLOBAL_SERVICE_EVENTS_REGION);
    if (index < 0) return;
    excludingAccounts.push(account);
    if (usEast1Acknowledged(config, account)) return;
    issues.push({
      path: ['accounts', accountIndex, 'excludedRegions', index, 'region'],
      message: `excluding ${GLOBAL_SERVICE_EVENTS_REGION} in account "${account.name}": ${why}; ${fix(account.name)}`,
    });
  });
  config.acknowledgements.forEach((ack, index) => {
    if (ack.rule !== US_EAST_1_EXCLUSION_RULE) return;
    const accepts =
      ack.resource === undefined
        ? orgIndex >= 0 || excludingAccounts.length > 0
        : excludingAccounts.some((account) => ack.resource === account.name || ack.resource === account.id);
    if (!accepts) {
      issues.push({
        path: ['acknowledgements', index, 'rule'],
        message: `${US_EAST_1_EXCLUSION_RULE} accepts nothing: ${ack.resource === undefined ? 'no' : `account "${ack.resource}" has no`} ${GLOBAL_SERVICE_EVENTS_REGION} exclusion; remove it (a stale acknowledgement would silently accept a future one)`,
      });
    }
  });
  return issues;
}
