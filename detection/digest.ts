/**
 * The sign-in digest (issue 19 item 2): a pure function from console sign-in
 * records (CloudTrail records or EventBridge envelopes, as the central
 * sign-in log holds them) to one summary per account, named by the config:
 * console sign-ins by principal type, principals new to the account, sign-ins
 * without MFA, failed sign-ins, top source addresses, with counts.
 * `signin-watch digest --render` prints it; a scheduled digest function is to
 * send the same text. No Node.js import, no AWS SDK.
 *
 * "New to the account": a principal that signs in to the account within the
 * period and not before it in the records given (feed the records of the
 * 90 days before `from` to get the engine's first-seen meaning).
 */
import { inert } from './alerts/inert';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export interface DigestAccount {
  id: string;
  name?: string;
}

export interface AccountDigest {
  accountId: string;
  /** `workload-prod (444444444444)` or `444455556666 (not in config)`. */
  label: string;
  signIns: number;
  byPrincipalType: Record<string, number>;
  newPrincipals: string[];
  withoutMfa: number;
  failed: number;
  topSources: Array<{ address: string; count: number }>;
}

export interface Digest {
  from: string;
  to: string;
  accounts: AccountDigest[];
}

const TOP_SOURCES = 5;

/** The CloudTrail record of a record or envelope. */
function recordOf(event: unknown): Json | undefined {
  if (!isObject(event)) return undefined;
  return isObject(event.detail) && event['detail-type'] !== undefined ? event.detail : event;
}

function principalOf(record: Json): string {
  const identity = isObject(record.userIdentity) ? record.userIdentity : {};
  return str(identity.arn) ?? str(identity.userName) ?? str(identity.principalId) ?? str(identity.type) ?? 'unknown';
}

/** The digest of console sign-ins in [from, to), per account (most sign-ins first, then by name). */
export function buildDigest(events: unknown[], accounts: DigestAccount[], from: Date, to: Date): Digest {
  const names = new Map(accounts.map((account) => [account.id, account]));
  const before = new Map<string, Set<string>>();
  const during = new Map<string, { record: Json; principal: string }[]>();
  for (const event of events) {
    const record = recordOf(event);
    if (!record || record.eventName !== 'ConsoleLogin') continue;
    const time = Date.parse(str(record.eventTime) ?? '');
    const accountId = str(record.recipientAccountId) ?? (isObject(record.userIdentity) ? str(record.userIdentity.accountId) : undefined) ?? 'unknown';
    const principal = principalOf(record);
    const success = isObject(record.responseElements) && record.responseElements.ConsoleLogin === 'Success';
    if (time < from.getTime()) {
      if (success) before.set(accountId, (before.get(accountId) ?? new Set()).add(principal));
    } else if (time < to.getTime() || !Number.isFinite(time)) {
      during.set(accountId, [...(during.get(accountId) ?? []), { record, principal }]);
    }
  }
  const digests = [...during.entries()].map(([accountId, entries]): AccountDigest => {
    const byPrincipalType: Record<string, number> = {};
    const sources = new Map<string, number>();
    const fresh = new Set<string>();
    let withoutMfa = 0;
    let failed = 0;
    for (const { record, principal } of entries) {
      const success = isObject(record.responseElements) && record.responseElements.ConsoleLogin === 'Success';
      if (!success) failed += 1;
      const type = (isObject(record.userIdentity) ? str(record.userIdentity.type) : undefined) ?? 'unknown';
      if (success) byPrincipalType[type] = (byPrincipalType[type] ?? 0) + 1;
      if (success && isObject(record.additionalEventData) && record.additionalEventData.MFAUsed === 'No') withoutMfa += 1;
      if (success && !before.get(accountId)?.has(principal)) fresh.add(principal);
      const address = str(record.sourceIPAddress);
      if (address) sources.set(address, (sources.get(address) ?? 0) + 1);
    }
    const account = names.get(accountId);
    return {
      accountId,
      label: account?.name ? `${account.name} (${accountId})` : `${accountId} (not in config)`,
      signIns: Object.values(byPrincipalType).reduce((sum, count) => sum + count, 0),
      byPrincipalType,
      newPrincipals: [...fresh].sort(),
      withoutMfa,
      failed,
      topSources: [...sources.entries()]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .slice(0, TOP_SOURCES)
        .map(([address, count]) => ({ address, count })),
    };
  });
  digests.sort((a, b) => b.signIns + b.failed - (a.signIns + a.failed) || a.label.localeCompare(b.label));
  return { from: from.toISOString(), to: to.toISOString(), accounts: digests };
}

/** The digest as the email reads: subject and plain-text body. Values from records are inert. */
export function digestText(digest: Digest): { subject: string; text: string } {
  const subject = `[DIGEST] signin-watch console sign-ins ${digest.from.slice(0, 16)}Z to ${digest.to.slice(0, 16)}Z: ${digest.accounts.length} account${digest.accounts.length === 1 ? '' : 's'}`;
  const lines = [subject, ''];
  if (digest.accounts.length === 0) lines.push('No console sign-ins in this period.');
  for (const account of digest.accounts) {
    const types = Object.entries(account.byPrincipalType)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, count]) => `${inert(type, { max: 64 })} ${count}`)
      .join(', ');
    lines.push(
      `Account ${inert(account.label, { untrusted: false })}`,
      `  Console sign-ins: ${account.signIns}${types ? ` (${types})` : ''}`,
      `  Principals new to the account: ${account.newPrincipals.length}${account.newPrincipals.length > 0 ? ` (${account.newPrincipals.slice(0, 10).map((principal) => inert(principal, { max: 128 })).join(', ')}${account.newPrincipals.length > 10 ? ', ...' : ''})` : ''}`,
      `  Sign-ins without MFA: ${account.withoutMfa}`,
      `  Failed sign-ins: ${account.failed}`,
      `  Top source addresses: ${account.topSources.length > 0 ? account.topSources.map((source) => `${inert(source.address, { max: 64 })} (${source.count})`).join(', ') : 'none'}`,
      '',
    );
  }
  return { subject: subject.slice(0, 99), text: lines.join('\n') };
}
