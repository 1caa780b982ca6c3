import { pipelineForwarderPatternsFor } from '../../detection/catalogue';
import { describeRule, editPolicy } from './fixture';

describeRule('SW-EVENTS-1', [
  {
    name: 'a bus policy for another organization',
    breakIt: (f) => editPolicy(f, 'busPolicy', (d) => (d.Statement[0].Condition.StringEquals['aws:PrincipalOrgID'] = 'o-otherorg123')),
    message: 'statement OrgPutEvents must require aws:PrincipalOrgID = o-exampleorg1 (StringEquals)',
  },
  {
    name: 'a bus policy for any role of the organization (a member could forge a heartbeat)',
    breakIt: (f) => editPolicy(f, 'busPolicy', (d) => delete d.Statement[0].Condition.ArnLike),
    message: 'statement OrgPutEvents must require aws:PrincipalArn = arn:aws:iam::*:role/signin-watch-forwarder (ArnLike)',
  },
  {
    name: 'a bus policy for every role of the organization by wildcard',
    breakIt: (f) => editPolicy(f, 'busPolicy', (d) => (d.Statement[0].Condition.ArnLike['aws:PrincipalArn'] = 'arn:aws:iam::*:role/*')),
    message: 'statement OrgPutEvents must require aws:PrincipalArn = arn:aws:iam::*:role/signin-watch-forwarder (ArnLike)',
  },
  {
    name: 'a bus policy that also allows rule management',
    breakIt: (f) => editPolicy(f, 'busPolicy', (d) => (d.Statement[0].Action = ['events:PutEvents', 'events:PutRule'])),
    message: 'statement OrgPutEvents may only allow events:PutEvents (has events:PutEvents, events:PutRule)',
  },
  {
    name: 'a bus policy on every bus',
    breakIt: (f) => editPolicy(f, 'busPolicy', (d) => (d.Statement[0].Resource = 'arn:aws:events:eu-west-1:333333333333:event-bus/*')),
    message: 'statement OrgPutEvents must name only the bus ARN',
  },
]);

describeRule('SW-EVENTS-2', [
  {
    name: 'a forwarder to a bus that is not the central one',
    breakIt: (f) => f.r.forwarderTarget.addOverride('arn', 'arn:aws:events:eu-west-1:999999999999:event-bus/elsewhere'),
    message: 'a bus target must be the central bus arn:aws:events:eu-west-1:333333333333:event-bus/signin-watch-central',
  },
  {
    name: 'a forwarder role that may put events anywhere',
    breakIt: (f) => editPolicy(f, 'forwarderPolicy', (d) => (d.Statement[0].Resource = 'arn:aws:events:*:*:event-bus/*')),
    message: 'the forwarder role may only PutEvents on arn:aws:events:eu-west-1:333333333333:event-bus/signin-watch-central',
  },
  {
    name: 'a forwarder role trusted by EventBridge of any account',
    breakIt: (f) => editPolicy(f, 'forwarderRole', (d) => delete d.Statement[0].Condition),
    message: 'the forwarder role trust must require aws:SourceAccount',
  },
  {
    name: 'a forwarder rule that does not match sign-ins',
    breakIt: (f) => f.r.forwarderRule.addOverride('event_pattern', JSON.stringify({ source: ['aws.ec2'] })),
    message: 'the forwarder rule must match source = aws.signin',
  },
  {
    name: 'a forwarder rule that drops CloudTrail calls (trail tampering)',
    breakIt: (f) => f.r.forwarderRule.addOverride('event_pattern', JSON.stringify({ source: ['aws.signin'] })),
    message: 'the forwarder rule must match source = aws.cloudtrail (trail tampering)',
  },
  { name: 'a forwarder without a role', breakIt: (f) => f.r.forwarderTarget.addOverride('role_arn', undefined), message: 'a bus target in another account needs role_arn' },
  {
    name: 'a second forwarder whose pattern is not exactly the pipeline forwarder pattern (one more source)',
    breakIt: (f) => {
      const pattern = pipelineForwarderPatternsFor(f.config)[0] as { source: string[] };
      f.r.pipelineRule.addOverride('event_pattern', JSON.stringify({ ...pattern, source: [...pattern.source, 'aws.ec2'] }));
    },
    message: 'the forwarder rule must match source = aws.signin (or be the pipeline forwarder',
  },
  {
    name: 'the pipeline forwarder to a bus that is not the central one',
    breakIt: (f) => f.r.pipelineTarget.addOverride('arn', 'arn:aws:events:eu-west-1:999999999999:event-bus/elsewhere'),
    message: 'a bus target must be the central bus',
  },
  { name: 'the pipeline forwarder without a role', breakIt: (f) => f.r.pipelineTarget.addOverride('role_arn', undefined), message: 'a bus target in another account needs role_arn' },
]);

