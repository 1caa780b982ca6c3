/**
 * Management stack variants from config: an existing bucket, no CloudWatch
 * Logs delivery, Object Lock, and alert kinds switched off.
 */
import { forwarderDeadLetterAlarmSpec } from '../../stacks/management';
import { AnnotationMetadataEntryType } from 'cdktf';
import type { OrgConfig } from '../../config/schema';
import { findAccount, managementAccount, trailBucketName, trailLogGroupName } from '../../config/names';
import { alertKind, alertKindsFor, CIS_FILTERS } from '../../detection/catalogue';
import { NO_CLOUDWATCH_LOGS_WARNING, trailAlarmSpecs, type ManagementStack } from '../../stacks/management';
import { exampleConfig, type StackJson } from '../support/synth';
import { findAll, findOne, ofBucket, synthManagement } from '../support/management-stack';

function warningsOf(stack: ManagementStack): string[] {
  return stack.node.metadata.filter((entry) => entry.type === AnnotationMetadataEntryType.WARN).map((entry) => String(entry.data));
}

describe('management stack with an existing bucket', () => {
  let config: OrgConfig;
  let json: StackJson;
  let existingKeyArn: string;

  beforeAll(() => {
    // GIVEN a config naming an existing bucket (in the log-archive account) and its key
    config = exampleConfig();
    const logArchive = findAccount(config, 'log-archive');
    existingKeyArn = `arn:aws:kms:${config.trail.region}:${logArchive.id}:key/11111111-2222-3333-4444-555555555555`;
    config.trail.bucket = { existing: `org-cloudtrail-${logArchive.id}`, kmsKeyArn: existingKeyArn };
    // WHEN the stack is synthesized
    json = synthManagement(config).json;
  });

  it('creates no bucket, bucket policy or trail key', () => {
    expect(findAll(json, 'aws_s3_bucket')).toHaveLength(0);
    expect(findAll(json, 'aws_s3_bucket_policy')).toHaveLength(0);
    expect(findAll(json, 'aws_kms_alias').map((alias) => alias.body.name).sort()).toEqual(
      ['alias/signin-watch/trail-alerts', 'alias/signin-watch/trail-logs'].sort(),
    );
  });

  it('points the trail at the configured bucket and key', () => {
    const trail = findOne(json, 'aws_cloudtrail');
    expect(trail.body.s3_bucket_name).toBe(trailBucketName(config));
    expect(trail.body.s3_bucket_name).toBe(`org-cloudtrail-${findAccount(config, 'log-archive').id}`);
    expect(trail.body.kms_key_id).toBe(existingKeyArn);
  });

  it('still delivers to CloudWatch Logs with the CIS filters', () => {
    expect(findAll(json, 'aws_cloudwatch_log_group')).toHaveLength(1);
    for (const cis of CIS_FILTERS) {
      expect(findAll(json, 'aws_cloudwatch_log_metric_filter', (body) => body.pattern === cis.pattern)).toHaveLength(1);
    }
  });
});

