/**
 * The whole app: which stacks exist, their order and state backends, and that
 * a change to one account touches only that account's member stack.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OrgConfig } from '../../config/schema';
import {
  AGGREGATOR_STACK,
  aggregatorAccount,
  deploymentRoleArn,
  deploymentSessionName,
  localStatePath,
  MANAGED_BY_TAG,
  MANAGEMENT_STACK,
  managementAccount,
  memberStackName,
  s3StateKey,
} from '../../config/names';
import { enabledRegions } from '../../config/regions';
import { buildApp } from '../../stacks/app';
import { exampleConfig, synthStacks, type StackJson } from '../support/synth';

function memberJson(stacks: Record<string, StackJson>, accountName: string): string {
  const json = stacks[memberStackName({ name: accountName })];
  expect(json).toBeDefined();
  return JSON.stringify(json);
}

describe('the example organization', () => {
  let config: OrgConfig;
  let stackNames: string[];
  let manifest: { stacks: Record<string, { dependencies: string[] }> };
  let outdir: string;

  beforeAll(() => {
    config = exampleConfig();
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'signin-watch-app-'));
    const built = buildApp(config, outdir);
    stackNames = built.stackNames;
    built.app.synth();
    manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('synthesizes one aggregator, one management and one member stack per account, in deploy order', () => {
    expect(stackNames).toEqual([AGGREGATOR_STACK, MANAGEMENT_STACK, ...config.accounts.map(memberStackName)]);
    expect(stackNames).toEqual([
      'aggregator',
      'management',
      'member-management',
      'member-log-archive',
      'member-security',
      'member-workload-prod',
      'member-workload-dev',
    ]);
    expect(Object.keys(manifest.stacks).sort()).toEqual([...stackNames].sort());
  });

  it('makes every member stack depend on the aggregator (bus policy before cross-account targets)', () => {
    for (const account of config.accounts) {
      expect(manifest.stacks[memberStackName(account)].dependencies).toEqual([AGGREGATOR_STACK]);
    }
    expect(manifest.stacks[AGGREGATOR_STACK].dependencies).toEqual([]);
  });

  it('writes each stack\'s synthesized configuration to its own directory', () => {
    for (const name of stackNames) {
      expect(fs.existsSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'))).toBe(true);
    }
  });
});

describe('providers', () => {
  let config: OrgConfig;
  let stacks: Record<string, StackJson>;

  beforeAll(() => {
    config = exampleConfig();
    config.deployment.externalId = 'example-external-id';
    stacks = synthStacks(config);
  });

  /** Every provider of a stack assumes the account's deployment role, is locked to the account and tags with ManagedBy. */
  function expectAccountProviders(json: StackJson, account: OrgConfig['accounts'][number]): StackJson[] {
    const providers: StackJson[] = json.provider.aws;
    for (const provider of providers) {
      expect(provider.allowed_account_ids).toEqual([account.id]);
      expect(provider.assume_role).toEqual([
        { role_arn: deploymentRoleArn(config, account), session_name: deploymentSessionName(config), external_id: 'example-external-id' },
      ]);
      expect(provider.default_tags).toEqual([{ tags: { ...account.tags, [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value } }]);
    }
    return providers;
  }

  it('GIVEN the management stack THEN its one provider is the management account in the trail region', () => {
    const providers = expectAccountProviders(stacks[MANAGEMENT_STACK], managementAccount(config));
    expect(providers.map((provider) => [provider.region, provider.alias])).toEqual([[config.trail.region, undefined]]);
  });

  it('GIVEN the aggregator stack THEN its one provider is the aggregator account in the aggregator region', () => {
    const providers = expectAccountProviders(stacks[AGGREGATOR_STACK], aggregatorAccount(config));
    expect(providers.map((provider) => [provider.region, provider.alias])).toEqual([[config.aggregator.region, undefined]]);
  });

  it('GIVEN each member stack THEN it has one provider per enabled region of its account, aliased by region', () => {
    for (const account of config.accounts) {
      const providers = expectAccountProviders(stacks[memberStackName(account)], account);
      expect(providers.map((provider) => [provider.region, provider.alias])).toEqual(enabledRegions(account).map((region) => [region, region]));
    }
  });

  it('GIVEN workload-prod WHEN synthesized THEN its providers carry its config tags', () => {
    const prod = config.accounts.find((account) => account.name === 'workload-prod')!;
    for (const provider of stacks[memberStackName(prod)].provider.aws) {
      expect(provider.default_tags[0].tags).toEqual({ environment: 'production', ManagedBy: 'signin-watch' });
    }
  });
});

