/**
 * Checklist 5/20: CloudTrail may write to the trail bucket only from this
 * trail, with the owner ACL, under AWSLogs/<account>/ and AWSLogs/<org>/, over TLS.
 */
import { managementAccount, trailArn, trailBucketName } from '../../config/names';
import { decide, only, policyOf, synthesizeExample, type PolicyDocument, type Synthesized } from './support';

describe('trail bucket policy, as synthesized', () => {
  let example: Synthesized;
  let policy: PolicyDocument;
  let bucketArn: string;
  let management: string;
  let member: string;

  beforeAll(() => {
    example = synthesizeExample();
    const model = example.stack('management');
    const bucket = only(model, 'aws_s3_bucket', (item) => item.body.bucket === trailBucketName(example.config));
    policy = policyOf(model, only(model, 'aws_s3_bucket_policy', (item) => model.resolve(item.body.bucket, ['aws_s3_bucket']) === bucket));
    bucketArn = `arn:aws:s3:::${trailBucketName(example.config)}`;
    management = managementAccount(example.config).id;
    member = example.config.accounts.find((account) => account.id !== management)!.id;
  });
  afterAll(() => example.cleanup());

  const orgKey = () => `AWSLogs/${example.config.organization.id}/${member}/CloudTrail/${example.config.trail.region}/2026/11/25/${member}_CloudTrail_x.json.gz`;
  const put = (key: string, context: Record<string, string>) =>
    decide({
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      resource: `${bucketArn}/${key}`,
      resourceAccount: management,
      context: { 'aws:SecureTransport': 'true', ...context },
      resourcePolicy: policy,
    });
  const fromThisTrail = () => ({ 'aws:SourceArn': trailArn(example.config), 's3:x-amz-acl': 'bucket-owner-full-control' });

  it('GIVEN this trail WHEN it writes a member log under the organization prefix THEN it is allowed', async () => {
    expect(await put(orgKey(), fromThisTrail())).toBe('Allowed');
  });

  it("GIVEN this trail WHEN it writes the management account's own log THEN it is allowed", async () => {
    expect(await put(`AWSLogs/${management}/CloudTrail/${example.config.trail.region}/2026/11/25/x.json.gz`, fromThisTrail())).toBe('Allowed');
  });

  it('GIVEN another trail of the same account WHEN it writes THEN it is refused', async () => {
    const otherTrail = trailArn({ ...example.config, trail: { ...example.config.trail, name: 'another-trail' } });
    expect(await put(orgKey(), { ...fromThisTrail(), 'aws:SourceArn': otherTrail })).toBe('ImplicitlyDenied');
  });

  it('GIVEN this trail WHEN it writes without the bucket-owner-full-control ACL THEN it is refused', async () => {
    expect(await put(orgKey(), { 'aws:SourceArn': trailArn(example.config) })).toBe('ImplicitlyDenied');
  });

  it('GIVEN this trail WHEN it writes over plain HTTP THEN it is explicitly denied', async () => {
    expect(await put(orgKey(), { ...fromThisTrail(), 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
  });

  it('GIVEN this trail WHEN it writes outside AWSLogs/<account>/ and AWSLogs/<org>/ THEN it is refused', async () => {
    expect(await put(`AWSLogs/999999999999/CloudTrail/x.json.gz`, fromThisTrail())).toBe('ImplicitlyDenied');
    expect(await put('elsewhere/x.json.gz', fromThisTrail())).toBe('ImplicitlyDenied');
  });

  it('GIVEN CloudTrail WHEN it checks the bucket ACL THEN only this trail is allowed', async () => {
    const aclCheck = (sourceArn: string) =>
      decide({
        principal: 'cloudtrail.amazonaws.com',
        action: 's3:GetBucketAcl',
        resource: bucketArn,
        resourceAccount: management,
        context: { 'aws:SecureTransport': 'true', 'aws:SourceArn': sourceArn },
        resourcePolicy: policy,
      });
    expect(await aclCheck(trailArn(example.config))).toBe('Allowed');
    expect(await aclCheck(`arn:aws:cloudtrail:${example.config.trail.region}:999999999999:trail/${example.config.trail.name}`)).toBe('ImplicitlyDenied');
  });
});
