/**
 * Member (forwarder) stacks: one per account, a forwarder, a dead-letter queue
 * and a heartbeat in every enabled region of that account and no other, with
 * exact least-privilege policies.
 */
import { App, Testing } from 'cdktf';
import type { AccountConfig, OrgConfig } from '../../config/schema';
import { enabledRegions } from '../../config/regions';
import {
  centralBusArn,
  defaultBusArn,
  deploymentRoleArn,
  forwarderDlqName,
  forwarderRoleName,
  forwarderRuleArn,
  forwarderRuleName,
  HEARTBEAT_SCHEDULE_EXPRESSION,
  pipelineForwarderRuleArn,
  pipelineForwarderRuleArns,
  pipelineForwarderRuleName,
  pipelineForwarderRuleNames,
  heartbeatDlqName,
  heartbeatRoleName,
  heartbeatScheduleName,
  MANAGED_BY_TAG,
  memberStackName,
  queueArn,
} from '../../config/names';
import { forwarderPatternFor, pipelineForwarderPatternsFor, HEARTBEAT_DETAIL_TYPE, HEARTBEAT_SOURCE } from '../../detection/catalogue';
import { HEARTBEAT_DETAIL } from '../../stacks/constructs/heartbeat';
import { MemberStack } from '../../stacks/member';
import { exampleConfig, policyOf, resourcesOfType, synthStacks, type StackJson } from '../support/synth';
import { scratchDir } from '../support/scratch';

const DLQ_RETENTION_SECONDS = 1209600; // 14 days

/** The single resource of `type` whose Terraform provider is `aws.<region>` and whose `field` equals `value`. */
function oneIn(json: StackJson, type: string, region: string, match: (resource: StackJson) => boolean = () => true) {
  const found = Object.entries(resourcesOfType(json, type)).filter(
    ([, resource]) => resource.provider === `aws.${region}` && match(resource),
  );
  expect(found).toHaveLength(1);
  const [key, resource] = found[0];
  return { key, resource, ref: (attribute: string) => `\${${type}.${key}.${attribute}}` };
}

/** The regions (provider aliases) the resources of `type` are created in, sorted. */
function regionsOf(json: StackJson, type: string): string[] {
  return Object.values(resourcesOfType(json, type))
    .map((resource) => String(resource.provider).replace(/^aws\./, ''))
    .sort();
}

