/**
 * Valid configs: the example organization and the defaults a minimal file gets.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ALERT_SWITCH_IDS } from '../../config/schema';
import { loadConfig, parseConfig } from '../../detection/org-config';
import type { OrgConfig } from '../../config/schema';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'config', 'org.yaml');
const MINIMAL = path.join(__dirname, 'fixtures', 'good', 'minimal.yaml');

describe('the example organization (config/org.yaml)', () => {
  let config: OrgConfig;
  beforeAll(() => {
    config = loadConfig(EXAMPLE);
  });

  it('THEN it carries the yaml-language-server modeline pointing at the committed schema', () => {
    expect(readFileSync(EXAMPLE, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./org.schema.json');
  });

  it('THEN it has the five accounts the stacks are built for, ids as strings', () => {
    expect(config.accounts.map((account) => [account.name, account.id])).toEqual([
      ['management', '111111111111'],
      ['log-archive', '222222222222'],
      ['security', '333333333333'],
      ['workload-prod', '444444444444'],
      ['workload-dev', '055555555555'],
    ]);
  });

  it('THEN pull-request plans assume signin-watch-plan in every account, and only the management account deploys through its own role', () => {
    expect(config.deployment.planRoleName).toBe('signin-watch-plan');
    expect(config.accounts.map((account) => [account.name, account.deploymentRoleName, account.planRoleName])).toEqual([
      ['management', 'signin-watch-deployer', undefined],
      ['log-archive', undefined, undefined],
      ['security', undefined, undefined],
      ['workload-prod', undefined, undefined],
      ['workload-dev', undefined, undefined],
    ]);
  });

  it('THEN the security account aggregates and workload-prod opts in to two regions', () => {
    expect(config.aggregator.account).toBe('security');
    expect(config.organization.managementAccount).toBe('management');
    expect(config.accounts.find((account) => account.name === 'workload-prod')?.optInRegions).toEqual(['af-south-1', 'eu-central-2']);
  });
});

describe('a minimal config', () => {
  let config: OrgConfig;
  beforeAll(() => {
    config = loadConfig(MINIMAL);
  });

  it('THEN the trail gets secure defaults', () => {
    expect(config.trail).toEqual({
      name: 'signin-watch-org-trail',
      region: 'eu-west-1',
      bucket: { create: true },
      logRetentionDays: 365,
      bucketRetentionDays: 2557,
      cloudWatchLogs: true,
      deadLetterEvents: 'trail',
    });
    expect(config.aggregator.logRetentionDays).toBe(365);
  });

  it('THEN every alert kind is on but console-login-outside-sso, nothing is ignored, and both burst thresholds are 5', () => {
    expect(config.alerts).toEqual({
      enabled: Object.fromEntries(ALERT_SWITCH_IDS.map((id) => [id, id !== 'console-login-outside-sso'])),
      ignorePrincipals: [],
      failedSignInBurst: 5,
      failedSignInsPerPrincipal: 5,
    });
  });

  it('THEN deployment, state, accounts and acknowledgements get their defaults', () => {
    expect(config.deployment).toEqual({ roleName: 'OrganizationAccountAccessRole', namePrefix: 'signin-watch', protectionScp: { enabled: false } });
    expect(config.state).toEqual({ backend: 'local' });
    expect(config.accounts[0]).toEqual({ name: 'management', id: '111111111111', optInRegions: [], tags: {} });
    expect(config.acknowledgements).toEqual([]);
    expect(config.identityCenter).toBeUndefined();
  });
});

describe('accepted variations', () => {
  const minimal = readFileSync(MINIMAL, 'utf8');

  it('GIVEN account references by id and an S3 state backend THEN the config is accepted with S3 defaults', () => {
    const text = minimal.replace('account: security', 'account: "333333333333"') + 'state:\n  backend: s3\n  bucket: my-state-bucket\n  region: eu-central-2\n';
    const config = parseConfig(text, 'org.yaml');
    expect(config.aggregator.account).toBe('333333333333');
    expect(config.state).toEqual({ backend: 's3', bucket: 'my-state-bucket', region: 'eu-central-2', keyPrefix: 'signin-watch', useLockfile: true });
  });

  it('GIVEN the aggregator in an opt-in region its account enables THEN the config is accepted', () => {
    const text = minimal.replace(/aggregator:\n  account: security\n  region: eu-west-1/, 'aggregator:\n  account: security\n  region: af-south-1') + '    optInRegions: [af-south-1]\n';
    expect(parseConfig(text, 'org.yaml').aggregator.region).toBe('af-south-1');
  });

  it('GIVEN an existing trail bucket THEN it is kept as given', () => {
    const key = 'arn:aws:kms:eu-west-1:222222222222:key/0123abcd-0123-4567-89ab-0123456789ab';
    const text = minimal.replace('trail:\n  region: eu-west-1\n', `trail:\n  region: eu-west-1\n  bucket:\n    existing: org-trail-logs\n    kmsKeyArn: ${key}\n`);
    expect(parseConfig(text, 'org.yaml').trail.bucket).toEqual({ existing: 'org-trail-logs', kmsKeyArn: key });
  });
});