describe('management stack with trail.cloudWatchLogs false', () => {
  let json: StackJson;
  let stack: ManagementStack;

  beforeAll(() => {
    const config = exampleConfig();
    config.trail.cloudWatchLogs = false;
    ({ json, stack } = synthManagement(config));
  });

  it('creates no log group, filter, alarm, topic or delivery role', () => {
    for (const type of [
      'aws_cloudwatch_log_group',
      'aws_cloudwatch_log_metric_filter',
      'aws_cloudwatch_metric_alarm',
      'aws_sns_topic',
      'aws_sns_topic_subscription',
      'aws_iam_role',
      'aws_iam_role_policy',
    ]) {
      expect({ type, count: findAll(json, type).length }).toEqual({ type, count: 0 });
    }
  });

  it('the trail has no CloudWatch Logs settings but keeps its bucket and key', () => {
    const trail = findOne(json, 'aws_cloudtrail');
    expect(trail.body.cloud_watch_logs_group_arn).toBeUndefined();
    expect(trail.body.cloud_watch_logs_role_arn).toBeUndefined();
    expect(trail.body.is_organization_trail).toBe(true);
    expect(trail.body.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
  });

  it('says so at synth time', () => {
    expect(warningsOf(stack)).toEqual([NO_CLOUDWATCH_LOGS_WARNING]);
    expect(NO_CLOUDWATCH_LOGS_WARNING).toContain('trail.cloudWatchLogs is false');
  });

  it('the example organization (delivery on) gives no such warning', () => {
    expect(warningsOf(synthManagement(exampleConfig()).stack)).toEqual([]);
  });
});

describe('management stack with Object Lock', () => {
  let config: OrgConfig;
  let json: StackJson;

  beforeAll(() => {
    config = exampleConfig();
    config.trail.objectLock = { mode: 'COMPLIANCE', days: 400 };
    json = synthManagement(config).json;
  });

  it('creates the trail bucket with Object Lock and the configured default retention', () => {
    const bucket = findOne(json, 'aws_s3_bucket', (body) => body.bucket === trailBucketName(config));
    expect(bucket.body.object_lock_enabled).toBe(true);
    const [lock] = ofBucket(json, 'aws_s3_bucket_object_lock_configuration', bucket);
    expect(lock.body.rule).toEqual({ default_retention: { mode: 'COMPLIANCE', days: 400 } });
    const [versioning] = ofBucket(json, 'aws_s3_bucket_versioning', bucket);
    expect(lock.body.depends_on).toContain(versioning.address);
  });

  it('leaves the access-log bucket without Object Lock (a log delivery target must not have a default retention)', () => {
    expect(findAll(json, 'aws_s3_bucket_object_lock_configuration')).toHaveLength(1);
    const others = findAll(json, 'aws_s3_bucket', (body) => body.bucket !== trailBucketName(config));
    expect(others).toHaveLength(1);
    expect(others[0].body.object_lock_enabled).toBeUndefined();
  });

  it('refuses a lock longer than the bucket retention (locked files could never expire)', () => {
    const bad = exampleConfig();
    bad.trail.bucketRetentionDays = 365;
    bad.trail.objectLock = { mode: 'GOVERNANCE', days: 400 };
    expect(() => synthManagement(bad)).toThrow('Object Lock retention (400 days) is longer than the expiry (365 days)');
  });
});

describe('management stack with alert kinds switched off', () => {
  let json: StackJson;
  let config: OrgConfig;

  beforeAll(() => {
    // GIVEN console-login-success and mfa-failure are off
    config = exampleConfig();
    config.alerts.enabled['console-login-success'] = false;
    config.alerts.enabled['mfa-failure'] = false;
    json = synthManagement(config).json;
  });

  it('drops their filters and alarms but keeps every CIS filter and the other kinds', () => {
    const names = findAll(json, 'aws_cloudwatch_log_metric_filter').map((filter) => filter.body.name);
    expect(names).not.toContain(alertKind('console-login-success').metricName);
    expect(names).not.toContain(alertKind('mfa-failure').metricName);
    expect(names).toEqual(expect.arrayContaining([...CIS_FILTERS.map((cis) => cis.metricName), alertKind('identity-center-sign-in-failure').metricName]));
    expect(alertKindsFor(config)).toHaveLength(alertKindsFor(exampleConfig()).length - 2);
    // The stack passes its own key ARNs (any values give the same filter names); GuardDuty findings have no trail path.
    expect(names.sort()).toEqual([...trailAlarmSpecs(config, ['k1', 'k2', 'k3']).map((spec) => spec.metricName), forwarderDeadLetterAlarmSpec(config).metricName].sort());
    const withTrailPath = alertKindsFor(config).filter((kind) => kind.rawMetricFilter !== null);
    expect(trailAlarmSpecs(config).map((spec) => spec.metricName)).toEqual(expect.arrayContaining([...CIS_FILTERS.map((cis) => cis.metricName), ...withTrailPath.map((kind) => kind.metricName)]));
    expect(names).toContain(forwarderDeadLetterAlarmSpec(config).metricName);
    expect(findAll(json, 'aws_cloudwatch_metric_alarm')).toHaveLength(names.length);
  });
});

describe('management stack names follow the config', () => {
  it('a different prefix, trail name and region change every derived name and nothing is left from the example', () => {
    // GIVEN another prefix, trail name and home region
    const config = exampleConfig();
    config.deployment.namePrefix = 'acme-sw';
    config.trail.name = 'acme-org-trail';
    config.trail.region = 'eu-central-1';
    const json = synthManagement(config).json;
    // THEN no resource keeps a name or region of the example (the provider's deployment role and tag are config, not names)
    // The management account's deploymentRoleName (config, not a derived name) appears in the pipeline filters' deploy-session test.
    const deployer = managementAccount(config).deploymentRoleName!;
    const resources = JSON.stringify(json.resource).split(`/${deployer}/`).join('/');
    expect(resources).not.toContain('signin-watch');
    expect(resources).not.toContain('eu-west-1');
    expect(resources).toContain(trailLogGroupName(config));
    expect(json.provider.aws[0]).toMatchObject({ region: 'eu-central-1', allowed_account_ids: [managementAccount(config).id] });
  });
});