describeRule('SW-EVENTS-3', [
  {
    name: 'a dead-letter queue any rule may fill',
    breakIt: (f) => editPolicy(f, 'forwarder-dlqPolicy', (d) => (d.Statement[0].Condition.ArnEquals['aws:SourceArn'] = 'arn:aws:events:eu-west-1:111111111111:rule/other')),
    message: 'statement RuleSends must require aws:SourceArn = the rule aws_cloudwatch_event_rule.forwarder-rule',
  },
  {
    name: 'a forwarder DLQ shared by the pipeline forwarder but admitting only the sign-in forwarder',
    breakIt: (f) => editPolicy(f, 'forwarder-dlqPolicy', (d) => (d.Statement[0].Condition.ArnEquals['aws:SourceArn'] = d.Statement[0].Condition.ArnEquals['aws:SourceArn'][0])),
    message: 'no statement admits the rule aws_cloudwatch_event_rule.pipeline-rule (aws:SourceArn)',
  },
  {
    name: 'the pipeline forwarder without a dead-letter queue',
    breakIt: (f) => f.r.pipelineTarget.addOverride('dead_letter_config', undefined),
    message: 'dead_letter_config.arn must name an aws_sqs_queue of this stack',
  },
  { name: 'a target without a dead-letter queue', breakIt: (f) => f.r.topicTarget.addOverride('dead_letter_config', undefined), message: 'dead_letter_config.arn must name an aws_sqs_queue of this stack' },
  { name: 'an unencrypted dead-letter queue', breakIt: (f) => f.r['central-dlq'].addOverride('kms_master_key_id', undefined), message: 'the dead-letter queue must be encrypted' },
  { name: 'a FIFO dead-letter queue', breakIt: (f) => f.r['central-dlq'].addOverride('fifo_queue', true), message: 'a dead-letter queue must be a standard queue' },
]);

describeRule('SW-EVENTS-4', [
  {
    name: 'a retry policy on the bus target',
    breakIt: (f) => f.r.forwarderTarget.addOverride('retry_policy', { maximum_retry_attempts: 3 }),
    message: 'a bus target takes no retry_policy',
  },
  {
    name: 'a retry policy on the pipeline forwarder target',
    breakIt: (f) => f.r.pipelineTarget.addOverride('retry_policy', { maximum_retry_attempts: 3 }),
    message: 'a bus target takes no retry_policy',
  },
  {
    name: 'a role on the SNS target',
    breakIt: (f) => f.r.topicTarget.addOverride('role_arn', 'arn:aws:iam::111111111111:role/x'),
    message: 'a sns target takes no role_arn',
  },
]);

describeRule('SW-EVENTS-5', [
  {
    name: 'a log group target outside /aws/events/',
    breakIt: (f) => f.r.signInGroup.addOverride('name', '/signin-watch/sign-ins'),
    message: 'a log group EventBridge writes to must be named under /aws/events/',
  },
  {
    name: 'a log group target without a resource policy for its streams',
    breakIt: (f) => editPolicy(f, 'logPolicy', (d) => (d.Statement[0].Action = ['logs:CreateLogStream'])),
    message: 'no aws_cloudwatch_log_resource_policy lets events.amazonaws.com/delivery.logs.amazonaws.com CreateLogStream/PutLogEvents on it',
  },
]);