describe('member stacks of the example organization', () => {
  let config: OrgConfig;
  let stacks: Record<string, StackJson>;

  beforeAll(() => {
    config = exampleConfig();
    stacks = synthStacks(config);
  });

  const accountsOf = () => exampleConfig().accounts;

  it('GIVEN workload-prod WHEN synthesized THEN its opt-in regions are covered and no other account covers them', () => {
    const prod = stacks[memberStackName({ name: 'workload-prod' })];
    const dev = stacks[memberStackName({ name: 'workload-dev' })];
    expect(regionsOf(prod, 'aws_cloudwatch_event_rule')).toEqual(expect.arrayContaining(['af-south-1', 'eu-central-2']));
    expect(regionsOf(dev, 'aws_cloudwatch_event_rule')).not.toContain('af-south-1');
    expect(regionsOf(dev, 'aws_cloudwatch_event_rule')).not.toContain('eu-central-2');
  });

  describe.each(accountsOf().map((account) => [account.name, account] as [string, AccountConfig]))('member-%s', (_name, account) => {
    let json: StackJson;
    let regions: string[];

    beforeAll(() => {
      json = stacks[memberStackName(account)];
      regions = [...enabledRegions(account)].sort();
    });

    it('has one provider per enabled region, assuming the deployment role, locked to the account, tagged', () => {
      const providers: StackJson[] = json.provider.aws;
      expect(providers.map((provider) => provider.alias).sort()).toEqual(regions);
      for (const provider of providers) {
        expect(provider.region).toBe(provider.alias);
        expect(provider.allowed_account_ids).toEqual([account.id]);
        expect(provider.assume_role).toEqual([
          expect.objectContaining({ role_arn: deploymentRoleArn(config, account) }),
        ]);
        expect(provider.assume_role[0].external_id).toBeUndefined();
        expect(provider.default_tags).toEqual([{ tags: { ...account.tags, [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value } }]);
      }
    });

    it('has per enabled region exactly the sign-in forwarder rule and the pipeline forwarder rules of the catalogue (one per pattern part), each with one target, one DLQ pair and one heartbeat schedule, and none elsewhere', () => {
      const parts = pipelineForwarderPatternsFor(config).length;
      expect(parts).toBeGreaterThan(1); // the calls do not fit one pattern: this test is about the split
      const twice = [...regions, ...regions].sort();
      const rulesPerRegion = regions.flatMap((region) => Array<string>(1 + parts).fill(region)).sort();
      expect(regionsOf(json, 'aws_cloudwatch_event_rule')).toEqual(rulesPerRegion);
      expect(regionsOf(json, 'aws_cloudwatch_event_target')).toEqual(rulesPerRegion);
      for (const region of regions) {
        const names = Object.values(resourcesOfType(json, 'aws_cloudwatch_event_rule'))
          .filter((rule) => rule.provider === `aws.${region}`)
          .map((rule) => rule.name)
          .sort();
        expect(names).toEqual([forwarderRuleName(config), ...pipelineForwarderRuleNames(config, parts)].sort());
      }
      expect(regionsOf(json, 'aws_sqs_queue_policy')).toEqual(regions);
      expect(regionsOf(json, 'aws_scheduler_schedule')).toEqual(regions);
      expect(regionsOf(json, 'aws_sqs_queue')).toEqual(twice); // forwarder DLQ + heartbeat DLQ
    });

    it('forwards the catalogue pattern from the default bus to the central bus, through the forwarder role, with a same-region DLQ and no retry policy', () => {
      const role = Object.entries(resourcesOfType(json, 'aws_iam_role')).find(([, r]) => r.name === forwarderRoleName(config));
      expect(role).toBeDefined();
      for (const region of regions) {
        const rule = oneIn(json, 'aws_cloudwatch_event_rule', region, (candidate) => candidate.name === forwarderRuleName(config));
        expect(rule.resource).toMatchObject({
          name: forwarderRuleName(config),
          event_bus_name: 'default',
          event_pattern: JSON.stringify(forwarderPatternFor(config, account)),
          state: 'ENABLED',
        });
        const dlq = oneIn(json, 'aws_sqs_queue', region, (queue) => queue.name === forwarderDlqName(config));
        const target = oneIn(json, 'aws_cloudwatch_event_target', region, (candidate) => candidate.rule === rule.ref('name'));
        expect(target.resource.arn).toBe(centralBusArn(config));
        expect(target.resource.rule).toBe(rule.ref('name'));
        expect(target.resource.event_bus_name).toBe('default');
        expect(target.resource.role_arn).toBe(`\${aws_iam_role.${role![0]}.arn}`);
        expect(target.resource.dead_letter_config).toEqual({ arn: dlq.ref('arn') });
        expect(target.resource.retry_policy).toBeUndefined();
        expect(target.resource.input_transformer).toBeUndefined();
      }
    });

    it('has in every region one pipeline forwarder rule per catalogue pattern part (`<name>`, `<name>-2`, …), each with exactly its part, to the central bus, through the forwarder role, dead-lettering into the region\'s forwarder DLQ', () => {
      const [roleKey] = Object.entries(resourcesOfType(json, 'aws_iam_role')).find(([, r]) => r.name === forwarderRoleName(config))!;
      const parts = pipelineForwarderPatternsFor(config);
      const names = pipelineForwarderRuleNames(config, parts.length);
      expect(names[0]).toBe(pipelineForwarderRuleName(config));
      expect(names.slice(1)).toEqual(parts.slice(1).map((_, index) => `${pipelineForwarderRuleName(config)}-${index + 2}`));
      for (const region of regions) {
        const dlq = oneIn(json, 'aws_sqs_queue', region, (queue) => queue.name === forwarderDlqName(config));
        parts.forEach((expected, index) => {
          const rule = oneIn(json, 'aws_cloudwatch_event_rule', region, (candidate) => candidate.name === names[index]);
          expect(JSON.parse(rule.resource.event_pattern)).toEqual(expected);
          expect(rule.resource).toMatchObject({ event_bus_name: 'default', state: 'ENABLED' });
          const target = oneIn(json, 'aws_cloudwatch_event_target', region, (candidate) => candidate.rule === rule.ref('name'));
          expect(target.resource.arn).toBe(centralBusArn(config));
          expect(target.resource.event_bus_name).toBe('default');
          expect(target.resource.role_arn).toBe(`\${aws_iam_role.${roleKey}.arn}`);
          expect(target.resource.dead_letter_config).toEqual({ arn: dlq.ref('arn') });
          expect(target.resource.retry_policy).toBeUndefined();
          expect(target.resource.input_transformer).toBeUndefined();
        });
      }
    });

    it('has no alarm in any member region: forwarder health is watched centrally (the aggregator health check, trail data events)', () => {
      expect(regionsOf(json, 'aws_cloudwatch_metric_alarm')).toEqual([]);
    });

    it('has encrypted standard DLQs keeping messages 14 days', () => {
      for (const queue of Object.values(resourcesOfType(json, 'aws_sqs_queue'))) {
        expect(queue.sqs_managed_sse_enabled).toBe(true);
        expect(queue.message_retention_seconds).toBe(DLQ_RETENTION_SECONDS);
        expect(queue.fifo_queue).toBeUndefined();
      }
    });

    it('admits EventBridge to each forwarder DLQ only for that region\'s forwarder rules (sign-ins and every pipeline part)', () => {
      const parts = pipelineForwarderPatternsFor(config).length;
      for (const region of regions) {
        const dlq = oneIn(json, 'aws_sqs_queue', region, (queue) => queue.name === forwarderDlqName(config));
        const policy = oneIn(json, 'aws_sqs_queue_policy', region);
        expect(policy.resource.queue_url).toBe(dlq.ref('url'));
        const arn = queueArn(account, region, forwarderDlqName(config));
        expect(policyOf(policy.resource.policy)).toEqual({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ForwarderRuleDeadLetters',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: arn,
              Condition: {
                ArnEquals: {
                  'aws:SourceArn': [
                    `arn:aws:events:${region}:${account.id}:rule/${forwarderRuleName(config)}`,
                    ...pipelineForwarderRuleNames(config, parts).map((name) => `arn:aws:events:${region}:${account.id}:rule/${name}`),
                  ],
                },
              },
            },
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sqs:*',
              Resource: arn,
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        });
        expect(forwarderRuleArn(config, account, region)).toBe(`arn:aws:events:${region}:${account.id}:rule/${forwarderRuleName(config)}`);
        expect(pipelineForwarderRuleArn(config, account, region)).toBe(`arn:aws:events:${region}:${account.id}:rule/${pipelineForwarderRuleName(config)}`);
        expect(pipelineForwarderRuleArns(config, account, region, parts)).toEqual(
          pipelineForwarderRuleNames(config, parts).map((name) => `arn:aws:events:${region}:${account.id}:rule/${name}`),
        );
      }
    });

    it('has one forwarder role trusted only by EventBridge of this account, allowed only PutEvents on the central bus', () => {
      const [key, role] = Object.entries(resourcesOfType(json, 'aws_iam_role')).find(([, r]) => r.name === forwarderRoleName(config))!;
      expect(policyOf(role.assume_role_policy)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EventBridgeForTheForwarderRules',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': account.id },
              ArnLike: {
                'aws:SourceArn': [forwarderRuleName(config), ...pipelineForwarderRuleNames(config, pipelineForwarderPatternsFor(config).length)].map((rule) => `arn:aws:events:*:${account.id}:rule/${rule}`),
              },
            },
          },
        ],
      });
      expect(role.managed_policy_arns).toBeUndefined();
      const policies = Object.values(resourcesOfType(json, 'aws_iam_role_policy')).filter((p) => p.role === `\${aws_iam_role.${key}.name}`);
      expect(policies).toHaveLength(1);
      expect(policyOf(policies[0].policy)).toEqual({
        Version: '2012-10-17',
        Statement: [{ Sid: 'PutOnCentralBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: centralBusArn(config) }],
      });
    });

    it('has one heartbeat role trusted only by Scheduler of this account, allowed only PutEvents on its default buses and SendMessage to its heartbeat DLQs', () => {
      const [key, role] = Object.entries(resourcesOfType(json, 'aws_iam_role')).find(([, r]) => r.name === heartbeatRoleName(config))!;
      expect(Object.keys(resourcesOfType(json, 'aws_iam_role'))).toHaveLength(2);
      expect(policyOf(role.assume_role_policy)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'SchedulerOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': account.id } },
          },
        ],
      });
      const policies = Object.values(resourcesOfType(json, 'aws_iam_role_policy')).filter((p) => p.role === `\${aws_iam_role.${key}.name}`);
      expect(policies).toHaveLength(1);
      const ordered = enabledRegions(account);
      expect(policyOf(policies[0].policy)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'PutHeartbeatOnDefaultBuses',
            Effect: 'Allow',
            Action: 'events:PutEvents',
            Resource: ordered.map((region) => `arn:aws:events:${region}:${account.id}:event-bus/default`),
          },
          {
            Sid: 'DeadLetterFailedHeartbeats',
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: ordered.map((region) => `arn:aws:sqs:${region}:${account.id}:${heartbeatDlqName(config)}`),
          },
        ],
      });
    });

    it('puts a heartbeat every 30 minutes on each region\'s default bus, through the heartbeat role, with a same-region DLQ', () => {
      const [roleKey] = Object.entries(resourcesOfType(json, 'aws_iam_role')).find(([, r]) => r.name === heartbeatRoleName(config))!;
      for (const region of regions) {
        const schedule = oneIn(json, 'aws_scheduler_schedule', region);
        const dlq = oneIn(json, 'aws_sqs_queue', region, (queue) => queue.name === heartbeatDlqName(config));
        expect(schedule.resource).toMatchObject({
          name: heartbeatScheduleName(config),
          schedule_expression: HEARTBEAT_SCHEDULE_EXPRESSION,
          flexible_time_window: { mode: 'OFF' },
          state: 'ENABLED',
        });
        const target = schedule.resource.target;
        expect(target.arn).toBe(defaultBusArn(account, region));
        expect(target.arn).toBe(`arn:aws:events:${region}:${account.id}:event-bus/default`);
        expect(target.role_arn).toBe(`\${aws_iam_role.${roleKey}.arn}`);
        expect(target.eventbridge_parameters).toEqual({ source: HEARTBEAT_SOURCE, detail_type: HEARTBEAT_DETAIL_TYPE });
        expect(JSON.parse(target.input)).toEqual(HEARTBEAT_DETAIL);
        expect(target.dead_letter_config).toEqual({ arn: dlq.ref('arn') });
      }
    });

    it('keeps every rule, role, schedule and queue name within AWS limits', () => {
      const named = [
        ...Object.values(resourcesOfType(json, 'aws_cloudwatch_event_rule')),
        ...Object.values(resourcesOfType(json, 'aws_iam_role')),
        ...Object.values(resourcesOfType(json, 'aws_scheduler_schedule')),
      ];
      for (const resource of named) expect(resource.name.length).toBeLessThanOrEqual(64);
      for (const queue of Object.values(resourcesOfType(json, 'aws_sqs_queue'))) expect(queue.name.length).toBeLessThanOrEqual(80);
    });
  });
});

