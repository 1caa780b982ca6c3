/**
 * The real-provider configuration check (verify/provider-check.ts): what
 * it configures, and that it reports a provider the real binary refuses with
 * the stack, the alias and Terraform's own message. Two one-region providers
 * keep the Terraform run short.
 */
import { scratchDir } from '../support/scratch';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ALL_REGIONS, REGIONS_UNKNOWN_TO_PROVIDER } from '../../config/regions';
import { checkSkipsStillNeeded, checkStackProviders, formatProviderFailure, parseProviderErrors, probeConfiguration, providerBlocks, type ProviderCheckResult } from '../../verify/provider-check';
import { prepareTerraformEnv } from '../../terraform/env';
import { allRegionsMemberStack } from '../../verify/run';
import { exampleConfig } from '../support/synth';

type Json = Record<string, any>;

describe('the every-region member stack the check configures', () => {
  let stack: { name: string; json: Json };
  beforeAll(async () => {
    stack = await allRegionsMemberStack(exampleConfig());
  });

  it('THEN it has one provider per catalogue region, derived from the synthesized stack', () => {
    expect(providerBlocks(stack.json).map((p) => p.region).sort()).toEqual([...ALL_REGIONS].sort());
  });

  it('THEN exactly the regions the provider does not know skip its region validation', () => {
    const skipping = providerBlocks(stack.json).filter((p) => p.skip_region_validation === true).map((p) => p.region);
    expect(skipping).toEqual([...REGIONS_UNKNOWN_TO_PROVIDER]);
  });

  it('THEN the probe drops assume_role and allowed_account_ids and adds fake static credentials and the skips', () => {
    const probe = probeConfiguration(stack.json);
    for (const provider of probe.provider.aws as Json[]) {
      expect(provider.assume_role).toBeUndefined();
      expect(provider.allowed_account_ids).toBeUndefined();
      expect(provider).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true });
      expect(provider.access_key).toMatch(/^AKIA/);
      expect(probe.data.aws_partition[`probe-${provider.alias}`]).toEqual({ provider: `aws.${provider.alias}` });
    }
    expect(Object.keys(probe.data.aws_partition)).toHaveLength(ALL_REGIONS.length);
  });
});

describe('parseProviderErrors', () => {
  it("THEN it ties Terraform's message to the provider alias and region", () => {
    const output = [
      'data.aws_partition.probe-eu-west-1: Reading...',
      '',
      'Error: invalid AWS Region: ap-southeast-6',
      '',
      '  with provider["registry.terraform.io/hashicorp/aws"].ap-southeast-6,',
      '  on main.tf.json line 1, in provider "aws":',
      '   1: {',
      '',
    ].join('\n');
    expect(parseProviderErrors('member-x', output, () => 'ap-southeast-6')).toEqual([
      { stack: 'member-x', alias: 'ap-southeast-6', region: 'ap-southeast-6', message: 'invalid AWS Region: ap-southeast-6' },
    ]);
  });
});

describe('GIVEN a stack whose ap-southeast-6 provider does not skip region validation (today main)', () => {
  let workDir: string;
  let result: ProviderCheckResult;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'sw-provider-check-'));
    const stack = new TerraformStack(new App({ stackTraces: false, outdir: scratchDir() }), 'member-probe');
    new AwsProvider(stack, 'aws-eu-west-1', { region: 'eu-west-1', alias: 'eu-west-1', allowedAccountIds: ['111111111111'], assumeRole: [{ roleArn: 'arn:aws:iam::111111111111:role/x' }] });
    new AwsProvider(stack, 'aws-ap-southeast-6', { region: 'ap-southeast-6', alias: 'ap-southeast-6', allowedAccountIds: ['111111111111'] });
    result = await checkStackProviders('member-probe', JSON.parse(Testing.synth(stack)), path.join(workDir, 'probe'), prepareTerraformEnv());
  }, 10 * 60 * 1000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("WHEN checked with the real provider THEN it reports that provider, its stack and alias, with Terraform's message", () => {
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      { stack: 'member-probe', alias: 'ap-southeast-6', region: 'ap-southeast-6', message: expect.stringContaining('invalid AWS Region: ap-southeast-6') },
    ]);
    expect(formatProviderFailure(result.failures[0])).toBe('member-probe provider aws.ap-southeast-6 (ap-southeast-6): invalid AWS Region: ap-southeast-6');
  });

  it('THEN the provider the binary knows is not reported (the failure is the region, not the probe)', () => {
    expect(result.failures.map((f) => f.alias)).not.toContain('eu-west-1');
    expect(result.output).toContain('data.aws_partition.probe-eu-west-1: Read complete');
  });
});

describe('GIVEN skip_region_validation on a region the provider knows (eu-west-1) and on one it does not (ap-southeast-6)', () => {
  let workDir: string;
  let result: ProviderCheckResult;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'sw-provider-stale-'));
    const stack = new TerraformStack(new App({ stackTraces: false, outdir: scratchDir() }), 'member-stale');
    new AwsProvider(stack, 'aws-eu-west-1', { region: 'eu-west-1', alias: 'eu-west-1', skipRegionValidation: true });
    new AwsProvider(stack, 'aws-ap-southeast-6', { region: 'ap-southeast-6', alias: 'ap-southeast-6', skipRegionValidation: true });
    result = await checkSkipsStillNeeded('member-stale', JSON.parse(Testing.synth(stack)), path.join(workDir, 'probe'), prepareTerraformEnv());
  }, 10 * 60 * 1000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('THEN only the needless skip is reported, as a stale REGIONS_UNKNOWN_TO_PROVIDER entry', () => {
    expect(result.ok).toBe(false);
    expect(result.failures.map(formatProviderFailure)).toEqual([
      'member-stale provider aws.eu-west-1 (eu-west-1): the provider now accepts region eu-west-1 without skip_region_validation: remove it from REGIONS_UNKNOWN_TO_PROVIDER (config/regions.ts)',
    ]);
  });
});
