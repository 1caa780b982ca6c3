/**
 * Which role the providers assume: the deployment role by default, the
 * read-only plan role with SIGNIN_WATCH_PROVIDER_ROLE=plan (pull-request
 * plans). A deploy synthesis must not change at all because a plan role is
 * configured; a plan synthesis differs only in the providers' assume_role.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AGGREGATOR_STACK,
  aggregatorAccount,
  deploymentRoleArn,
  deploymentSessionName,
  MANAGEMENT_STACK,
  managementAccount,
  memberStackName,
  planRoleArn,
  planSessionName,
} from '../../config/names';
import type { AccountConfig, OrgConfig } from '../../config/schema';
import { buildApp, type BuildOptions } from '../../stacks/app';
import { assertProviderRoleConfigured, PROVIDER_ROLE_VARIABLE, ProviderRoleError, providerRoleFromEnv } from '../../stacks/provider';
import { EXAMPLE_CONFIG_FILE, exampleConfig, type StackJson } from '../support/synth';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const PLAN_ROLE = 'signin-watch-plan';

interface Synthesized {
  /** cdk.tf.json of each stack, byte for byte. */
  files: Record<string, string>;
  stacks: Record<string, StackJson>;
  findings: string[];
}

/** Synthesizes the whole app to disk, as `npm run synth` does, and reads every stack back. */
function synthesize(config: OrgConfig, root: string, options?: BuildOptions): Synthesized {
  const outdir = mkdtempSync(path.join(root, 'out-'));
  const { app, stackNames, securityRules } = buildApp(config, outdir, options);
  app.synth();
  const files: Record<string, string> = {};
  const stacks: Record<string, StackJson> = {};
  for (const name of stackNames) {
    files[name] = readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8');
    stacks[name] = JSON.parse(files[name]);
  }
  const findings = securityRules.findings.map((finding) => `${finding.rule} ${finding.path} ${finding.message} ${finding.acknowledged ? 'acknowledged' : ''}`);
  return { files, stacks, findings };
}

function withoutPlanRole(config: OrgConfig): OrgConfig {
  const copy = structuredClone(config);
  delete copy.deployment.planRoleName;
  for (const account of copy.accounts) delete account.planRoleName;
  return copy;
}

/** Each stack's account, by stack name: the three stack kinds. */
function stackAccounts(config: OrgConfig): Array<[string, AccountConfig]> {
  return [
    [AGGREGATOR_STACK, aggregatorAccount(config)],
    [MANAGEMENT_STACK, managementAccount(config)],
    ...config.accounts.map((account): [string, AccountConfig] => [memberStackName(account), account]),
  ];
}

/** A stack with its providers' assume_role removed: what must not depend on the role. */
function withoutAssumeRole(json: StackJson): StackJson {
  const copy = structuredClone(json);
  for (const provider of copy.provider.aws) delete provider.assume_role;
  return copy;
}

