/**
 * drift --write (drift/write.ts): the example config edited for
 * a new account, a newly enabled opt-in region, a region no longer enabled
 * and a closed account; comments and untouched lines stay as written, and
 * the result is a valid config.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../detection/org-config';
import type { DriftFinding } from '../../drift/check';
import { accountNameFor, applyDriftEdits } from '../../drift/write';

const FILE = path.join(__dirname, '..', '..', 'config', 'org.yaml');
const TEXT = readFileSync(FILE, 'utf8');

const FINDINGS: DriftFinding[] = [
  { kind: 'account-not-in-config', accountId: '666666666666', accountName: 'New Team Sandbox', email: 'aws-sandbox@example.com', message: '' },
  { kind: 'region-enabled-not-listed', accountId: '055555555555', accountName: 'workload-dev', region: 'me-central-1', message: '' },
  { kind: 'region-listed-not-enabled', accountId: '444444444444', accountName: 'workload-prod', region: 'af-south-1', message: '' },
  { kind: 'account-not-active', accountId: '222222222222', accountName: 'log-archive', message: 'account log-archive (222222222222) is SUSPENDED in the organization' },
  { kind: 'account-not-in-organization', accountId: '999999999999', accountName: 'typo', message: 'account typo (999999999999) is in the config but not in the organization' },
];

describe('GIVEN drift findings of every kind', () => {
  const edits = applyDriftEdits(TEXT, FINDINGS);
  const config = parseConfig(edits.text, 'edited.yaml');

  it('THEN the edited config is valid and says what drift found', () => {
    expect(config.accounts.map((account) => account.name)).toEqual(['management', 'security', 'workload-prod', 'workload-dev', 'new-team-sandbox']);
    const sandbox = config.accounts.find((account) => account.name === 'new-team-sandbox')!;
    expect([sandbox.id, sandbox.email]).toEqual(['666666666666', 'aws-sandbox@example.com']);
    expect(config.accounts.find((account) => account.name === 'workload-dev')!.optInRegions).toEqual(['me-central-1']);
    expect(config.accounts.find((account) => account.name === 'workload-prod')!.optInRegions).toEqual(['eu-central-2']);
  });

  it('THEN every comment is kept and the new id is quoted', () => {
    const comments = (text: string) => text.split('\n').filter((line) => /^\s*#/.test(line));
    const lost = comments(TEXT).filter((line) => !edits.text.includes(line.trim()));
    expect(lost).toEqual([]);
    expect(edits.text).toContain('id: "666666666666"');
    expect(edits.text.split('\n').slice(0, 100)).toEqual(TEXT.split('\n').slice(0, 100));
  });

  it('THEN it reports each edit, and leaves the account missing from the organization to a human', () => {
    expect(edits.applied).toEqual([
      'added account new-team-sandbox (666666666666)',
      'added me-central-1 to optInRegions of workload-dev',
      'removed af-south-1 from optInRegions of workload-prod (no longer enabled)',
      'removed account log-archive (222222222222): suspended',
    ]);
    expect(edits.skipped).toEqual(['account typo (999999999999) is in the config but not in the organization (left for a human: often a mistyped id)']);
  });
});

describe('accountNameFor', () => {
  it.each([
    ['Prod Payments', 'prod-payments'],
    ['123 Data', 'data'],
    ['!!!', 'account-4321'],
    ['A very long organizations account name indeed', 'a-very-long-organization'],
  ])('%s -> %s', (name, expected) => {
    expect(accountNameFor(name, '000000004321', new Set())).toBe(expected);
  });
  it('GIVEN a taken name THEN the id suffix keeps it unique', () => {
    expect(accountNameFor('security', '000000004321', new Set(['security']))).toBe('security-4321');
  });
});