describe('member stack with the longest allowed names and an external id', () => {
  let config: OrgConfig;
  let json: StackJson;
  let account: AccountConfig;

  beforeAll(() => {
    config = exampleConfig();
    config.deployment.namePrefix = 'abcdefghijklmnop'; // 16 characters, the maximum
    config.deployment.externalId = 'signin-watch-external-id';
    account = { ...config.accounts[0], name: 'a23456789012345678901234' }; // 24 characters, the maximum
    config.accounts = [account];
    config.organization.managementAccount = account.name;
    config.aggregator.account = account.name;
    if (config.identityCenter) config.identityCenter.account = account.name;
    // Only the member stack: the other stacks need not accept this one-account organization.
    const app = new App({ outdir: scratchDir() });
    json = JSON.parse(Testing.synth(new MemberStack(app, memberStackName(account), config, account)));
  });

  it('keeps rule, role and schedule names within 64 characters', () => {
    const names = [
      ...Object.values(resourcesOfType(json, 'aws_cloudwatch_event_rule')),
      ...Object.values(resourcesOfType(json, 'aws_iam_role')),
      ...Object.values(resourcesOfType(json, 'aws_scheduler_schedule')),
    ].map((resource) => resource.name as string);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(name.startsWith('abcdefghijklmnop-')).toBe(true);
      expect(name.length).toBeLessThanOrEqual(64);
    }
  });

  it('passes the external id to every provider\'s assume_role', () => {
    for (const provider of json.provider.aws) {
      expect(provider.assume_role[0].external_id).toBe('signin-watch-external-id');
    }
  });
});
