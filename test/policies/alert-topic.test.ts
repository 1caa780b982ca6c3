/**
 * Checklist 12/20: only this account's alarms may publish to the alert topic;
 * per-event alerts reach SNS through the alert engine's role, never from an
 * EventBridge rule.
 */
import { aggregatorAccount, alertTopicName, centralAlertRuleName, centralRuleArn } from '../../config/names';
import type { StackModel, TfItem } from '../../stacks/rules/model';
import { decide, only, policyOf, synthesizeExample, type PolicyDocument, type Synthesized } from './support';

describe('alert topic policy, as synthesized', () => {
  let example: Synthesized;
  let model: StackModel;
  let topic: TfItem;
  let topicArn: string;
  let policy: PolicyDocument;
  let account: string;
  let region: string;
  let ruleArns: string[];

  beforeAll(() => {
    example = synthesizeExample();
    model = example.stack('aggregator');
    account = aggregatorAccount(example.config).id;
    region = example.config.aggregator.region;
    topic = only(model, 'aws_sns_topic', (item) => item.body.name === alertTopicName(example.config));
    topicArn = model.literalForms(topic).find((form) => form.startsWith('arn:aws:sns:'))!;
    policy = policyOf(model, only(model, 'aws_sns_topic_policy', (item) => model.mentioned(item.body.arn).includes(topic)));
    ruleArns = [centralRuleArn(example.config, centralAlertRuleName(example.config, 'root-console-login'))];
  });
  afterAll(() => example.cleanup());

  const publish = (service: string, sourceArn: string, sourceAccount: string) =>
    decide({
      principal: service,
      action: 'sns:Publish',
      resource: topicArn,
      resourceAccount: account,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
      resourcePolicy: policy,
    });

  it('GIVEN no rule of the stack targets the topic (alerts go through the engine) THEN none does', () => {
    const toTopic = model.resources('aws_cloudwatch_event_target').filter((target) => model.resolve(target.body.arn, ['aws_sns_topic']) !== undefined);
    expect(toTopic).toEqual([]);
  });

  it('GIVEN an alert rule of this stack WHEN EventBridge publishes THEN it is refused', async () => {
    for (const ruleArn of ruleArns) expect([ruleArn, await publish('events.amazonaws.com', ruleArn, account)]).toEqual([ruleArn, 'ImplicitlyDenied']);
  });

  it('GIVEN a rule of the same name in another account WHEN EventBridge publishes THEN it is refused', async () => {
    const foreign = ruleArns[0].replace(`:${account}:`, ':999999999999:');
    expect(await publish('events.amazonaws.com', foreign, '999999999999')).toBe('ImplicitlyDenied');
  });

  it('GIVEN another rule of this account WHEN EventBridge publishes THEN it is refused', async () => {
    expect(await publish('events.amazonaws.com', `arn:aws:events:${region}:${account}:rule/someone-elses-rule`, account)).toBe('ImplicitlyDenied');
  });

  it('GIVEN an alarm of this account WHEN CloudWatch publishes THEN it is allowed', async () => {
    expect(await publish('cloudwatch.amazonaws.com', `arn:aws:cloudwatch:${region}:${account}:alarm:any-alarm`, account)).toBe('Allowed');
  });

  it('GIVEN an alarm of another account WHEN CloudWatch publishes THEN it is refused', async () => {
    expect(await publish('cloudwatch.amazonaws.com', `arn:aws:cloudwatch:${region}:999999999999:alarm:any-alarm`, '999999999999')).toBe('ImplicitlyDenied');
  });

  it('GIVEN any principal of the account WHEN it publishes without being a service THEN the topic policy grants nothing', async () => {
    const decision = await decide({
      principal: 'arn:aws:iam::999999999999:role/outsider',
      action: 'sns:Publish',
      resource: topicArn,
      resourceAccount: account,
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:*', Resource: '*' }] }],
      resourcePolicy: policy,
    });
    expect(decision).toBe('ImplicitlyDenied');
  });
});
