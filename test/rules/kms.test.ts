import { describeRule, editPolicy } from './fixture';

describeRule('SW-KMS-1', [{ name: 'a key without rotation', breakIt: (f) => f.r.key.addOverride('enable_key_rotation', false), message: 'enable_key_rotation must be true' }]);

describeRule('SW-KMS-2', [
  { name: 'a key with an empty policy', breakIt: (f) => editPolicy(f, 'key', (d) => (d.Statement = [])), message: 'no explicit key policy' },
]);

describeRule('SW-KMS-3', [
  {
    name: 'a CloudTrail grant without the encryption context',
    breakIt: (f) => editPolicy(f, 'key', (d) => delete d.Statement[1].Condition.StringLike),
    message: 'statement CloudTrailEncrypt lacks the kms:EncryptionContext:aws:cloudtrail:arn condition',
  },
  {
    name: 'a CloudTrail grant without aws:SourceArn',
    breakIt: (f) => editPolicy(f, 'key', (d) => delete d.Statement[1].Condition.StringEquals),
    message: 'statement CloudTrailEncrypt lacks the aws:SourceArn condition',
  },
]);

describeRule('SW-KMS-4', [
  {
    name: 'a log-group key without the logs encryption context',
    breakIt: (f) => editPolicy(f, 'key', (d) => delete d.Statement[2].Condition),
    message: 'key policy must let logs.eu-west-1.amazonaws.com Encrypt/GenerateDataKey* under kms:EncryptionContext:aws:logs:arn',
  },
]);

describeRule('SW-KMS-5', [
  {
    name: 'an EventBridge grant limited by an unrelated condition',
    breakIt: (f) => editPolicy(f, 'key', (d) => (d.Statement[3].Condition = { Bool: { 'aws:SecureTransport': 'true' } })),
    message: 'statement EventsUse for events.amazonaws.com is not limited',
  },
  {
    name: 'an EventBridge grant without any limiting condition',
    breakIt: (f) => editPolicy(f, 'key', (d) => delete d.Statement[3].Condition),
    message: 'statement EventsUse for events.amazonaws.com is not limited by aws:SourceAccount, aws:SourceArn or a kms:EncryptionContext condition',
  },
  {
    name: 'a topic key alarms cannot use',
    breakIt: (f) => editPolicy(f, 'key', (d) => (d.Statement = d.Statement.filter((s) => s.Sid !== 'AlarmsUse'))),
    message: 'key policy must let cloudwatch.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt',
  },
]);
