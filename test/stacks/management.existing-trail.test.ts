/**
 * trail.existing: the management stack on an organization trail the
 * organization already has (Control Tower's layout). No trail for management
 * events, no bucket, no trail key: only the filters, alarms and the encrypted
 * topic on the named log group; the dead-letter data events in a separate
 * data-only trail, or off. The rule pack and verify's assertions cover it.
 */
import * as path from 'node:path';
import { loadConfig } from '../../detection/org-config';
import { deadLetterTrailName, forwarderDlqName, managementAccount, MANAGEMENT_STACK, trailAlertTopicName } from '../../config/names';
import type { OrgConfig } from '../../config/schema';
import { CIS_FILTERS, forwarderDeadLetterFilter } from '../../detection/catalogue';
import { evaluateJson, SECURITY_RULES } from '../../stacks/rules';
import type { TerraformJson } from '../../synth/output';
import { trailAlarmSpecs } from '../../stacks/management';
import { managementAssertions } from '../../verify/run';
import type { StackJson } from '../support/synth';
import { findAll, findOne, synthManagement } from '../support/management-stack';

const CONTROL_TOWER = path.join(__dirname, '..', 'config', 'fixtures', 'good', 'control-tower-trail.yaml');
const CT_GROUP = 'aws-controltower/CloudTrailLogs';

function controlTowerConfig(deadLetterEvents: 'trail' | 'off'): OrgConfig {
  const config = loadConfig(CONTROL_TOWER);
  config.trail.deadLetterEvents = deadLetterEvents;
  return config;
}

const findings = (json: StackJson, config: OrgConfig) => evaluateJson(MANAGEMENT_STACK, json as unknown as TerraformJson, config, SECURITY_RULES);

