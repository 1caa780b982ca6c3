/**
 * `excludedRegions` (organization-wide and per account) removes exactly the
 * forwarders of those account-regions, and nothing else: the other regions'
 * resources and every other stack are unchanged, and the heartbeat schedules
 * follow the number of forwarded regions.
 */
import { findAccount, memberStackName } from '../../config/names';
import { forwardedRegions } from '../../config/regions';
import type { OrgConfig } from '../../config/schema';
import { HEARTBEAT_DETAIL } from '../../stacks/constructs/heartbeat';
import { healthCheckName } from '../../config/names';
import { exampleConfig, resourcesOfType, synthStacks, type StackJson } from '../support/synth';

/** Every resource of a stack as `type.name` -> body, without the provider blocks. */
function resourcesByAddress(json: StackJson): Map<string, StackJson> {
  const result = new Map<string, StackJson>();
  for (const [type, resources] of Object.entries((json.resource ?? {}) as Record<string, Record<string, StackJson>>)) {
    for (const [name, body] of Object.entries(resources)) result.set(`${type}.${name}`, body);
  }
  return result;
}

/** Heartbeat schedule inputs, by region. */
function heartbeatInputs(json: StackJson): Record<string, StackJson> {
  return Object.fromEntries(
    Object.values(resourcesOfType(json, 'aws_scheduler_schedule')).map((schedule) => [String(schedule.provider).replace(/^aws\./, ''), JSON.parse((Array.isArray(schedule.target) ? schedule.target[0] : schedule.target).input)]),
  );
}

describe('GIVEN the example organization with af-south-1 excluded organization-wide and ap-south-1 and us-east-1 excluded in workload-prod', () => {
  let base: Record<string, StackJson>;
  let excluded: Record<string, StackJson>;
  let config: OrgConfig;
  const prodStack = memberStackName({ name: 'workload-prod' });

  beforeAll(() => {
    base = synthStacks(exampleConfig());
    config = exampleConfig();
    config.excludedRegions = [{ region: 'af-south-1', reason: 'Control Tower region deny control' }];
    findAccount(config, 'workload-prod').excludedRegions = [
      { region: 'ap-south-1', reason: 'denied by the workloads OU SCP' },
      { region: 'us-east-1', reason: 'denied by the workloads OU SCP' },
    ];
    excluded = synthStacks(config);
  });

  it('THEN forwardedRegions is the enabled regions minus exactly those three', () => {
    const prod = findAccount(config, 'workload-prod');
    const enabled = findAccount(exampleConfig(), 'workload-prod');
    expect(forwardedRegions(config, prod)).toEqual(forwardedRegions({}, enabled).filter((r) => !['af-south-1', 'ap-south-1', 'us-east-1'].includes(r)));
  });

  it('THEN exactly the forwarders, DLQs and heartbeats of those account-regions are removed, and nothing else changes in any region', () => {
    const before = resourcesByAddress(base[prodStack]);
    const after = resourcesByAddress(excluded[prodStack]);
    const removed = [...before.keys()].filter((address) => !after.has(address));
    const removedProviders = new Set(removed.map((address) => before.get(address)!.provider));
    expect([...removedProviders].sort()).toEqual(['aws.af-south-1', 'aws.ap-south-1', 'aws.us-east-1']);
    // Every regional resource of those regions is gone, except the IAM roles (global) that use us-east-1's provider.
    const left = [...after.entries()].filter(([, body]) => ['aws.af-south-1', 'aws.ap-south-1', 'aws.us-east-1'].includes(body.provider));
    expect(left.map(([address]) => address.split('.')[0]).sort()).toEqual(['aws_iam_role', 'aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy'].sort());
    expect([...after.keys()].filter((address) => !before.has(address))).toEqual([]);
    // Nothing else changed, except the heartbeat weights (below) and the heartbeat role's regions.
    for (const [address, body] of after) {
      if (address.startsWith('aws_scheduler_schedule.') || address.startsWith('aws_iam_role_policy.')) continue;
      expect([address, body]).toEqual([address, before.get(address)]);
    }
  });

  it('THEN the provider of each excluded region is gone, except us-east-1 (IAM)', () => {
    const regions = (json: StackJson) => (json.provider.aws as StackJson[]).map((p) => p.region);
    expect(regions(excluded[prodStack])).toEqual(regions(base[prodStack]).filter((r: string) => !['af-south-1', 'ap-south-1'].includes(r)));
  });

  it('THEN heartbeats are sent from exactly the forwarded regions, and claim nothing in their detail', () => {
    const inputs = heartbeatInputs(excluded[prodStack]);
    const forwarded = forwardedRegions(config, findAccount(config, 'workload-prod'));
    expect(Object.keys(inputs).sort()).toEqual([...forwarded].sort());
    for (const region of forwarded) expect(inputs[region]).toEqual(HEARTBEAT_DETAIL);
  });

  it('THEN every other stack is identical (no other account enables af-south-1), except the health check package that expects the new region set', () => {
    const withoutHealthCheckCode = (json: StackJson) => JSON.parse(JSON.stringify(json).replace(/"source_code_hash":"[^"]*"/g, '"source_code_hash":"-"').replace(/assets\/[^"]*health-check[^"]*/g, 'health-check-asset'));
    for (const name of Object.keys(base)) {
      if (name === prodStack) continue;
      if (name === 'aggregator') {
        expect(withoutHealthCheckCode(excluded[name])).toEqual(withoutHealthCheckCode(base[name]));
        const fn = (json: StackJson) => Object.values(json.resource.aws_lambda_function as Record<string, StackJson>).find((f) => f.function_name === healthCheckName(config))!;
        expect(fn(excluded[name]).source_code_hash).not.toBe(fn(base[name]).source_code_hash);
        continue;
      }
      expect([name, excluded[name]]).toEqual([name, base[name]]);
    }
  });
});
