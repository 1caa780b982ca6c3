import { describeRule } from './fixture';

describeRule('SW-DYNAMODB-1', [
  { name: 'a table with the AWS-owned key', breakIt: (f) => f.r.stateTable.addOverride('server_side_encryption', { enabled: false }), message: 'server_side_encryption must be enabled with kms_key_arn naming a customer-managed key' },
  { name: 'a table with the AWS managed key', breakIt: (f) => f.r.stateTable.addOverride('server_side_encryption', { enabled: true, kms_key_arn: 'alias/aws/dynamodb' }), message: 'server_side_encryption must be enabled with kms_key_arn naming a customer-managed key' },
  { name: 'a table without point-in-time recovery', breakIt: (f) => f.r.stateTable.addOverride('point_in_time_recovery', { enabled: false }), message: 'point_in_time_recovery must be enabled' },
  { name: 'a table without deletion protection', breakIt: (f) => f.r.stateTable.addOverride('deletion_protection_enabled', false), message: 'deletion_protection_enabled must be true' },
]);
