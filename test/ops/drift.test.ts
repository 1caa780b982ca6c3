/**
 * The live drift check against mocked AWS responses (aws-sdk-client-mock):
 * no network, the real SDK clients with `send` replaced.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { AccountClient, ListRegionsCommand, TooManyRequestsException as AccountThrottled } from '@aws-sdk/client-account';
import { ListAccountsCommand, OrganizationsClient, TooManyRequestsException as OrgThrottled } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../detection/org-config';
import { findAccount } from '../../config/names';
import { accountDrift, regionDrift } from '../../drift/check';
import { isThrottling, RETRY_ATTEMPTS, REGION_STATUSES_OF_INTEREST, sdkOrgApi, withRetries } from '../../aws/org-api';
import { EXIT_DRIFT, EXIT_ERROR, EXIT_IN_SYNC, runDrift as runDriftHandler, NO_CREDENTIALS_MESSAGE, type DriftOptions } from '../../drift/run';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'config', 'org.yaml');
const config = loadConfig(EXAMPLE);
const management = findAccount(config, 'management');
const workloadProd = findAccount(config, 'workload-prod');
const workloadDev = findAccount(config, 'workload-dev');

const organizations = mockClient(OrganizationsClient);
const account = mockClient(AccountClient);
const sts = mockClient(STSClient);

/** Every example account as Organizations lists it, ACTIVE. */
function liveAccounts() {
  return config.accounts.map((entry) => ({ Id: entry.id, Name: entry.name, Email: entry.email, State: 'ACTIVE' as const, Status: 'ACTIVE' as const }));
}

/** The regions each example account really has enabled: exactly its optInRegions. */
function regionsAsConfigured() {
  for (const entry of config.accounts) {
    const regions = entry.optInRegions.map((region) => ({ RegionName: region, RegionOptStatus: 'ENABLED' as const }));
    const input = entry.id === management.id ? { AccountId: undefined } : { AccountId: entry.id };
    account.on(ListRegionsCommand, input).resolves({ Regions: regions });
  }
}

interface Run {
  code: number;
  out: string;
  err: string;
  progress: string[];
  sleeps: number[];
}

async function runDrift(options: DriftOptions = { config: EXAMPLE }): Promise<Run> {
  const run: Run = { code: -1, out: '', err: '', progress: [], sleeps: [] };
  run.code = await runDriftHandler(options, {
    createApi: ({ onRetry }) =>
      sdkOrgApi({
        region: 'us-east-1',
        onRetry,
        sleep: async (ms) => {
          run.sleeps.push(ms);
        },
        random: () => 1,
      }),
    out: (text) => (run.out += text),
    err: (text) => (run.err += text),
    progress: { write: (line) => run.progress.push(line), now: () => 0 },
  });
  return run;
}

beforeEach(() => {
  organizations.reset();
  account.reset();
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: management.id });
});

describe('GIVEN an organization that matches the config, listed over two pages', () => {
  let run: Run;
  beforeEach(async () => {
    const all = liveAccounts();
    organizations.on(ListAccountsCommand).resolves({ Accounts: all.slice(0, 3), NextToken: 'page-2' });
    organizations.on(ListAccountsCommand, { NextToken: 'page-2' }).resolves({ Accounts: all.slice(3) });
    regionsAsConfigured();
    run = await runDrift();
  });

  it('THEN it exits 0 and says the organization is in sync', () => {
    expect(run.code).toBe(EXIT_IN_SYNC);
    expect(run.out).toBe('drift: in sync: 5 accounts of the config match the organization (5 accounts); opt-in regions checked in 5\n');
  });

  it('THEN it followed the NextToken to the second page of accounts', () => {
    const calls = organizations.commandCalls(ListAccountsCommand).map((call) => call.args[0].input.NextToken);
    expect(calls).toEqual([undefined, 'page-2']);
  });

  it('THEN it lists regions once per account, the management account without an AccountId, asking for every non-default status', () => {
    const inputs = account.commandCalls(ListRegionsCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.AccountId).sort()).toEqual([undefined, ...config.accounts.filter((a) => a.id !== management.id).map((a) => a.id)].sort());
    for (const input of inputs) expect(input.RegionOptStatusContains).toEqual(REGION_STATUSES_OF_INTEREST);
    expect(REGION_STATUSES_OF_INTEREST).toEqual(['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED']);
  });

  it('THEN it prints one progress line per account, with counts', () => {
    const steps = run.progress.filter((line) => /^\[drift\] \d\/5 regions of /.test(line));
    expect(steps).toHaveLength(5);
    expect(run.progress[0]).toBe('[drift] organization lists 5 accounts, the config 5 (0.0 s)');
    expect(run.progress.at(-1)).toBe('[drift] done: 0 drift findings (0.0 s)');
  });
});

