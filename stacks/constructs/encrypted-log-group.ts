/**
 * A CloudWatch Logs log group with a retention period and a customer-managed
 * KMS key whose policy admits CloudWatch Logs of the group's region for this
 * log group only (`kms:EncryptionContext:aws:logs:arn`).
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsKey, logsKeyGrant } from './kms-key';
import { logGroupArn } from '../../config/names';

export interface EncryptedLogGroupProps {
  /** Log group name (from config/names.ts). */
  name: string;
  /** Retention in days, from config (CIS and Security Hub CloudWatch.16 ask for at least 365). Must be a value CloudWatch Logs accepts. */
  retentionInDays: number;
  /** Account of the log group. */
  accountId: string;
  /** Region of the log group (the key grant names `logs.<region>.amazonaws.com`). */
  region: string;
  /**
   * Customer-managed key. If you pass one, its policy must admit CloudWatch Logs
   * for this log group (`logsKeyGrant` with this name, or a pattern covering it).
   * @default a new key (alias `keyAliasName`) admitting CloudWatch Logs for this log group only
   */
  encryptionKey?: KmsKey;
  /**
   * Alias of the key created for the log group. Required when `encryptionKey` is not given.
   * @default none
   */
  keyAliasName?: string;
  /**
   * Provider (account and region) of the log group and key.
   * @default the stack's default provider
   */
  provider?: TerraformProvider;
}

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const VALID_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export class EncryptedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly key: KmsKey;
  readonly name: string;
  /** Log group ARN without the `:*` suffix, built from the name. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    if (!(VALID_RETENTION_DAYS as readonly number[]).includes(props.retentionInDays)) {
      throw new Error(`EncryptedLogGroup ${props.name}: retention ${props.retentionInDays} is not one of ${VALID_RETENTION_DAYS.join(', ')}`);
    }
    if (!props.encryptionKey && !props.keyAliasName) throw new Error('EncryptedLogGroup: give encryptionKey or keyAliasName');

    this.key =
      props.encryptionKey ??
      new KmsKey(this, 'key', {
        aliasName: props.keyAliasName as string,
        description: `Encrypts the ${props.name} log group`,
        accountId: props.accountId,
        serviceGrants: [logsKeyGrant({ region: props.region, accountId: props.accountId, logGroupNames: [props.name] })],
        provider: props.provider,
      });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: props.name,
      retentionInDays: props.retentionInDays,
      kmsKeyId: this.key.arn,
      provider: props.provider,
    });
    this.name = props.name;
    this.arn = logGroupArn(props.region, props.accountId, props.name);
  }
}
