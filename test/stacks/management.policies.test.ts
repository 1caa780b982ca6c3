/**
 * Checklist item 20 for the management stack: the synthesized bucket, key and
 * trust policies evaluated as behaviour with an IAM policy simulator, not only
 * compared as text. CloudTrail may write under the organization prefix from
 * this trail only; only this trail's CloudTrail assumes the delivery role.
 */
import type { OrgConfig } from '../../config/schema';
import { bucketArn, findAccount, managementAccount, trailArn, trailBucketName } from '../../config/names';
import { exampleConfig, policyOf, type StackJson } from '../support/synth';
import { resourcePolicyVerdict, type ResourcePolicyAsk } from '../support/iam-simulation';
import { findOne, ofBucket, synthManagement } from '../support/management-stack';

describe('management stack policies, simulated', () => {
  let config: OrgConfig;
  let json: StackJson;
  let mgmt: string;
  let orgId: string;
  let thisTrail: string;
  let otherTrail: string;

  beforeAll(() => {
    config = exampleConfig();
    json = synthManagement(config).json;
    mgmt = managementAccount(config).id;
    orgId = config.organization.id;
    thisTrail = trailArn(config);
    otherTrail = `arn:aws:cloudtrail:${config.trail.region}:${mgmt}:trail/another-trail`;
  });

  describe('trail bucket policy', () => {
    let policy: StackJson;
    let bucket: string;
    let orgObject: string;

    beforeAll(() => {
      const bucketResource = findOne(json, 'aws_s3_bucket', (body) => body.bucket === trailBucketName(config));
      policy = policyOf(ofBucket(json, 'aws_s3_bucket_policy', bucketResource)[0].body.policy);
      bucket = bucketArn(trailBucketName(config));
      orgObject = `${bucket}/AWSLogs/${orgId}/${findAccount(config, 'workload-prod').id}/CloudTrail/eu-west-1/2026/11/25/file.json.gz`;
    });

    const cloudTrailPut = (resource: string, context: Record<string, string>): ResourcePolicyAsk => ({
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      resource,
      resourceAccount: mgmt,
      context,
    });

    it('CloudTrail writes a member account log file under the org prefix for this trail', async () => {
      const ask = cloudTrailPut(orgObject, { 'aws:SourceArn': thisTrail, 's3:x-amz-acl': 'bucket-owner-full-control' });
      expect(await resourcePolicyVerdict(policy, ask)).toBe('Allowed');
    });

    it('CloudTrail writes the management account log file under the account prefix for this trail', async () => {
      const ask = cloudTrailPut(`${bucket}/AWSLogs/${mgmt}/CloudTrail/eu-west-1/2026/11/25/f.json.gz`, {
        'aws:SourceArn': thisTrail,
        's3:x-amz-acl': 'bucket-owner-full-control',
      });
      expect(await resourcePolicyVerdict(policy, ask)).toBe('Allowed');
    });

    it('another trail (same account) may not write', async () => {
      const ask = cloudTrailPut(orgObject, { 'aws:SourceArn': otherTrail, 's3:x-amz-acl': 'bucket-owner-full-control' });
      expect(await resourcePolicyVerdict(policy, ask)).toBe('Denied');
    });

    it('a write without bucket-owner-full-control is refused', async () => {
      expect(await resourcePolicyVerdict(policy, cloudTrailPut(orgObject, { 'aws:SourceArn': thisTrail }))).toBe('Denied');
    });

    it('a write outside AWSLogs/<account> and AWSLogs/<org> is refused', async () => {
      const ask = cloudTrailPut(`${bucket}/elsewhere/file.json.gz`, { 'aws:SourceArn': thisTrail, 's3:x-amz-acl': 'bucket-owner-full-control' });
      expect(await resourcePolicyVerdict(policy, ask)).toBe('Denied');
    });

    it('plain HTTP is refused even for this trail', async () => {
      const ask = cloudTrailPut(orgObject, {
        'aws:SourceArn': thisTrail,
        's3:x-amz-acl': 'bucket-owner-full-control',
        'aws:SecureTransport': 'false',
      });
      expect(await resourcePolicyVerdict(policy, ask)).toBe('Denied');
    });

    it('CloudTrail checks the bucket ACL for this trail only', async () => {
      const ask = (sourceArn: string): ResourcePolicyAsk => ({
        principal: 'cloudtrail.amazonaws.com',
        action: 's3:GetBucketAcl',
        resource: bucket,
        resourceAccount: mgmt,
        context: { 'aws:SourceArn': sourceArn },
      });
      expect(await resourcePolicyVerdict(policy, ask(thisTrail))).toBe('Allowed');
      expect(await resourcePolicyVerdict(policy, ask(otherTrail))).toBe('Denied');
    });
  });

  // The trail key policy is checked as exact text in management.test.ts: the
  // simulator ignores context keys whose variable part is not after a slash,
  // so `kms:EncryptionContext:aws:cloudtrail:arn` cannot be simulated.

  describe('delivery role trust policy', () => {
    it('only CloudTrail acting for this trail of this account assumes the role', async () => {
      const trust = policyOf(findOne(json, 'aws_iam_role').body.assume_role_policy);
      const roleArn = `arn:aws:iam::${mgmt}:role/${findOne(json, 'aws_iam_role').body.name}`;
      const ask = (principal: string, sourceArn: string): ResourcePolicyAsk => ({
        principal,
        action: 'sts:AssumeRole',
        resource: roleArn,
        resourceAccount: mgmt,
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': mgmt },
      });
      expect(await resourcePolicyVerdict(trust, ask('cloudtrail.amazonaws.com', thisTrail))).toBe('Allowed');
      expect(await resourcePolicyVerdict(trust, ask('cloudtrail.amazonaws.com', otherTrail))).toBe('Denied');
      expect(await resourcePolicyVerdict(trust, ask('events.amazonaws.com', thisTrail))).toBe('Denied');
    });
  });
});