describe('GIVEN trail.existing naming the Control Tower trail and its log group, dead-letter data events off', () => {
  let config: OrgConfig;
  let json: StackJson;

  beforeAll(() => {
    config = controlTowerConfig('off');
    json = synthManagement(config).json;
  });

  it('THEN the stack creates no trail, no bucket, no trail key, no log group and no delivery role', () => {
    for (const type of ['aws_cloudtrail', 'aws_s3_bucket', 'aws_s3_bucket_policy', 'aws_cloudwatch_log_group', 'aws_iam_role']) {
      expect([type, findAll(json, type)]).toEqual([type, []]);
    }
    expect(findAll(json, 'aws_kms_alias').map((alias) => alias.body.name)).toEqual(['alias/signin-watch/trail-alerts']);
  });

  it('THEN every metric filter sits on the named log group: the CIS filters verbatim and one per trail alarm spec', () => {
    const filters = findAll(json, 'aws_cloudwatch_log_metric_filter');
    // At least one per spec (a kind too long for one filter gets several, depending on the stack's key ARNs).
    expect(filters.length).toBeGreaterThanOrEqual(trailAlarmSpecs(config).length);
    expect(filters.every((filter) => filter.body.log_group_name === CT_GROUP)).toBe(true);
    for (const cis of CIS_FILTERS) expect(filters.filter((filter) => filter.body.pattern === cis.pattern)).toHaveLength(1);
    expect(filters.some((filter) => filter.body.name === forwarderDeadLetterFilter(forwarderDlqName(config)).metricName)).toBe(false);
  });

  it('THEN each filter has its alarm on the encrypted trail alert topic', () => {
    const topic = findOne(json, 'aws_sns_topic', (body) => body.name === trailAlertTopicName(config));
    expect(String(topic.body.kms_master_key_id)).toMatch(/^\$\{aws_kms_key\./);
    const alarms = findAll(json, 'aws_cloudwatch_metric_alarm');
    expect(alarms).toHaveLength(findAll(json, 'aws_cloudwatch_log_metric_filter').length);
    const topicArn = `arn:aws:sns:eu-west-1:${managementAccount(config).id}:${topic.body.name}`;
    expect(alarms.every((alarm) => JSON.stringify(alarm.body.alarm_actions) === JSON.stringify([topicArn]))).toBe(true);
  });

  it('THEN the security rule pack finds nothing, and SW-LOGS-3 fires when a CIS filter is moved to another log group', () => {
    expect(findings(json, config)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(json)) as StackJson;
    const [name] = Object.entries(broken.resource.aws_cloudwatch_log_metric_filter).find(([, body]) => (body as StackJson).pattern === CIS_FILTERS[0].pattern)!;
    broken.resource.aws_cloudwatch_log_metric_filter[name].log_group_name = '/some/other/group';
    expect(findings(broken, config).map((finding) => [finding.rule, finding.message])).toEqual([
      ['SW-LOGS-3', `no metric filter with the verbatim ${CIS_FILTERS[0].control} pattern ${CIS_FILTERS[0].pattern} on ${CT_GROUP}`],
    ]);
  });

  it('THEN verify asserts every filter on the named log group and expects no trail', () => {
    const assertions = managementAssertions({ name: MANAGEMENT_STACK, json } as never, config);
    expect(assertions).toHaveLength(findAll(json, 'aws_cloudwatch_log_metric_filter').length);
    expect(assertions.every((assertion) => assertion.condition.endsWith(`.log_group_name == "${CT_GROUP}"`))).toBe(true);
    const withTrail = JSON.parse(JSON.stringify(json)) as StackJson;
    withTrail.resource.aws_cloudtrail = { extra: { name: 'x' } };
    expect(() => managementAssertions({ name: MANAGEMENT_STACK, json: withTrail } as never, config)).toThrow('expected 0 aws_cloudtrail, found 1');
  });
});

describe('GIVEN trail.existing with dead-letter data events in a separate trail (deadLetterEvents: trail)', () => {
  let config: OrgConfig;
  let json: StackJson;

  beforeAll(() => {
    config = controlTowerConfig('trail');
    json = synthManagement(config).json;
  });

  it('THEN one organization trail records only the forwarder dead-letter SendMessage data events, into its own log group', () => {
    const trail = findOne(json, 'aws_cloudtrail');
    expect(trail.body.name).toBe(deadLetterTrailName(config));
    expect(trail.body.is_organization_trail).toBe(true);
    expect(trail.body.is_multi_region_trail).toBe(true);
    const selectors = trail.body.advanced_event_selector as Array<{ field_selector: Array<{ field: string; equals?: string[] }> }>;
    expect(selectors).toHaveLength(1);
    expect(selectors[0].field_selector).toEqual(expect.arrayContaining([{ field: 'eventCategory', equals: ['Data'] }]));
    expect(JSON.stringify(selectors)).not.toContain('Management');
    const group = findOne(json, 'aws_cloudwatch_log_group');
    expect(group.body.name).toBe(`/signin-watch/cloudtrail/${deadLetterTrailName(config)}`);
    expect(trail.body.cloud_watch_logs_group_arn).toBe(`arn:aws:logs:eu-west-1:${managementAccount(config).id}:log-group:${group.body.name}:*`);
  });

  it('THEN the dead-letter filter sits on the data trail log group, every other filter on the existing log group', () => {
    const deadLetterMetric = forwarderDeadLetterFilter(forwarderDlqName(config)).metricName;
    const group = findOne(json, 'aws_cloudwatch_log_group');
    for (const filter of findAll(json, 'aws_cloudwatch_log_metric_filter')) {
      expect([filter.body.name, filter.body.log_group_name]).toEqual([
        filter.body.name,
        filter.body.name === deadLetterMetric ? group.body.name : CT_GROUP,
      ]);
    }
    expect(findAll(json, 'aws_cloudwatch_log_metric_filter', (body) => body.name === deadLetterMetric)).toHaveLength(1);
  });

  it('THEN the rule pack finds nothing, and SW-TRAIL-2 fires when that trail also selects management events (a paid second copy)', () => {
    expect(findings(json, config)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(json)) as StackJson;
    const [name, body] = Object.entries(broken.resource.aws_cloudtrail)[0] as [string, StackJson];
    body.advanced_event_selector = [{ name: 'all', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] }, ...body.advanced_event_selector];
    broken.resource.aws_cloudtrail[name] = body;
    expect(findings(broken, config).map((finding) => finding.rule)).toEqual(['SW-TRAIL-2']);
    delete body.advanced_event_selector;
    expect(findings(broken, config).map((finding) => finding.message)).toEqual([expect.stringContaining('must record only data events')]);
  });

  it('THEN the bucket policy and key admit that trail only (its ARN in the management account)', () => {
    const policy = findOne(json, 'aws_s3_bucket_policy', (body) => String(body.policy).includes('cloudtrail.amazonaws.com'));
    expect(String(policy.body.policy)).toContain(`arn:aws:cloudtrail:eu-west-1:${managementAccount(config).id}:trail/${deadLetterTrailName(config)}`);
  });
});

describe('GIVEN an own trail with deadLetterEvents: off', () => {
  it('THEN the trail records every management event without data selectors, and there is no dead-letter filter; the default keeps both', () => {
    const config = loadConfig(CONTROL_TOWER);
    delete config.trail.existing;
    config.trail.deadLetterEvents = 'trail';
    const deadLetterMetric = forwarderDeadLetterFilter(forwarderDlqName(config)).metricName;
    const withDeadLetters = synthManagement(config).json;
    expect(findOne(withDeadLetters, 'aws_cloudtrail').body.advanced_event_selector).toHaveLength(2);
    expect(findAll(withDeadLetters, 'aws_cloudwatch_log_metric_filter', (body) => body.name === deadLetterMetric)).toHaveLength(1);
    config.trail.deadLetterEvents = 'off';
    const json = synthManagement(config).json;
    expect(findOne(json, 'aws_cloudtrail').body.advanced_event_selector).toBeUndefined();
    expect(findAll(json, 'aws_cloudwatch_log_metric_filter', (body) => body.name === deadLetterMetric)).toEqual([]);
    expect(findings(json, config)).toEqual([]);
  });
});