describe('GIVEN an account missing from the config and a region enabled but not listed', () => {
  let run: Run;
  beforeEach(async () => {
    organizations
      .on(ListAccountsCommand)
      .resolves({ Accounts: [...liveAccounts(), { Id: '999999999999', Name: 'sandbox', Email: 'sandbox@example.com', State: 'ACTIVE' }] });
    regionsAsConfigured();
    // ListRegions pages: me-central-1 (ENABLING) sits on the second page.
    account
      .on(ListRegionsCommand, { AccountId: workloadDev.id })
      .resolves({ Regions: [{ RegionName: 'ap-east-1', RegionOptStatus: 'DISABLED' }], NextToken: 'r2' });
    account
      .on(ListRegionsCommand, { AccountId: workloadDev.id, NextToken: 'r2' })
      .resolves({ Regions: [{ RegionName: 'me-central-1', RegionOptStatus: 'ENABLING' }] });
    run = await runDrift();
  });

  it('THEN it exits 1 and names the account and the region, each with what to do', () => {
    expect(run.code).toBe(EXIT_DRIFT);
    expect(run.out).toBe(
      [
        'DRIFT account sandbox (999999999999, sandbox@example.com) is in the organization but not in the config: its sign-ins are not forwarded; add it to accounts',
        `DRIFT account workload-dev (${workloadDev.id}): region me-central-1 is ENABLING but not in optInRegions: sign-ins there are not forwarded; add it`,
        'drift: 2 findings (organization 6 accounts, config 5, regions checked in 5)',
        '',
      ].join('\n'),
    );
  });

  it('THEN --json gives the same findings machine-readable', async () => {
    const json = await runDrift({ config: EXAMPLE, json: true });
    expect(json.code).toBe(EXIT_DRIFT);
    const parsed = JSON.parse(json.out);
    expect(parsed.findings.map((finding: { kind: string; accountId: string; region?: string }) => [finding.kind, finding.accountId, finding.region])).toEqual([
      ['account-not-in-config', '999999999999', undefined],
      ['region-enabled-not-listed', workloadDev.id, 'me-central-1'],
    ]);
  });
});

describe('GIVEN the organization disagrees with the config in other ways', () => {
  it('WHEN a configured account is absent or suspended THEN each is a finding; a suspended unknown account is not', () => {
    const live = [
      { id: management.id, name: 'management', state: 'ACTIVE' },
      { id: workloadProd.id, name: 'workload-prod', state: 'SUSPENDED' },
      { id: '888888888888', name: 'closed-one', state: 'SUSPENDED' },
    ];
    const findings = accountDrift(config, live).map((finding) => [finding.kind, finding.accountName]);
    expect(findings).toEqual([
      ['account-not-in-organization', 'log-archive'],
      ['account-not-in-organization', 'security'],
      ['account-not-active', 'workload-prod'],
      ['account-not-in-organization', 'workload-dev'],
    ]);
  });

  it('WHEN a listed opt-in region is DISABLED or not reported THEN it is a finding; default regions never are', () => {
    const findings = regionDrift(workloadProd, [
      { region: 'af-south-1', status: 'DISABLED' },
      { region: 'us-east-1', status: 'ENABLED_BY_DEFAULT' },
    ]);
    expect(findings.map((finding) => finding.message)).toEqual([
      `account workload-prod (${workloadProd.id}): region af-south-1 is in optInRegions but DISABLED: its forwarder cannot deploy; enable the region or remove it`,
      `account workload-prod (${workloadProd.id}): region eu-central-2 is in optInRegions but not enabled: its forwarder cannot deploy; enable the region or remove it`,
    ]);
  });

  it('WHEN an enabled region is not in the region catalogue THEN the finding says to add it there first', () => {
    const [finding] = regionDrift(workloadDev, [{ region: 'xx-newland-1', status: 'ENABLED' }]);
    expect(finding.message).toBe(
      `account workload-dev (${workloadDev.id}): region xx-newland-1 is ENABLED but not in optInRegions: sign-ins there are not forwarded; add it (xx-newland-1 is not in config/regions.ts yet: add it to OPT_IN_REGIONS first)`,
    );
  });
});

describe('GIVEN AWS throttles the calls', () => {
  it('WHEN a few calls are throttled THEN they are retried with backoff and the check completes', async () => {
    organizations
      .on(ListAccountsCommand)
      .rejectsOnce(new OrgThrottled({ message: 'Rate exceeded', $metadata: {} }))
      .resolves({ Accounts: liveAccounts() });
    regionsAsConfigured();
    account
      .on(ListRegionsCommand, { AccountId: workloadProd.id })
      .rejectsOnce(new AccountThrottled({ message: 'Rate exceeded', $metadata: {} }))
      .rejectsOnce(new AccountThrottled({ message: 'Rate exceeded', $metadata: {} }))
      .resolves({ Regions: workloadProd.optInRegions.map((region) => ({ RegionName: region, RegionOptStatus: 'ENABLED' })) });

    const run = await runDrift();

    expect(run.code).toBe(EXIT_IN_SYNC);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(2);
    expect(account.commandCalls(ListRegionsCommand, { AccountId: workloadProd.id })).toHaveLength(3);
    // Full jitter with random() = 1: the capped exponential delay itself (500 ms, then 1000 ms for a second retry).
    expect([...run.sleeps].sort((a, b) => a - b)).toEqual([500, 500, 1000]);
    expect(run.progress.filter((line) => line.includes('throttled (TooManyRequestsException)'))).toHaveLength(3);
  });

  it('WHEN throttling never stops THEN it gives up after the bounded attempts and exits 2', async () => {
    organizations.on(ListAccountsCommand).rejects(new OrgThrottled({ message: 'Rate exceeded', $metadata: {} }));
    const run = await runDrift();
    expect(run.code).toBe(EXIT_ERROR);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(RETRY_ATTEMPTS);
    expect(run.err).toBe('drift: TooManyRequestsException: Rate exceeded\n');
  });

  it('WHEN an error is not throttling THEN it is not retried', async () => {
    const denied = Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw denied;
        },
        { sleep: async () => undefined },
      ),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
    expect(isThrottling(denied)).toBe(false);
    expect(isThrottling({ name: 'Whatever', $metadata: { httpStatusCode: 429 } })).toBe(true);
  });
});

