/**
 * `drift --write`: applies drift findings to the config file through yaml's
 * Document API, so comments, key order, quoting and layout of everything not
 * touched stay as they were:
 *   - an ACTIVE account missing from the config is appended to `accounts`
 *     (name derived from its Organizations name, id quoted, its email);
 *   - an opt-in region ENABLED/ENABLING but unlisted is added to the
 *     account's `optInRegions`; one listed but no longer enabled is removed;
 *   - a closed or suspended account is removed from `accounts`.
 * An account the config lists but the organization lacks is left for a
 * human (often a mistyped id). The result is validated like any config; an
 * invalid result (e.g. a removed account is still the aggregator account)
 * is not written.
 */
import { isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq, type Document } from 'yaml';
import type { DriftFinding } from './check';

export interface DriftEdits {
  text: string;
  /** One line per edit made. */
  applied: string[];
  /** Findings left for a human, with why. */
  skipped: string[];
}

const NAME_PATTERN = /^[a-z][a-z0-9-]{0,22}[a-z0-9]$/;

/** A config account name (2-24 of a-z, 0-9, -) from an Organizations account name, unique among `taken`. */
export function accountNameFor(organizationsName: string, id: string, taken: ReadonlySet<string>): string {
  let name = organizationsName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^[^a-z]+/, '').slice(0, 24).replace(/-+$/, '');
  if (!NAME_PATTERN.test(name)) name = `account-${id.slice(-4)}`;
  if (taken.has(name)) name = `${name.slice(0, 19).replace(/-+$/, '')}-${id.slice(-4)}`;
  return name;
}

function accountsSeq(doc: Document): YAMLSeq {
  const accounts = doc.get('accounts', true);
  if (!isSeq(accounts)) throw new Error('the config has no accounts list');
  return accounts;
}

function accountIndex(accounts: YAMLSeq, id: string): number {
  return accounts.items.findIndex((item) => isMap(item) && String((item as YAMLMap).get('id')) === id);
}

function quoted(value: string): Scalar {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

export function applyDriftEdits(text: string, findings: readonly DriftFinding[]): DriftEdits {
  const doc = parseDocument(text, { merge: true });
  const accounts = accountsSeq(doc);
  const applied: string[] = [];
  const skipped: string[] = [];
  const taken = new Set(accounts.items.filter(isMap).map((item) => String((item as YAMLMap).get('name'))));

  for (const finding of findings) {
    const index = accountIndex(accounts, finding.accountId);
    const account = index >= 0 ? (accounts.items[index] as YAMLMap) : undefined;
    switch (finding.kind) {
      case 'account-not-in-config': {
        const name = accountNameFor(finding.accountName, finding.accountId, taken);
        taken.add(name);
        const entry = new YAMLMap();
        entry.set('name', name);
        entry.set('id', quoted(finding.accountId));
        if (finding.email) entry.set('email', finding.email);
        accounts.items.push(entry);
        applied.push(`added account ${name} (${finding.accountId})`);
        break;
      }
      case 'region-enabled-not-listed': {
        if (!account || !finding.region) break;
        const existing: unknown = account.get('optInRegions', true);
        const regions = isSeq(existing) ? existing : new YAMLSeq();
        if (!isSeq(existing)) account.set('optInRegions', regions);
        regions.items.push(new Scalar(finding.region));
        applied.push(`added ${finding.region} to optInRegions of ${finding.accountName}`);
        break;
      }
      case 'region-listed-not-enabled': {
        const regions = account?.get('optInRegions', true);
        if (!isSeq(regions)) break;
        regions.items = regions.items.filter((item) => !(isScalar(item) && item.value === finding.region));
        applied.push(`removed ${finding.region} from optInRegions of ${finding.accountName} (no longer enabled)`);
        break;
      }
      case 'account-not-active': {
        if (index < 0) break;
        accounts.items.splice(index, 1);
        applied.push(`removed account ${finding.accountName} (${finding.accountId}): ${finding.message.includes('SUSPENDED') ? 'suspended' : 'closed or closing'}`);
        break;
      }
      case 'account-not-in-organization':
        skipped.push(`${finding.message} (left for a human: often a mistyped id)`);
        break;
    }
  }
  return { text: doc.toString(), applied, skipped };
}
