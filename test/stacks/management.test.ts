/**
 * The management stack of the example organization, checked against the
 * security checklist (items 1-11, 19) with exact values. Every expected
 * name and ARN comes from config/names.ts and every pattern from the
 * detection catalogue.
 */
import type { OrgConfig } from '../../config/schema';
import {
  forwarderDlqName,
  accessLogBucketName,
  accessLogPrefix,
  bucketArn,
  deploymentRoleArn,
  kmsAliasName,
  managementAccount,
  trailAlarmName,
  trailAlertTopicName,
  trailArn,
  trailBucketName,
  trailDeliveryRoleName,
  trailLogGroupArn,
  trailLogGroupName,
  trailMetricNamespace,
} from '../../config/names';
import { alertKindsFor, CIS_FILTERS, forwarderDeadLetterFilter, PIPELINE_DEPLOY_CHANGE_METRIC, pipelineDeployChangeFilters, pipelineNamesFor } from '../../detection/catalogue';
import { forwarderDeadLetterAlarmSpec } from '../../stacks/management';
import { partSuffix } from '../../config/names';
import { exampleConfig, policyOf, type StackJson } from '../support/synth';
import { findAll, findOne, keyByAlias, ofBucket, ref, synthManagement, type Found } from '../support/management-stack';

describe('management stack, example organization', () => {
  let config: OrgConfig;
  let json: StackJson;
  let mgmt: string;
  let region: string;
  let orgId: string;
  let trail: Found;
  let trailKey: Found;
  let trailBucket: Found;
  let accessLogBucket: Found;
  let logGroup: Found;

  beforeAll(() => {
    // GIVEN the example organization WHEN the management stack is synthesized
    config = exampleConfig();
    json = synthManagement(config).json;
    mgmt = managementAccount(config).id;
    region = config.trail.region;
    orgId = config.organization.id;
    trail = findOne(json, 'aws_cloudtrail');
    trailKey = keyByAlias(json, kmsAliasName(config, 'trail'));
    trailBucket = findOne(json, 'aws_s3_bucket', (body) => body.bucket === trailBucketName(config));
    accessLogBucket = findOne(json, 'aws_s3_bucket', (body) => body.bucket === accessLogBucketName(config));
    logGroup = findOne(json, 'aws_cloudwatch_log_group');
  });

  describe('provider', () => {
    it('assumes the management deployment role, only in the management account, in the trail region, with tags', () => {
      expect(json.provider.aws).toEqual([
        {
          region,
          allowed_account_ids: [mgmt],
          assume_role: [{ role_arn: deploymentRoleArn(config, managementAccount(config)), session_name: expect.any(String) }],
          default_tags: [{ tags: { ManagedBy: 'signin-watch' } }],
        },
      ]);
    });
  });

  describe('checklist 1: the organization trail', () => {
    it('is an organization, multi-region trail with global events, log file validation and logging on', () => {
      expect(trail.body).toMatchObject({
        name: config.trail.name,
        is_organization_trail: true,
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        enable_logging: true,
        s3_bucket_name: trailBucketName(config),
      });
    });

    it('selects every management event unnarrowed, plus only SendMessage data events on the forwarder dead-letter queues', () => {
      expect(trail.body.event_selector).toBeUndefined();
      expect(trail.body.advanced_event_selector).toEqual([
        { name: 'All management events', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] },
        {
          name: 'Messages sent to the sign-in forwarder dead-letter queues',
          field_selector: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::SQS::Queue'] },
            { field: 'eventName', equals: ['SendMessage'] },
            { field: 'resources.ARN', ends_with: [`:${forwarderDlqName(config)}`] },
          ],
        },
      ]);
    });

    it('has the ARN names.ts builds for the policies (name and region of the trail, management account)', () => {
      expect(trailArn(config)).toBe(`arn:aws:cloudtrail:${region}:${mgmt}:trail/${config.trail.name}`);
    });
  });

  describe('checklist 2 and 7: the trail key', () => {
    it('encrypts the trail and is a rotated customer-managed key of this stack (bucket region)', () => {
      expect(trail.body.kms_key_id).toBe(ref(trailKey, 'arn'));
      expect(trailKey.body.enable_key_rotation).toBe(true);
      expect(trailKey.body.provider).toBeUndefined(); // the stack's provider: the bucket's region
      expect(trailBucket.body.provider).toBeUndefined();
    });

    it('has exactly the admin, CloudTrail and organization-reader statements', () => {
      const policy = policyOf(trailKey.body.policy);
      const thisTrail = { 'aws:SourceArn': trailArn(config) };
      expect(policy).toEqual({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AccountRootAdministersKey', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${mgmt}:root` }, Action: 'kms:*', Resource: '*' },
          {
            Sid: 'CloudTrailEncryptsLogFiles',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: ['kms:GenerateDataKey*'],
            Resource: '*',
            Condition: {
              StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${mgmt}:trail/*` },
              StringEquals: thisTrail,
            },
          },
          {
            Sid: 'CloudTrailDescribesKey',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: ['kms:DescribeKey'],
            Resource: '*',
            Condition: { StringEquals: thisTrail },
          },
          {
            Sid: 'CloudTrailDecryptsForBucketKey',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: ['kms:Decrypt'],
            Resource: '*',
            Condition: { StringEquals: thisTrail },
          },
          {
            Sid: 'OrganizationReadsTrailLogFiles',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:PrincipalOrgID': orgId },
              Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' },
            },
          },
        ],
      });
    });

    it('every key of the stack rotates and has an explicit policy with no unconditioned * principal', () => {
      const keys = findAll(json, 'aws_kms_key');
      expect(keys).toHaveLength(3); // trail, trail log group, alert topic
      for (const key of keys) {
        expect(key.body.enable_key_rotation).toBe(true);
        for (const statement of policyOf(key.body.policy).Statement) {
          const principal = statement.Principal;
          const isWildcard = principal === '*' || principal?.AWS === '*';
          if (isWildcard) expect(Object.keys(statement.Condition ?? {})).not.toHaveLength(0);
        }
      }
    });
  });

  describe('checklist 3 and 4: CloudWatch Logs delivery', () => {
    let role: Found;

    beforeAll(() => {
      role = findOne(json, 'aws_iam_role');
    });

    it('sends the trail to the log group of this stack and region, ARN ending in :*, through the delivery role', () => {
      expect(logGroup.body.name).toBe(trailLogGroupName(config));
      expect(trailLogGroupArn(config)).toBe(`arn:aws:logs:${region}:${mgmt}:log-group:${trailLogGroupName(config)}`);
      expect(trail.body.cloud_watch_logs_group_arn).toBe(`${trailLogGroupArn(config)}:*`);
      expect(trail.body.cloud_watch_logs_role_arn).toBe(ref(role, 'arn'));
    });

    it('the delivery role is trusted only by CloudTrail, for this trail of this account', () => {
      expect(role.body.name).toBe(trailDeliveryRoleName(config));
      expect(role.body.name.length).toBeLessThanOrEqual(64);
      expect(policyOf(role.body.assume_role_policy)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'CloudTrailOfThisTrailAssumes',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceArn': trailArn(config), 'aws:SourceAccount': mgmt } },
          },
        ],
      });
    });

    it('the delivery role may only create streams and put events on the trail streams of that group', () => {
      const rolePolicies = findAll(json, 'aws_iam_role_policy');
      expect(rolePolicies).toHaveLength(1);
      expect(rolePolicies[0].body.role).toBe(ref(role, 'id'));
      expect(findAll(json, 'aws_iam_role_policy_attachment')).toHaveLength(0);
      expect(policyOf(rolePolicies[0].body.policy)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DeliverTrailToItsLogStreams',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: [
              `${trailLogGroupArn(config)}:log-stream:${mgmt}_CloudTrail_${region}*`,
              `${trailLogGroupArn(config)}:log-stream:${orgId}_*`,
            ],
          },
        ],
      });
    });
  });

  describe('checklist 5: trail bucket policy', () => {
    it('admits CloudTrail for this trail only, writes with bucket-owner-full-control under the account and org prefixes, denies plain HTTP', () => {
      const [policy] = ofBucket(json, 'aws_s3_bucket_policy', trailBucket);
      const arn = bucketArn(trailBucketName(config));
      const write = { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn(config) };
      expect(policyOf(policy.body.policy)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [arn, `${arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'CloudTrailAclCheck',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:GetBucketAcl',
            Resource: arn,
            Condition: { StringEquals: { 'aws:SourceArn': trailArn(config) } },
          },
          {
            Sid: 'CloudTrailWritesAccountLogs',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `${arn}/AWSLogs/${mgmt}/*`,
            Condition: { StringEquals: write },
          },
          {
            Sid: 'CloudTrailWritesOrganizationLogs',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `${arn}/AWSLogs/${orgId}/*`,
            Condition: { StringEquals: write },
          },
        ],
      });
    });

    it('the access-log bucket admits S3 log delivery only from the trail bucket and account, and denies plain HTTP', () => {
      const [policy] = ofBucket(json, 'aws_s3_bucket_policy', accessLogBucket);
      const arn = bucketArn(accessLogBucketName(config));
      expect(policyOf(policy.body.policy).Statement).toEqual([
        expect.objectContaining({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Resource: [arn, `${arn}/*`] }),
        {
          Sid: 'S3ServerAccessLogDelivery',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${arn}/${accessLogPrefix(config)}*`,
          Condition: {
            ArnEquals: { 'aws:SourceArn': bucketArn(trailBucketName(config)) },
            StringEquals: { 'aws:SourceAccount': mgmt },
          },
        },
      ]);
    });
  });

  describe('checklist 6: both buckets are hardened', () => {
    it.each([
      ['trail bucket', () => trailBucket],
      ['access-log bucket', () => accessLogBucket],
    ])('%s: public access block, owner-enforced, versioned, policy, lifecycle', (_label, bucketOf) => {
      const bucket = bucketOf();
      expect(ofBucket(json, 'aws_s3_bucket_public_access_block', bucket).map((r) => r.body)).toEqual([
        { bucket: ref(bucket, 'id'), block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      ]);
      expect(ofBucket(json, 'aws_s3_bucket_ownership_controls', bucket)[0].body.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
      expect(ofBucket(json, 'aws_s3_bucket_versioning', bucket)[0].body.versioning_configuration).toEqual({ status: 'Enabled' });
      expect(ofBucket(json, 'aws_s3_bucket_policy', bucket)).toHaveLength(1);
      expect(ofBucket(json, 'aws_s3_bucket_lifecycle_configuration', bucket)[0].body.rule).toEqual([
        {
          id: 'expire-objects',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: config.trail.bucketRetentionDays }],
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ]);
      expect(bucket.body.object_lock_enabled).toBeUndefined();
      expect(findAll(json, 'aws_s3_bucket_object_lock_configuration')).toHaveLength(0);
    });

    it('the trail bucket is encrypted with the trail key (S3 Bucket Key on)', () => {
      expect(ofBucket(json, 'aws_s3_bucket_server_side_encryption_configuration', trailBucket)[0].body.rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: ref(trailKey, 'arn') }, bucket_key_enabled: true },
      ]);
    });

    it('the access-log bucket uses SSE-S3, the only default encryption S3 server access logging delivers to', () => {
      expect(ofBucket(json, 'aws_s3_bucket_server_side_encryption_configuration', accessLogBucket)[0].body.rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
      ]);
    });

    it('the trail bucket logs its server access to the separate access-log bucket, once that bucket and its policy exist', () => {
      const [logging] = ofBucket(json, 'aws_s3_bucket_logging', trailBucket);
      const [accessLogPolicy] = ofBucket(json, 'aws_s3_bucket_policy', accessLogBucket);
      expect(logging.body.target_bucket).toBe(accessLogBucketName(config));
      expect(logging.body.target_prefix).toBe(accessLogPrefix(config));
      expect(logging.body.depends_on).toEqual(expect.arrayContaining([accessLogBucket.address, accessLogPolicy.address]));
      expect(accessLogBucketName(config)).not.toBe(trailBucketName(config));
      expect(ofBucket(json, 'aws_s3_bucket_logging', accessLogBucket)).toHaveLength(0);
      expect(accessLogBucketName(config).length).toBeLessThanOrEqual(63);
    });
  });

  describe('checklist 8: the trail log group', () => {
    it('keeps events for the configured retention, encrypted with a key that admits CloudWatch Logs for this group only', () => {
      const key = keyByAlias(json, kmsAliasName(config, 'trail-logs'));
      expect(logGroup.body.retention_in_days).toBe(config.trail.logRetentionDays);
      expect(logGroup.body.retention_in_days).toBeGreaterThanOrEqual(365);
      expect(logGroup.body.kms_key_id).toBe(ref(key, 'arn'));
      const logsGrant = policyOf(key.body.policy).Statement.find((s: StackJson) => s.Principal?.Service === `logs.${region}.amazonaws.com`);
      expect(logsGrant.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': trailLogGroupArn(config) } });
    });
  });

  describe('checklist 9 and 10: metric filters and alarms on the trail log group', () => {
    let filters: Found[];
    let alarms: Found[];
    let topic: Found;

    beforeAll(() => {
      filters = findAll(json, 'aws_cloudwatch_log_metric_filter');
      alarms = findAll(json, 'aws_cloudwatch_metric_alarm');
      topic = findOne(json, 'aws_sns_topic');
    });

    it('carries each CIS filter verbatim, named as its metric', () => {
      for (const cis of CIS_FILTERS) {
        const filter = findOne(json, 'aws_cloudwatch_log_metric_filter', (body) => body.pattern === cis.pattern);
        expect(filter.body).toEqual(
          expect.objectContaining({
            name: cis.metricName,
            log_group_name: trailLogGroupName(config),
            metric_transformation: { name: cis.metricName, namespace: trailMetricNamespace(config), value: '1', default_value: '0' },
          }),
        );
      }
    });

    it('carries the raw-record filter of every enabled alert kind, Identity Center failures and trail tampering included', () => {
      // pipeline-tampering recognizes the stack's own keys by ARN (trail, trail logs, trail alerts), as the stack passes them.
      const keyArns = ['trail', 'trail-logs', 'trail-alerts'].map((purpose) => ref(keyByAlias(json, kmsAliasName(config, purpose)), 'arn'));
      const kinds = alertKindsFor(config, keyArns);
      expect(kinds.find((kind) => kind.id === 'pipeline-tampering')!.rawMetricFilters.at(-1)).toContain(keyArns[0]);
      // trail-tampering on the trail's own log group: CloudTrail delivers the StopLogging record before logging stops.
      expect(kinds.map((kind) => kind.id)).toEqual(expect.arrayContaining(['identity-center-sign-in-failure', 'trail-tampering']));
      // GuardDuty findings are not CloudTrail records: no raw filter, no trail path.
      expect(kinds.filter((kind) => kind.rawMetricFilter === null).map((kind) => kind.id)).toEqual(['guardduty-console-finding']);
      expect(kinds.filter((kind) => kind.rawMetricFilter === null).every((kind) => kind.rawMetricFilters.length === 0)).toBe(true);
      // A kind deployed as several filters (pipeline-tampering) has one filter, metric and alarm per part: <metric>, <metric>-2, ...
      for (const kind of kinds) {
        kind.rawMetricFilters.forEach((pattern, index) => {
          const name = `${kind.metricName}${partSuffix(index)}`;
          const filter = findOne(json, 'aws_cloudwatch_log_metric_filter', (body) => body.name === name);
          expect(filter.body.pattern).toBe(pattern);
          expect(filter.body.log_group_name).toBe(trailLogGroupName(config));
          expect(filter.body.metric_transformation.name).toBe(name);
        });
      }
      // Plus the forwarders' dead-lettered events (SQS data events on their DLQs).
      const deadLetters = findOne(json, 'aws_cloudwatch_log_metric_filter', (body) => body.name === forwarderDeadLetterAlarmSpec(config).metricName);
      expect(deadLetters.body.pattern).toBe(forwarderDeadLetterFilter(forwarderDlqName(config)).pattern);
      const deployChange = pipelineDeployChangeFilters(pipelineNamesFor(config)).raw;
      deployChange.forEach((pattern, index) => {
        const filter = findOne(json, 'aws_cloudwatch_log_metric_filter', (body) => body.name === `${PIPELINE_DEPLOY_CHANGE_METRIC}${partSuffix(index)}`);
        expect(filter.body.pattern).toBe(pattern);
      });
      expect(filters).toHaveLength(CIS_FILTERS.length + kinds.reduce((sum, kind) => sum + kind.rawMetricFilters.length, 0) + deployChange.length + 1);
    });

    it('has one alarm per filter, on the metric named like the filter, with the event-count shape', () => {
      expect(alarms).toHaveLength(filters.length);
      for (const filter of filters) {
        const alarm = findOne(json, 'aws_cloudwatch_metric_alarm', (body) => body.metric_name === filter.body.name);
        expect(alarm.body).toEqual(
          expect.objectContaining({
            alarm_name: trailAlarmName(config, filter.body.name),
            namespace: filter.body.metric_transformation.namespace,
            statistic: 'Sum',
            period: 300,
            evaluation_periods: 1,
            threshold: 1,
            comparison_operator: 'GreaterThanOrEqualToThreshold',
            treat_missing_data: 'notBreaching',
            actions_enabled: true,
            alarm_actions: [`arn:aws:sns:${region}:${mgmt}:${trailAlertTopicName(config)}`],
          }),
        );
        expect(alarm.body.depends_on).toContain(filter.address);
      }
    });

    it('alarms go to an SNS topic of this stack, encrypted with a customer-managed key, with the configured subscribers', () => {
      const topicKey = keyByAlias(json, kmsAliasName(config, 'trail-alerts'));
      expect(topic.body.name).toBe(trailAlertTopicName(config));
      expect(topic.body.kms_master_key_id).toBe(ref(topicKey, 'arn'));
      const subscriptions = findAll(json, 'aws_sns_topic_subscription');
      expect(subscriptions.map((s) => s.body.endpoint).sort()).toEqual([...config.notifications.emails].sort());
      for (const subscription of subscriptions) {
        expect(subscription.body).toMatchObject({ protocol: 'email', topic_arn: ref(topic, 'arn') });
      }
    });

    it('the topic policy lets only this account\'s CloudWatch alarms publish', () => {
      const policy = policyOf(findOne(json, 'aws_sns_topic_policy').body.policy);
      expect(policy.Statement).toHaveLength(1);
      expect(policy.Statement[0]).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${mgmt}:alarm:*` }, StringEquals: { 'aws:SourceAccount': mgmt } },
      });
    });
  });

  describe('checklist 18 and 19: ordering and IAM', () => {
    it('the trail is created after its bucket policy, its key (inline key policy), its log group and the role policy', () => {
      const [bucketPolicy] = ofBucket(json, 'aws_s3_bucket_policy', trailBucket);
      expect(trail.body.depends_on).toEqual(
        expect.arrayContaining([
          bucketPolicy.address,
          trailKey.address,
          logGroup.address,
          findOne(json, 'aws_iam_role_policy').address,
        ]),
      );
    });

    it('no IAM statement allows Action * or a write on Resource *', () => {
      for (const policy of findAll(json, 'aws_iam_role_policy')) {
        for (const statement of policyOf(policy.body.policy).Statement) {
          expect([statement.Action].flat()).not.toContain('*');
          expect([statement.Resource].flat()).not.toContain('*');
        }
      }
    });
  });
});
