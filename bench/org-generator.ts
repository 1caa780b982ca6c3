/**
 * Generates organizations of any size from the example config, for the bench:
 * the example's settings unchanged, its accounts replaced by N generated ones.
 * The first account is the example's management account, the second its
 * aggregator account; the third account and every WIDE_EVERY-th after it
 * enable WIDE_OPT_IN_COUNT opt-in regions (a 30-region member stack, the
 * largest the bench plans: issue 7 asks for 17 and 30), every OPT_IN_EVERY-th
 * account enables two, the others none. So every organization of 3 or more
 * accounts holds the same largest member stack, whatever its size.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { OPT_IN_REGIONS } from '../config/regions';
import { parseConfig } from '../detection/org-config';
import type { OrgConfig } from '../config/schema';

export const EXAMPLE_CONFIG = path.join(__dirname, '..', 'config', 'org.yaml');

/** Every 5th account enables two opt-in regions. */
export const OPT_IN_EVERY = 5;
/** Accounts 2, 52, 102, … enable WIDE_OPT_IN_COUNT opt-in regions. */
export const WIDE_EVERY = 50;
export const FIRST_WIDE_INDEX = 2;
/** 17 default + 13 opt-in = 30 regions. */
export const WIDE_OPT_IN_COUNT = 13;
export const WIDE_OPT_IN_REGIONS = OPT_IN_REGIONS.slice(0, WIDE_OPT_IN_COUNT);
export const SOME_OPT_IN_REGIONS = [OPT_IN_REGIONS[0], OPT_IN_REGIONS[10]];

interface AccountEntry {
  name: string;
  id: string;
  email?: string;
  optInRegions?: string[];
  deploymentRoleName?: string;
  tags?: Record<string, string>;
}

interface ExampleShape {
  organization: { managementAccount: string };
  aggregator: { account: string };
  identityCenter?: { account: string };
  accounts: AccountEntry[];
}

/** 12-digit id of the i-th generated account, unique and never the example's own ids. */
export function generatedAccountId(index: number): string {
  return `9${String(index).padStart(11, '0')}`;
}

export function generatedAccountName(index: number): string {
  return `account-${String(index).padStart(4, '0')}`;
}

/** Opt-in regions of the i-th account (index 0 and 1 are management and aggregator). */
export function generatedOptInRegions(index: number): string[] {
  if (index < FIRST_WIDE_INDEX) return [];
  if (index % WIDE_EVERY === FIRST_WIDE_INDEX) return [...WIDE_OPT_IN_REGIONS];
  if (index % OPT_IN_EVERY === 0) return [...SOME_OPT_IN_REGIONS];
  return [];
}

/**
 * YAML of an organization of `count` accounts built from the example text.
 * The management account (and, when count >= 2, the aggregator account) keep
 * the example's entries; with one account, that account is also the aggregator
 * and the Identity Center host.
 */
export function generateOrgYaml(exampleText: string, count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error(`account count must be a positive integer, got ${count}`);
  const doc = parse(exampleText) as ExampleShape;
  const byRef = (ref: string): AccountEntry => {
    const found = doc.accounts.find((account) => account.name === ref || account.id === ref);
    if (!found) throw new Error(`example config: unknown account "${ref}"`);
    return found;
  };
  const management = byRef(doc.organization.managementAccount);
  const aggregator = byRef(doc.aggregator.account);

  const accounts: AccountEntry[] = [management];
  if (count >= 2) accounts.push(aggregator === management ? generated(1) : aggregator);
  for (let index = accounts.length; index < count; index++) accounts.push(generated(index));

  if (count === 1) {
    doc.aggregator.account = management.name;
    if (doc.identityCenter) doc.identityCenter.account = management.name;
  } else if (doc.identityCenter && !accounts.some((account) => account.name === doc.identityCenter!.account)) {
    doc.identityCenter.account = management.name;
  }
  doc.accounts = accounts;
  return stringify(doc, { lineWidth: 0 });
}

function generated(index: number): AccountEntry {
  const optInRegions = generatedOptInRegions(index);
  return {
    name: generatedAccountName(index),
    id: generatedAccountId(index),
    email: `aws-${generatedAccountName(index)}@example.com`,
    ...(optInRegions.length > 0 ? { optInRegions } : {}),
  };
}

/** Generates and validates (with the project's own loader) an organization of `count` accounts. */
export function generateOrg(count: number, exampleFile = EXAMPLE_CONFIG): { yaml: string; config: OrgConfig } {
  const yaml = generateOrgYaml(readFileSync(exampleFile, 'utf8'), count);
  return { yaml, config: parseConfig(yaml, `generated-${count}-accounts.yaml`) };
}
