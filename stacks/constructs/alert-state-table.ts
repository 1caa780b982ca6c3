/**
 * The alert engine's state (storm control windows and first-seen sightings,
 * detection/alerts/state.ts and dynamodb-store.ts): one DynamoDB table.
 *
 * - On-demand capacity (PAY_PER_REQUEST): a flood costs requests, never
 *   throttles a provisioned table into degrading every message to "send".
 * - TTL on `expiresAt` (epoch seconds): windows and sightings expire after 90
 *   days; deletion by TTL is free ("Using time to live (TTL) in DynamoDB").
 * - Server-side encryption with a customer-managed key of its own (rotation
 *   on, the account root administers it). No service grant in the key policy:
 *   DynamoDB uses the key on behalf of the caller, so the callers' IAM policy
 *   grants it, limited by `kms:ViaService` = dynamodb.<region>.amazonaws.com
 *   (AWS KMS developer guide, "How Amazon DynamoDB uses AWS KMS",
 *   https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html).
 * - Point-in-time recovery and deletion protection on.
 */
import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { OrgConfig } from '../../config/schema';
import { alertStateTableName, kmsAliasName } from '../../config/names';
import { KEY_ATTRIBUTE, TTL_ATTRIBUTE } from '../../detection/alerts/dynamodb-store';
import { KmsKey } from './kms-key';
import type { PolicyStatement } from './policy-document';

/** KMS actions a caller of an encrypted DynamoDB table needs, through DynamoDB only (same page). */
export const DYNAMODB_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
/** What the engine does with its state: conditional UpdateItem, consistent GetItem. Nothing else (no Scan, no Delete). */
export const STATE_TABLE_ACTIONS = ['dynamodb:UpdateItem', 'dynamodb:GetItem'];

export class AlertStateTable extends Construct {
  readonly table: DynamodbTable;
  readonly key: KmsKey;
  readonly tableArn: string;

  constructor(scope: Construct, id: string, props: { config: OrgConfig; accountId: string; region: string; key: KmsKey }) {
    super(scope, id);
    const { config, accountId, region } = props;
    const name = alertStateTableName(config);
    this.tableArn = `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
    this.key = props.key;
    this.table = new DynamodbTable(this, 'table', {
      name,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: KEY_ATTRIBUTE,
      attribute: [{ name: KEY_ATTRIBUTE, type: 'S' }],
      ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
    });
  }
}

/**
 * The table's key, `alias/<prefix>/alert-state` (created with the aggregator's
 * other keys, stacks/aggregator/keys.ts, so pipeline-tampering watches it by ARN).
 */
export function alertStateKey(scope: Construct, { config, accountId }: { config: OrgConfig; accountId: string }): KmsKey {
  return new KmsKey(scope, 'alert-state-key', {
    aliasName: kmsAliasName(config, 'alert-state'),
    description: 'signin-watch: encrypts the alert engine state table (storm control, first-seen sightings)',
    accountId,
  });
}

/** The engine role's statements on its state: the two item calls on this table, the key only through DynamoDB. */
export function alertStateStatements(args: { tableArn: string; keyArn: string; region: string }): PolicyStatement[] {
  return [
    { Sid: 'CountAndRecordAlertState', Effect: 'Allow', Action: STATE_TABLE_ACTIONS, Resource: args.tableArn },
    {
      Sid: 'UseStateKeyThroughDynamoDb',
      Effect: 'Allow',
      Action: DYNAMODB_KEY_ACTIONS,
      Resource: args.keyArn,
      Condition: { StringEquals: { 'kms:ViaService': `dynamodb.${args.region}.amazonaws.com` } },
    },
  ];
}
