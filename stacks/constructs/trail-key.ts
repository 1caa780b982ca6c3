/**
 * The customer-managed key of the organization trail (checklist items 2, 7):
 * rotation on, in the bucket's region, with an explicit policy:
 * - the management account root administers it (IAM delegation);
 * - CloudTrail may `kms:GenerateDataKey*` only for trails of the management
 *   account (`kms:EncryptionContext:aws:cloudtrail:arn`) and only for this
 *   trail (`aws:SourceArn`); `kms:DescribeKey` and `kms:Decrypt` (needed to
 *   create or update a trail whose bucket uses S3 Bucket Keys) only for this
 *   trail;
 * - principals of the organization may `kms:Decrypt` only when the CloudTrail
 *   encryption context is present, i.e. only to read trail log files.
 *
 * The key is its own construct (not `KmsKey`) because the reader grant has an
 * AWS principal (`*` under `aws:PrincipalOrgID`), which `KmsKey`'s service
 * grants cannot express; the admin statement is `KmsKey`'s.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as KmsKeyResource } from '@cdktf/provider-aws/lib/kms-key';
import { kmsKeyPolicyStatements, type KmsServiceGrant } from './kms-key';
import { policyDocument, type PolicyStatement } from './policy-document';

export interface TrailKeyProps {
  /** Alias (`kmsAliasName(config, 'trail')`). */
  readonly aliasName: string;
  /** The management account: owner of the key and of the trail. */
  readonly accountId: string;
  /** The organization whose principals may read (decrypt) log files. */
  readonly organizationId: string;
  /** ARN of the trail, built as a string (`trailArn(config)`). */
  readonly trailArn: string;
  /**
   * Provider (account and region of the bucket).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

export const CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY = 'kms:EncryptionContext:aws:cloudtrail:arn';

/** CloudTrail's grants: encrypt for this account's trails and this trail, describe and decrypt for this trail. */
export function cloudTrailKeyGrants(props: Pick<TrailKeyProps, 'accountId' | 'trailArn'>): KmsServiceGrant[] {
  const thisTrail = { StringEquals: { 'aws:SourceArn': props.trailArn } };
  return [
    {
      sid: 'CloudTrailEncryptsLogFiles',
      service: 'cloudtrail.amazonaws.com',
      actions: ['kms:GenerateDataKey*'],
      conditions: {
        StringLike: { [CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY]: `arn:aws:cloudtrail:*:${props.accountId}:trail/*` },
        ...thisTrail,
      },
    },
    { sid: 'CloudTrailDescribesKey', service: 'cloudtrail.amazonaws.com', actions: ['kms:DescribeKey'], conditions: thisTrail },
    { sid: 'CloudTrailDecryptsForBucketKey', service: 'cloudtrail.amazonaws.com', actions: ['kms:Decrypt'], conditions: thisTrail },
  ];
}

/** Principals of the organization decrypt trail log files only (the CloudTrail encryption context must be present). */
export function organizationReadersStatement(organizationId: string): PolicyStatement {
  return {
    Sid: 'OrganizationReadsTrailLogFiles',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: 'kms:Decrypt',
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:PrincipalOrgID': organizationId },
      Null: { [CLOUDTRAIL_ENCRYPTION_CONTEXT_KEY]: 'false' },
    },
  };
}

/** The whole key policy, exported for tests and the policy simulator. */
export function trailKeyPolicyStatements(props: Omit<TrailKeyProps, 'aliasName' | 'provider'>): PolicyStatement[] {
  return [...kmsKeyPolicyStatements(props.accountId, cloudTrailKeyGrants(props)), organizationReadersStatement(props.organizationId)];
}

export class TrailKey extends Construct {
  public readonly key: KmsKeyResource;
  public readonly alias: KmsAlias;
  /** Key ARN, for `kms_key_id` and the bucket's default encryption. */
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: TrailKeyProps) {
    super(scope, id);
    this.key = new KmsKeyResource(this, 'key', {
      provider: props.provider,
      description: 'Encrypts the organization trail log files',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument(trailKeyPolicyStatements(props)),
    });
    this.alias = new KmsAlias(this, 'alias', {
      provider: props.provider,
      name: props.aliasName,
      targetKeyId: this.key.keyId,
    });
    this.arn = this.key.arn;
  }
}
