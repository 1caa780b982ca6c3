/**
 * The shared constructs the aggregator helper owns (kms-key, alert-topic,
 * encrypted-log-group, events-log-resource-policy), on their own: their
 * secure defaults and the settings they refuse.
 */
import { App, Testing, TerraformStack } from 'cdktf';
import { AlertTopic } from '../../stacks/constructs/alert-topic';
import { EncryptedLogGroup } from '../../stacks/constructs/encrypted-log-group';
import { EventsLogResourcePolicy } from '../../stacks/constructs/events-log-resource-policy';
import { KmsKey, kmsKeyPolicyStatements, logsKeyGrant } from '../../stacks/constructs/kms-key';
import { policyOf, type StackJson } from '../support/synth';
import { findOne, ref } from '../support/management-stack';
import { scratchDir } from '../support/scratch';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

function synthWith(build: (stack: TerraformStack) => void): StackJson {
  const app = new App({ outdir: scratchDir() });
  const stack = new TerraformStack(app, 'constructs');
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

describe('KmsKey', () => {
  it('rotates, keeps 30 days before deletion, and has the root admin statement first', () => {
    const json = synthWith((stack) => new KmsKey(stack, 'key', { aliasName: 'alias/x/y', description: 'd', accountId: ACCOUNT }));
    const key = findOne(json, 'aws_kms_key');
    expect(key.body.enable_key_rotation).toBe(true);
    expect(key.body.deletion_window_in_days).toBe(30);
    expect(policyOf(key.body.policy).Statement).toEqual([
      { Sid: 'AccountRootAdministersKey', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    ]);
    expect(findOne(json, 'aws_kms_alias').body).toEqual({ name: 'alias/x/y', target_key_id: ref(key, 'key_id') });
  });

  it('refuses a service grant without a condition, a duplicate statement id, and an alias without alias/', () => {
    expect(() => kmsKeyPolicyStatements(ACCOUNT, [{ sid: 'Open', service: 'events.amazonaws.com', actions: ['kms:Decrypt'], conditions: {} }])).toThrow(/has no condition/);
    const grant = logsKeyGrant({ region: REGION, accountId: ACCOUNT, logGroupNames: ['/a'] });
    expect(() => kmsKeyPolicyStatements(ACCOUNT, [grant, grant])).toThrow(/duplicate statement id/);
    expect(() => synthWith((stack) => new KmsKey(stack, 'key', { aliasName: 'x/y', description: 'd', accountId: ACCOUNT }))).toThrow(/must start with alias\//);
  });
});

describe('AlertTopic without publishing rules (the management stack case)', () => {
  let json: StackJson;
  beforeAll(() => {
    json = synthWith((stack) => new AlertTopic(stack, 'topic', { name: 't', accountId: ACCOUNT, region: REGION, emails: ['a@example.com'], keyAliasName: 'alias/x/t' }));
  });

  it("creates its own key that admits only this account's CloudWatch alarms", () => {
    const grants = policyOf(findOne(json, 'aws_kms_key').body.policy).Statement.slice(1);
    expect(grants.map((statement: { Sid: string }) => statement.Sid)).toEqual(['CloudWatchAlarmsUseKey']);
    expect(findOne(json, 'aws_sns_topic').body.kms_master_key_id).toBe(ref(findOne(json, 'aws_kms_key'), 'arn'));
  });

  it('lets only CloudWatch alarms publish', () => {
    const statements = policyOf(findOne(json, 'aws_sns_topic_policy').body.policy).Statement;
    expect(statements.map((statement: { Principal: unknown }) => statement.Principal)).toEqual([{ Service: 'cloudwatch.amazonaws.com' }]);
  });

  it('refuses a topic nobody is subscribed to', () => {
    expect(() => synthWith((stack) => new AlertTopic(stack, 'topic', { name: 't', accountId: ACCOUNT, region: REGION, emails: [], keyAliasName: 'alias/x/t' }))).toThrow(
      /at least one email subscriber/,
    );
  });
});

describe('EncryptedLogGroup with its own key', () => {
  it('admits CloudWatch Logs of its region for this log group only', () => {
    const json = synthWith((stack) => new EncryptedLogGroup(stack, 'lg', { name: '/x/y', retentionInDays: 400, accountId: ACCOUNT, region: REGION, keyAliasName: 'alias/x/lg' }));
    const key = findOne(json, 'aws_kms_key');
    expect(findOne(json, 'aws_cloudwatch_log_group').body).toEqual({ name: '/x/y', retention_in_days: 400, kms_key_id: ref(key, 'arn') });
    expect(policyOf(key.body.policy).Statement[1].Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/x/y` },
    });
  });
});

describe('EventsLogResourcePolicy', () => {
  it('refuses log groups outside /aws/events/ (EventBridge targets live there) and a policy without rules', () => {
    const props = { name: 'p', accountId: ACCOUNT, region: REGION, ruleArns: ['arn:aws:events:eu-west-1:123456789012:rule/r'] };
    expect(() => synthWith((stack) => new EventsLogResourcePolicy(stack, 'p', { ...props, logGroupNames: ['/custom/x'] }))).toThrow(/under \/aws\/events\//);
    expect(() => synthWith((stack) => new EventsLogResourcePolicy(stack, 'p', { ...props, ruleArns: [], logGroupNames: ['/aws/events/x'] }))).toThrow(/at least one rule/);
  });
});
