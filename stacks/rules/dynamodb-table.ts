/**
 * Rules for DynamoDB tables (the alert engine's state): encrypted with a
 * customer-managed key, recoverable, not deletable by one apply.
 */
import { blocks } from './model';
import { customerManagedKey } from './helpers';
import type { RuleViolation, SecurityRule } from './types';

export const dynamodbTable: SecurityRule = {
  id: 'SW-DYNAMODB-1',
  area: 'DYNAMODB',
  title: 'Every DynamoDB table: server_side_encryption enabled with kms_key_arn naming a customer-managed key, point_in_time_recovery enabled, deletion_protection_enabled',
  checklist: [],
  check(model) {
    return model.resources('aws_dynamodb_table').flatMap((table) => {
      const violations: RuleViolation[] = [];
      const sse = blocks(table.body.server_side_encryption)[0];
      if (sse?.enabled !== true || !customerManagedKey(model, sse.kms_key_arn)) violations.push({ item: table, message: 'server_side_encryption must be enabled with kms_key_arn naming a customer-managed key' });
      if (blocks(table.body.point_in_time_recovery)[0]?.enabled !== true) violations.push({ item: table, message: 'point_in_time_recovery must be enabled' });
      if (table.body.deletion_protection_enabled !== true) violations.push({ item: table, message: 'deletion_protection_enabled must be true' });
      return violations;
    });
  },
};
