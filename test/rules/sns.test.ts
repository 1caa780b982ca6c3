import { describeRule, editPolicy } from './fixture';

describeRule('SW-SNS-1', [
  { name: 'a topic with the AWS-managed key', breakIt: (f) => f.r.topic.addOverride('kms_master_key_id', 'alias/aws/sns'), message: 'kms_master_key_id must name a customer-managed key (got "alias/aws/sns")' },
]);

describeRule('SW-SNS-2', [
  {
    name: "another account's alarms may publish",
    breakIt: (f) => editPolicy(f, 'topicPolicy', (d) => (d.Statement[0].Condition.ArnLike['aws:SourceArn'] = 'arn:aws:cloudwatch:eu-west-1:999999999999:alarm:*')),
    message: 'statement Alarms: aws:SourceArn arn:aws:cloudwatch:eu-west-1:999999999999:alarm:* is not an alarm of this account',
  },
  {
    name: 'a foreign rule may publish',
    breakIt: (f) => editPolicy(f, 'topicPolicy', (d) => (d.Statement[1].Condition.ArnEquals['aws:SourceArn'] = 'arn:aws:events:eu-west-1:999999999999:rule/x')),
    message: 'statement Rules: aws:SourceArn arn:aws:events:eu-west-1:999999999999:rule/x is not a rule of this stack',
  },
  {
    name: 'EventBridge may publish from any rule',
    breakIt: (f) => editPolicy(f, 'topicPolicy', (d) => delete d.Statement[1].Condition),
    message: 'statement Rules: events.amazonaws.com must be limited by aws:SourceArn',
  },
  {
    name: 'an account principal may publish',
    breakIt: (f) => editPolicy(f, 'topicPolicy', (d) => (d.Statement[1].Principal = { AWS: 'arn:aws:iam::999999999999:root' })),
    message: 'statement Rules: arn:aws:iam::999999999999:root is not a Lambda role of this stack',
  },
]);

describeRule('SW-SNS-3', [
  {
    name: 'a subscription not in config',
    breakIt: (f) => f.r.subscription.addOverride('endpoint', 'someone@example.net'),
    message: 'subscription email:someone@example.net is not an endpoint of config notifications (emails, routes)',
  },
]);
