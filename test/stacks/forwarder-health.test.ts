/**
 * A broken forwarder is itself an alert (checklist item 17), without an SNS
 * topic in any member region: the health alarms of every member region (as
 * synthesized) emit state-change events that the region's own forwarder rule
 * carries to the central bus, where the aggregator's forwarded-alarm rule
 * turns them into one readable message. Patterns are read from the
 * synthesized Terraform JSON and evaluated offline.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AccountConfig, OrgConfig } from '../../config/schema';
import { enabledRegions } from '../../config/regions';
import {
  AGGREGATOR_STACK,
  forwardedAlarmRuleName,
  forwarderDlqDepthAlarmName,
  forwarderLostEventsAlarmName,
  MANAGEMENT_STACK,
  memberStackName,
} from '../../config/names';
import { alarmStateChangeEvent } from '../../detection/alarm-state-change';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { FORWARDED_ALARM_MESSAGE } from '../../detection/message';
import { engineFor } from '../../detection/alerts/model';
import { evaluateJson, SECURITY_RULES } from '../../stacks/rules';
import { exampleConfig, resourcesOfType, synthStacks, type StackJson } from '../support/synth';

function inRegion(json: StackJson, type: string, region: string, match: (resource: StackJson) => boolean = () => true): StackJson {
  const found = Object.values(resourcesOfType(json, type)).filter((resource) => resource.provider === `aws.${region}` && match(resource));
  expect(found).toHaveLength(1);
  return found[0];
}

/** The account and region a member resource is deployed to, read from its synthesized provider. */
function placeOf(json: StackJson, resource: StackJson): { account: string; region: string } {
  const provider = (json.provider.aws as StackJson[]).find((candidate) => `aws.${candidate.alias}` === resource.provider)!;
  expect(provider.allowed_account_ids).toHaveLength(1);
  return { account: provider.allowed_account_ids[0], region: provider.region };
}