describe('state backends', () => {
  it('GIVEN the default local state WHEN synthesized THEN each stack has its own local state file', () => {
    const stacks = synthStacks(exampleConfig());
    for (const [name, json] of Object.entries(stacks)) {
      expect(json.terraform.backend).toEqual({ local: { path: localStatePath(name) } });
      expect(localStatePath(name)).toBe(`terraform.${name}.tfstate`);
    }
  });

  it('GIVEN S3 state WHEN synthesized THEN each stack has its own encrypted key with the native lockfile', () => {
    const config = exampleConfig();
    config.state = { backend: 's3', bucket: 'example-tf-state', region: 'eu-west-1', keyPrefix: 'sw', useLockfile: true };
    const stacks = synthStacks(config);
    for (const [name, json] of Object.entries(stacks)) {
      expect(json.terraform.backend).toEqual({
        s3: { bucket: 'example-tf-state', region: 'eu-west-1', key: s3StateKey('sw', name), encrypt: true, use_lockfile: true },
      });
      expect(s3StateKey('sw', name)).toBe(`sw/${name}.tfstate`);
    }
  });

  it('GIVEN S3 state without the lockfile WHEN synthesized THEN use_lockfile is absent', () => {
    const config = exampleConfig();
    config.state = { backend: 's3', bucket: 'example-tf-state', region: 'eu-west-1', keyPrefix: 'sw', useLockfile: false };
    const json = synthStacks(config)[memberStackName(config.accounts[0])];
    expect(json.terraform.backend.s3.use_lockfile).toBeUndefined();
    expect(json.terraform.backend.s3.encrypt).toBe(true);
  });
});

describe('member stacks are independent of unrelated accounts', () => {
  let base: OrgConfig;
  let baseStacks: Record<string, StackJson>;

  beforeAll(() => {
    base = exampleConfig();
    baseStacks = synthStacks(base);
  });

  it('GIVEN one more account WHEN synthesized THEN exactly one stack is added and no other member stack changes', () => {
    const config = exampleConfig();
    config.accounts.push({ name: 'workload-new', id: '666666666666', optInRegions: ['eu-south-2'], tags: {} });
    const stacks = synthStacks(config);
    const added = Object.keys(stacks).filter((name) => !(name in baseStacks));
    expect(added).toEqual([memberStackName({ name: 'workload-new' })]);
    expect(Object.keys(baseStacks).filter((name) => !(name in stacks))).toEqual([]);
    for (const account of base.accounts) {
      expect(memberJson(stacks, account.name)).toBe(memberJson(baseStacks, account.name));
    }
  });

  it('GIVEN an account removed WHEN synthesized THEN only its stack disappears and no other member stack changes', () => {
    const config = exampleConfig();
    config.accounts = config.accounts.filter((account) => account.name !== 'log-archive');
    const stacks = synthStacks(config);
    expect(Object.keys(baseStacks).filter((name) => !(name in stacks))).toEqual([memberStackName({ name: 'log-archive' })]);
    for (const account of config.accounts) {
      expect(memberJson(stacks, account.name)).toBe(memberJson(baseStacks, account.name));
    }
  });

  it('GIVEN the accounts reordered and opt-in regions listed in another order WHEN synthesized THEN no member stack changes', () => {
    const config = exampleConfig();
    config.accounts.reverse();
    for (const account of config.accounts) account.optInRegions.reverse();
    const stacks = synthStacks(config);
    expect(Object.keys(stacks).sort()).toEqual(Object.keys(baseStacks).sort());
    for (const account of base.accounts) {
      expect(memberJson(stacks, account.name)).toBe(memberJson(baseStacks, account.name));
    }
  });

  it('GIVEN one account gains an opt-in region WHEN synthesized THEN only that account\'s member stack changes', () => {
    const config = exampleConfig();
    const dev = config.accounts.find((account) => account.name === 'workload-dev')!;
    dev.optInRegions.push('ap-east-1');
    const stacks = synthStacks(config);
    expect(memberJson(stacks, 'workload-dev')).not.toBe(memberJson(baseStacks, 'workload-dev'));
    for (const account of base.accounts.filter((candidate) => candidate.name !== 'workload-dev')) {
      expect(memberJson(stacks, account.name)).toBe(memberJson(baseStacks, account.name));
    }
  });
});