describe('GIVEN one account whose regions cannot be read', () => {
  it('THEN the other accounts are still checked, the run reports the error and exits 2', async () => {
    organizations.on(ListAccountsCommand).resolves({ Accounts: liveAccounts() });
    regionsAsConfigured();
    account
      .on(ListRegionsCommand, { AccountId: workloadDev.id })
      .rejects(Object.assign(new Error('not authorized to perform account:ListRegions'), { name: 'AccessDeniedException' }));
    account
      .on(ListRegionsCommand, { AccountId: workloadProd.id })
      .resolves({ Regions: [{ RegionName: 'me-central-1', RegionOptStatus: 'ENABLED' }, ...workloadProd.optInRegions.map((region) => ({ RegionName: region, RegionOptStatus: 'ENABLED' as const }))] });

    const run = await runDrift();

    expect(run.code).toBe(EXIT_ERROR);
    expect(run.out).toBe(
      [
        `DRIFT account workload-prod (${workloadProd.id}): region me-central-1 is ENABLED but not in optInRegions: sign-ins there are not forwarded; add it`,
        `ERROR regions of workload-dev (${workloadDev.id}) could not be listed: AccessDeniedException: not authorized to perform account:ListRegions`,
        'drift: 1 finding (organization 5 accounts, config 5, regions checked in 4)',
        '',
      ].join('\n'),
    );
    expect(run.err).toBe('drift: incomplete: 1 account could not be checked (see ERROR lines)\n');
  });
});

describe('GIVEN no credentials', () => {
  it('WHEN the SDK finds none THEN it exits 2 and says what to set', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const run = await runDrift();
    expect(run.code).toBe(EXIT_ERROR);
    expect(run.out).toBe('');
    expect(run.err).toBe(`${NO_CREDENTIALS_MESSAGE}\n(CredentialsProviderError: Could not load credentials from any providers)\n`);
    for (const variable of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']) expect(NO_CREDENTIALS_MESSAGE).toContain(variable);
  });

  it('WHEN npm run drift runs in an empty environment THEN the real SDK finds none and the command exits 2 with that message', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'signin-watch.js'), 'drift'], {
      cwd: ROOT,
      encoding: 'utf8',
      // No AWS_* variables, no ~/.aws, no instance metadata: nothing to find.
      env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', SIGNIN_WATCH_QUIET: '1' },
    });
    expect(result.status).toBe(EXIT_ERROR);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(NO_CREDENTIALS_MESSAGE);
  });
});

describe('GIVEN credentials that cannot work', () => {
  const bin = path.join(ROOT, 'bin', 'signin-watch.js');
  const base = { PATH: process.env.PATH, HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', SIGNIN_WATCH_QUIET: '1' };

  it('WHEN AWS_PROFILE names a profile no shared file defines THEN it says so, before any AWS call, and exits 2', () => {
    const result = spawnSync(process.execPath, [bin, 'drift'], { cwd: ROOT, encoding: 'utf8', env: { ...base, AWS_PROFILE: 'mgmt-typo' } });
    expect(result.status).toBe(EXIT_ERROR);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('drift: AWS_PROFILE=mgmt-typo names a profile that is not defined in /nonexistent/.aws/config or /nonexistent/.aws/credentials');
    expect(result.stderr).not.toContain(NO_CREDENTIALS_MESSAGE);
  });

  it('WHEN credentials exist but AWS cannot be reached (offline) THEN it says the network, not the credentials, is the problem', () => {
    const result = spawnSync(process.execPath, [bin, 'drift'], {
      cwd: ROOT,
      encoding: 'utf8',
      // A closed local port stands in for a machine without network: the request never reaches AWS.
      env: { ...base, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE12', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' },
    });
    expect(result.status).toBe(EXIT_ERROR);
    expect(result.stderr).toMatch(/^drift: cannot reach AWS \(.*ECONNREFUSED.*\): credentials were found, but the request did not get through/m);
    expect(result.stderr).not.toContain(NO_CREDENTIALS_MESSAGE);
  });
});
