import { describeRule, editPolicy } from './fixture';

describeRule('SW-TRAIL-1', [
  { name: 'a single-region trail', breakIt: (f) => f.r.trail.addOverride('is_multi_region_trail', false), message: 'is_multi_region_trail must be true' },
  { name: 'a trail of one account only', breakIt: (f) => f.r.trail.addOverride('is_organization_trail', false), message: 'is_organization_trail must be true' },
  { name: 'log file validation off', breakIt: (f) => f.r.trail.addOverride('enable_log_file_validation', false), message: 'enable_log_file_validation must be true' },
  { name: 'logging disabled', breakIt: (f) => f.r.trail.addOverride('enable_logging', false), message: 'enable_logging must not be false' },
]);

describeRule('SW-TRAIL-2', [
  {
    name: 'a selector recording writes only',
    breakIt: (f) => f.r.trail.addOverride('event_selector', [{ read_write_type: 'WriteOnly', include_management_events: true }]),
    message: 'narrows read_write_type to WriteOnly',
  },
  {
    name: 'a selector dropping management events',
    breakIt: (f) => f.r.trail.addOverride('event_selector', [{ read_write_type: 'All', include_management_events: false }]),
    message: 'include_management_events = false',
  },
]);

describeRule('SW-TRAIL-3', [
  { name: 'the AWS-managed key', breakIt: (f) => f.r.trail.addOverride('kms_key_id', 'alias/aws/cloudtrail'), message: 'kms_key_id must name a customer-managed key' },
  {
    name: 'a key in another region than the bucket',
    breakIt: (f) => f.r.trail.addOverride('kms_key_id', 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000'),
    message: 'the trail key is in us-east-1, the bucket in eu-west-1',
  },
]);

describeRule('SW-TRAIL-4', [
  {
    name: 'a log group ARN without ":*"',
    breakIt: (f) => f.r.trail.addOverride('cloud_watch_logs_group_arn', (f.r.trailGroup as unknown as { arn: string }).arn),
    message: 'cloud_watch_logs_group_arn must be the ARN of a log group of this stack ending in ":*"',
  },
  { name: 'no delivery role', breakIt: (f) => f.r.trail.addOverride('cloud_watch_logs_role_arn', undefined), message: 'cloud_watch_logs_role_arn must be set' },
]);

describeRule('SW-TRAIL-5', [
  {
    name: 'a delivery role that may also delete log groups',
    breakIt: (f) => editPolicy(f, 'deliveryPolicy', (d) => d.Statement[0].Action.push('logs:DeleteLogGroup')),
    message: 'the role may only logs:CreateLogStream/PutLogEvents (also has logs:DeleteLogGroup)',
  },
  {
    name: 'a delivery role writing any stream',
    breakIt: (f) => editPolicy(f, 'deliveryPolicy', (d) => (d.Statement[0].Resource = ['arn:aws:logs:eu-west-1:111111111111:log-group:*'])),
    message: 'the role writes outside the trail streams',
  },
  {
    name: 'a delivery role also trusted by an account',
    breakIt: (f) => editPolicy(f, 'deliveryRole', (d) => (d.Statement[0].Principal = { Service: 'cloudtrail.amazonaws.com', AWS: 'arn:aws:iam::999999999999:root' })),
    message: 'the role must trust only cloudtrail.amazonaws.com',
  },
]);

describeRule('SW-TRAIL-6', [
  { name: 'a trail that does not wait for its bucket policy', breakIt: (f) => (f.r.trail.dependsOn = []), message: 'depends_on must name the bucket policy' },
]);