describe('provider roles of the example organization', () => {
  let root: string;
  let config: OrgConfig;
  let unset: Synthesized;
  let deploy: Synthesized;
  let beforePlanRoles: Synthesized;
  let plan: Synthesized;
  const savedVariable = process.env[PROVIDER_ROLE_VARIABLE];

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sw-provider-role-'));
    config = exampleConfig();
    // A finding accepted on purpose (an existing trail bucket whose key is in another region, SW-TRAIL-3), so the rule pack has something to report in both modes.
    config.trail.bucket = { existing: 'org-trail-logs', kmsKeyArn: `arn:aws:kms:us-east-1:${managementAccount(config).id}:key/0123abcd-0123-4567-89ab-0123456789ab` };
    config.acknowledgements.push({ rule: 'SW-TRAIL-3', reason: 'Test: the rule pack must judge plan and deploy synths alike.' });
    delete process.env[PROVIDER_ROLE_VARIABLE];
    unset = synthesize(config, root);
    beforePlanRoles = synthesize(withoutPlanRole(config), root);
    deploy = synthesize(config, root, { providerRole: 'deploy' });
    process.env[PROVIDER_ROLE_VARIABLE] = 'plan';
    plan = synthesize(config, root);
  });

  afterAll(() => {
    if (savedVariable === undefined) delete process.env[PROVIDER_ROLE_VARIABLE];
    else process.env[PROVIDER_ROLE_VARIABLE] = savedVariable;
    rmSync(root, { recursive: true, force: true });
  });

  it('GIVEN the example config with a plan role WHEN synthesized without the variable THEN every stack is byte-identical to a config without plan roles', () => {
    expect(config.deployment.planRoleName).toBe(PLAN_ROLE);
    expect(Object.keys(unset.files)).toEqual(Object.keys(beforePlanRoles.files));
    for (const name of Object.keys(unset.files)) expect([name, unset.files[name] === beforePlanRoles.files[name]]).toEqual([name, true]);
    for (const name of Object.keys(unset.files)) expect([name, unset.files[name].includes(PLAN_ROLE)]).toEqual([name, false]);
  });

  it('GIVEN providerRole deploy WHEN synthesized THEN the output is byte-identical to the default', () => {
    expect(deploy.files).toEqual(unset.files);
  });

  it.each([
    ['deploy', () => unset, deploymentRoleArn, deploymentSessionName],
    ['plan', () => plan, planRoleArn, planSessionName],
  ] as const)('GIVEN the %s role THEN every provider of the aggregator, management and member stacks assumes that role of its own account', (_mode, output, roleArn, sessionName) => {
    const kinds = new Set<string>();
    for (const [stackName, account] of stackAccounts(config)) {
      const providers: StackJson[] = output().stacks[stackName].provider.aws;
      expect(providers.length).toBeGreaterThan(0);
      for (const provider of providers) {
        expect([stackName, provider.allowed_account_ids]).toEqual([stackName, [account.id]]);
        expect([stackName, provider.assume_role]).toEqual([stackName, [{ role_arn: roleArn(config, account), session_name: sessionName(config) }]]);
      }
      kinds.add(stackName.startsWith('member-') ? 'member' : stackName);
    }
    expect([...kinds].sort()).toEqual(['aggregator', 'management', 'member']);
  });

  it('GIVEN the plan role THEN its ARNs are the plan role of each account, never a deployment role', () => {
    const management = managementAccount(config);
    expect(planRoleArn(config, management)).toBe(`arn:aws:iam::${management.id}:role/${PLAN_ROLE}`);
    expect(planSessionName(config)).toBe('signin-watch-plan');
    for (const [stackName, account] of stackAccounts(config)) {
      for (const provider of plan.stacks[stackName].provider.aws) expect(provider.assume_role[0].role_arn).not.toBe(deploymentRoleArn(config, account));
    }
  });

  it('GIVEN the plan role THEN nothing but the providers\' assume_role differs from the deploy synthesis', () => {
    expect(Object.keys(plan.stacks)).toEqual(Object.keys(unset.stacks));
    for (const name of Object.keys(plan.stacks)) {
      expect(plan.files[name]).not.toBe(unset.files[name]);
      expect(withoutAssumeRole(plan.stacks[name])).toEqual(withoutAssumeRole(unset.stacks[name]));
    }
  });

  it('GIVEN the plan role THEN the rule pack reports exactly the same findings as for the deploy role', () => {
    expect(unset.findings.length).toBeGreaterThan(0);
    expect(plan.findings).toEqual(unset.findings);
  });
});

describe('plan role overrides and external id', () => {
  let stacks: Record<string, StackJson>;
  let config: OrgConfig;
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sw-provider-role-'));
    config = exampleConfig();
    config.deployment.externalId = 'example-external-id';
    config.accounts.find((account) => account.name === 'management')!.planRoleName = 'signin-watch-management-plan';
    stacks = synthesize(config, root, { providerRole: 'plan' }).stacks;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('GIVEN an account planRoleName THEN the management and member-management providers assume it, the others the shared plan role', () => {
    const expected = (account: AccountConfig) => [{ role_arn: planRoleArn(config, account), session_name: 'signin-watch-plan', external_id: 'example-external-id' }];
    expect(planRoleArn(config, managementAccount(config))).toBe('arn:aws:iam::111111111111:role/signin-watch-management-plan');
    expect(planRoleArn(config, aggregatorAccount(config))).toBe('arn:aws:iam::333333333333:role/signin-watch-plan');
    for (const [stackName, account] of stackAccounts(config)) {
      for (const provider of stacks[stackName].provider.aws) expect([stackName, provider.assume_role]).toEqual([stackName, expected(account)]);
    }
  });
});