describe('forwarder health alarms travel through the forwarder to the alert topic', () => {
  let config: OrgConfig;
  let stacks: Record<string, StackJson>;
  let forwardedAlarmRule: StackJson;

  beforeAll(() => {
    config = exampleConfig();
    stacks = synthStacks(config);
    const rules = Object.values(resourcesOfType(stacks[AGGREGATOR_STACK], 'aws_cloudwatch_event_rule')).filter(
      (rule) => rule.name === forwardedAlarmRuleName(config),
    );
    expect(rules).toHaveLength(1);
    forwardedAlarmRule = rules[0];
  });

  const accounts = () => exampleConfig().accounts.map((account) => [account.name, account] as [string, AccountConfig]);

  it.each(accounts())(
    'GIVEN member-%s WHEN a health alarm of a region goes to ALARM THEN that region\'s forwarder rule and the aggregator\'s forwarded-alarm rule match its event',
    (_name, account) => {
      const json = stacks[memberStackName(account)];
      const aggregatorPattern = JSON.parse(forwardedAlarmRule.event_pattern);
      for (const region of enabledRegions(account)) {
        const forwarder = JSON.parse(inRegion(json, 'aws_cloudwatch_event_rule', region).event_pattern);
        for (const name of [forwarderDlqDepthAlarmName(config), forwarderLostEventsAlarmName(config)]) {
          const alarm = inRegion(json, 'aws_cloudwatch_metric_alarm', region, (resource) => resource.alarm_name === name);
          const place = placeOf(json, alarm);
          expect(place).toEqual({ account: account.id, region });
          const event = alarmStateChangeEvent({ alarmName: alarm.alarm_name, ...place });
          expect(matchesEventPattern(forwarder, event)).toBe(true);
          expect(matchesEventPattern(aggregatorPattern, event)).toBe(true);
          // Recovery (OK) is not forwarded: one message per failure, not two.
          const recovered = alarmStateChangeEvent({ alarmName: alarm.alarm_name, ...place, state: 'OK', previousState: 'ALARM' });
          expect(matchesEventPattern(forwarder, recovered)).toBe(false);
        }
      }
    },
  );

  it('GIVEN an alarm that is not ours (another prefix) in a member region WHEN it goes to ALARM THEN the forwarder does not forward it', () => {
    const account = config.accounts[0];
    const region = enabledRegions(account)[0];
    const forwarder = JSON.parse(inRegion(stacks[memberStackName(account)], 'aws_cloudwatch_event_rule', region).event_pattern);
    for (const alarmName of ['team-x-cpu-high', `x-${forwarderDlqDepthAlarmName(config)}`]) {
      const event = alarmStateChangeEvent({ alarmName, account: account.id, region });
      expect(matchesEventPattern(forwarder, event)).toBe(false);
      expect(matchesEventPattern(JSON.parse(forwardedAlarmRule.event_pattern), event)).toBe(false);
    }
  });

  it('GIVEN the aggregator and management alarms (which notify their topic directly) WHEN they go to ALARM THEN no forwarder forwards them (no double message)', () => {
    const aggregatorAccount = config.accounts.find((account) => account.name === config.aggregator.account)!;
    const forwarder = JSON.parse(inRegion(stacks[memberStackName(aggregatorAccount)], 'aws_cloudwatch_event_rule', config.aggregator.region).event_pattern);
    const alarms = [MANAGEMENT_STACK, AGGREGATOR_STACK].flatMap((stack) => Object.values(resourcesOfType(stacks[stack], 'aws_cloudwatch_metric_alarm')));
    expect(alarms.length).toBeGreaterThan(10);
    const forwarded = alarms
      .map((alarm) => alarm.alarm_name as string)
      .filter((alarmName) => matchesEventPattern(forwarder, alarmStateChangeEvent({ alarmName, account: aggregatorAccount.id, region: config.aggregator.region })));
    expect(forwarded).toEqual([]);
  });

  it('GIVEN a forwarded DLQ-depth alarm WHEN the aggregator renders it THEN the message names the alarm, account, region, reason and time', () => {
    const account = config.accounts.find((candidate) => candidate.name === 'workload-prod')!;
    const event = alarmStateChangeEvent({
      alarmName: forwarderDlqDepthAlarmName(config),
      account: account.id,
      region: 'af-south-1',
      reason: 'Threshold Crossed: 1 datapoint [3.0] was greater than or equal to the threshold (1.0).',
      description: 'signin-watch-forwarder-dlq holds sign-in events',
      time: '2026-11-25T10:05:00Z',
    });
    const lines = engineFor(config).render({ kind: FORWARDED_ALARM_MESSAGE.id, event }).text.split('\n');
    expect(lines[0]).toBe('[HIGH] Sign-in forwarder failing: workload-prod (444444444444)');
    expect(lines.slice(3, -1)).toEqual([
      `Alarm: ${forwarderDlqDepthAlarmName(config)}`,
      `Account: workload-prod (${account.id})`,
      'Account tags: environment=production',
      'Region: af-south-1',
      'State: ALARM',
      'Reason: Threshold Crossed: 1 datapoint [3.0] was greater than or equal to the threshold (1.0).',
      'Alarm description: signin-watch-forwarder-dlq holds sign-in events',
      'Time: 2026-11-25T10:05:00Z',
    ]);
  });

  it('GIVEN the sample in docs/aggregator.md WHEN rendered by the alert engine from the synthesized af-south-1 DLQ-depth alarm of workload-prod THEN it is current', () => {
    const account = config.accounts.find((candidate) => candidate.name === 'workload-prod')!;
    const json = stacks[memberStackName(account)];
    const alarm = inRegion(json, 'aws_cloudwatch_metric_alarm', 'af-south-1', (resource) => resource.alarm_name === forwarderDlqDepthAlarmName(config));
    const event = alarmStateChangeEvent({ alarmName: alarm.alarm_name, ...placeOf(json, alarm), description: alarm.alarm_description });
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'aggregator.md'), 'utf8');
    const marker = '<!-- sample: forwarded-alarm -->';
    expect(doc).toContain(marker);
    const block = /```text\n([\s\S]*?)\n```/.exec(doc.slice(doc.indexOf(marker)))![1];
    // What the deployed alert engine sends for it (the forwarded-alarm rule invokes the engine).
    expect(block).toBe(engineFor(config).render({ kind: FORWARDED_ALARM_MESSAGE.id, event }).text);
  });

  it('GIVEN the example (no acknowledgements) WHEN the rule pack checks every stack THEN SW-ALARM-1 and SW-ALARM-4 find nothing', () => {
    expect(config.acknowledgements).toEqual([]);
    const findings = Object.entries(stacks).flatMap(([name, json]) => evaluateJson(name, json, config, SECURITY_RULES));
    expect(findings.filter((finding) => ['SW-ALARM-1', 'SW-ALARM-4'].includes(finding.rule))).toEqual([]);
  });

  it('GIVEN a member stack whose forwarder pattern lost the alarm branch WHEN checked THEN SW-ALARM-4 and SW-ALARM-1 report every region', () => {
    const account = config.accounts.find((candidate) => candidate.name === 'workload-dev')!;
    const json = JSON.parse(JSON.stringify(stacks[memberStackName(account)])) as StackJson;
    for (const rule of Object.values(resourcesOfType(json, 'aws_cloudwatch_event_rule'))) {
      const pattern = JSON.parse(rule.event_pattern);
      rule.event_pattern = JSON.stringify({ $or: pattern.$or.slice(0, 2) });
    }
    const findings = evaluateJson(memberStackName(account), json, config, SECURITY_RULES);
    const regions = enabledRegions(account).length;
    expect(findings.filter((finding) => finding.rule === 'SW-ALARM-4')).toHaveLength(regions);
    expect(findings.filter((finding) => finding.rule === 'SW-ALARM-1')).toHaveLength(2 * regions);
  });
});
