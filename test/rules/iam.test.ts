import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { describeRule, editPolicy, type Fixture } from './fixture';

/** Replaces the forwarder role's policy by an aws_iam_policy_document data source allowing `actions` on `resources`. */
function policyDocumentSource(f: Fixture, actions: string[], resources: string[]): void {
  const document = new DataAwsIamPolicyDocument(f.stack, 'document', {
    statement: [{ sid: 'FromDataSource', effect: 'Allow', actions, resources }],
  });
  f.r.forwarderPolicy.addOverride('policy', document.json);
}

describeRule('SW-IAM-1', [
  {
    name: 'a bus policy open to anyone',
    breakIt: (f) => editPolicy(f, 'busPolicy', (d) => delete d.Statement[0].Condition),
    message: 'policy: statement OrgPutEvents allows any principal without a scoping condition',
  },
  {
    name: 'a key policy granting everyone with an unrelated condition',
    breakIt: (f) => editPolicy(f, 'key', (d) => d.Statement.push({ Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
    message: 'policy: statement Open allows any principal without a scoping condition',
  },
]);

describeRule('SW-IAM-2', [
  { name: 'a role policy allowing every action', breakIt: (f) => editPolicy(f, 'forwarderPolicy', (d) => (d.Statement[0].Action = '*')), message: 'policy: statement PutEvents allows every action' },
  {
    name: 'a NotAction allow',
    breakIt: (f) => editPolicy(f, 'forwarderPolicy', (d) => {
      delete d.Statement[0].Action;
      d.Statement[0].NotAction = 'iam:*';
    }),
    message: 'policy: statement PutEvents allows every action',
  },
  {
    name: 'an aws_iam_policy_document data source allowing every action',
    breakIt: (f) => policyDocumentSource(f, ['*'], ['*']),
    message: 'policy: statement FromDataSource allows every action',
  },
]);

describeRule('SW-IAM-3', [
  {
    name: 'a write action on every resource',
    breakIt: (f) => editPolicy(f, 'deliveryPolicy', (d) => (d.Statement[0].Resource = '*')),
    message: 'policy: statement Deliver allows logs:CreateLogStream, logs:PutLogEvents on every resource',
  },
]);

describeRule('SW-IAM-4', [
  {
    name: 'kms:Decrypt on every key, from a policy document data source',
    breakIt: (f) => policyDocumentSource(f, ['kms:Decrypt'], ['*']),
    message: 'policy: statement FromDataSource allows kms:Decrypt on every key',
  },
  {
    name: 'kms:Decrypt on every key',
    breakIt: (f) => editPolicy(f, 'forwarderPolicy', (d) => d.Statement.push({ Sid: 'DecryptAll', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' })),
    message: 'policy: statement DecryptAll allows kms:Decrypt on every key',
  },
]);

describeRule('SW-IAM-5', [
  {
    name: 'a policy built as an HCL expression',
    breakIt: (f) => f.r.topic.addOverride('policy', '${jsonencode({})}'),
    message: 'policy: not a JSON policy document',
  },
]);