describe('provider role errors', () => {
  it.each([
    [undefined, 'deploy'],
    ['', 'deploy'],
    ['deploy', 'deploy'],
    ['plan', 'plan'],
  ])('GIVEN %p WHEN read THEN the role is %s', (value, role) => {
    expect(providerRoleFromEnv(value === undefined ? {} : { [PROVIDER_ROLE_VARIABLE]: value })).toBe(role);
  });

  it.each(['apply', 'PLAN', 'read-only'])('GIVEN the unknown value %p WHEN read THEN it is an error naming both roles', (value) => {
    expect(() => providerRoleFromEnv({ [PROVIDER_ROLE_VARIABLE]: value })).toThrow(ProviderRoleError);
    expect(() => providerRoleFromEnv({ [PROVIDER_ROLE_VARIABLE]: value })).toThrow(
      `signin-watch: SIGNIN_WATCH_PROVIDER_ROLE="${value}" is not a provider role: use "deploy" (the default: the deployment role) or "plan" (the read-only plan role)`,
    );
  });

  it('GIVEN no plan role anywhere WHEN plan is asked for THEN the error says to set deployment.planRoleName', () => {
    const config = exampleConfig();
    delete config.deployment.planRoleName;
    expect(planRoleArn(config, config.accounts[0])).toBeUndefined();
    expect(() => assertProviderRoleConfigured(config, 'deploy')).not.toThrow();
    expect(() => buildApp(config, path.join(os.tmpdir(), 'sw-unused'), { providerRole: 'plan' })).toThrow(
      new ProviderRoleError(
        'signin-watch: SIGNIN_WATCH_PROVIDER_ROLE=plan, but the config names no plan role for accounts management, log-archive, security, workload-prod, workload-dev: set deployment.planRoleName (a read-only role in every account, docs/deploy.md)',
      ),
    );
  });

  it('GIVEN plan roles on some accounts only WHEN plan is asked for THEN the error names the accounts without one', () => {
    const config = exampleConfig();
    delete config.deployment.planRoleName;
    for (const account of config.accounts.slice(0, 4)) account.planRoleName = PLAN_ROLE;
    expect(() => assertProviderRoleConfigured(config, 'plan')).toThrow(
      new ProviderRoleError(
        'signin-watch: SIGNIN_WATCH_PROVIDER_ROLE=plan, but the config names no plan role for account workload-dev: set deployment.planRoleName, or planRoleName on that account',
      ),
    );
  });
});

describe('npm run synth with SIGNIN_WATCH_PROVIDER_ROLE', () => {
  let root: string;
  let noPlanRole: SpawnSyncReturns<string>;
  let unknown: SpawnSyncReturns<string>;
  let noPlanRoleFile: string;

  function synth(configFile: string, outdir: string, role: string): SpawnSyncReturns<string> {
    const { SIGNIN_WATCH_CONFIG: _config, [PROVIDER_ROLE_VARIABLE]: _role, ...inherited } = process.env;
    return spawnSync(TSX, ['main.ts', '--config', configFile], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...inherited, CHECKPOINT_DISABLE: '1', SIGNIN_WATCH_QUIET: '1', CDKTF_OUTDIR: outdir, [PROVIDER_ROLE_VARIABLE]: role },
    });
  }

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sw-provider-role-cli-'));
    noPlanRoleFile = path.join(root, 'no-plan-role.yaml');
    const example = readFileSync(EXAMPLE_CONFIG_FILE, 'utf8');
    const withoutPlanRoleLine = example.replace(/^ {2}planRoleName: .*\n/m, '');
    expect(withoutPlanRoleLine).not.toBe(example);
    writeFileSync(noPlanRoleFile, withoutPlanRoleLine);
    noPlanRole = synth(noPlanRoleFile, path.join(root, 'no-plan-role.out'), 'plan');
    unknown = synth(EXAMPLE_CONFIG_FILE, path.join(root, 'unknown.out'), 'apply');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('GIVEN plan and a config without a plan role THEN it exits 1 naming the key, without a stack trace, and writes nothing', () => {
    expect(noPlanRole.status).toBe(1);
    expect(noPlanRole.stderr).toContain('SIGNIN_WATCH_PROVIDER_ROLE=plan, but the config names no plan role for accounts management, log-archive, security, workload-prod, workload-dev: set deployment.planRoleName');
    expect(noPlanRole.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(root, 'no-plan-role.out'))).toBe(false);
    expect(readdirSync(root).sort()).toEqual(['no-plan-role.yaml']);
  });

  it('GIVEN an unknown role THEN it exits 1 naming the allowed values', () => {
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('SIGNIN_WATCH_PROVIDER_ROLE="apply" is not a provider role: use "deploy" (the default: the deployment role) or "plan" (the read-only plan role)');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
