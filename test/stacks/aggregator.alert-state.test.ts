/**
 * Issue 19 item 3: the alert engine's state table in the aggregator stack:
 * on demand, TTL, customer-managed key, point-in-time recovery, deletion
 * protection; the engine role may only UpdateItem/GetItem on it (and use its
 * key through DynamoDB); reserved concurrency on the engine; the rule pack
 * refuses a table without them.
 */
import { alertEngineName, alertStateTableName, kmsAliasName, AGGREGATOR_STACK } from '../../config/names';
import { evaluateJson, SECURITY_RULES } from '../../stacks/rules';
import { ENGINE_RESERVED_CONCURRENCY } from '../../stacks/constructs/alert-engine';
import { synthAggregator } from '../support/aggregator-stack';
import { findOne, keyByAlias, ref } from '../support/management-stack';
import { exampleConfig, type StackJson } from '../support/synth';

const config = exampleConfig();
const json = synthAggregator(config);
const table = findOne(json, 'aws_dynamodb_table');
const policyOf = (text: string) => JSON.parse(text) as { Statement: StackJson[] };

describe('the alert state table', () => {
  it('GIVEN the example config WHEN synthesized THEN one on-demand table with TTL, its own rotated key, PITR and deletion protection', () => {
    const key = keyByAlias(json, kmsAliasName(config, 'alert-state'));
    expect(table.body).toMatchObject({
      name: alertStateTableName(config),
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      attribute: [{ name: 'pk', type: 'S' }],
      ttl: { attribute_name: 'expiresAt', enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: ref(key, 'arn') },
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
    });
    expect(key.body.enable_key_rotation).toBe(true);
  });

  it('GIVEN the engine role WHEN read THEN DynamoDB only UpdateItem/GetItem on the table ARN, and the state key only through DynamoDB', () => {
    const role = findOne(json, 'aws_iam_role', (body) => body.name === alertEngineName(config));
    const statements = role.body.inline_policy.flatMap((inline: StackJson) => policyOf(inline.policy).Statement);
    const dynamo = statements.filter((statement: StackJson) => JSON.stringify(statement.Action).includes('dynamodb:'));
    expect(dynamo).toEqual([
      { Sid: 'CountAndRecordAlertState', Effect: 'Allow', Action: ['dynamodb:UpdateItem', 'dynamodb:GetItem'], Resource: `arn:aws:dynamodb:${config.aggregator.region}:${config.accounts.find((a) => a.name === config.aggregator.account)?.id ?? expect.any(String)}:table/${alertStateTableName(config)}` },
    ]);
    const keyUse = statements.find((statement: StackJson) => statement.Sid === 'UseStateKeyThroughDynamoDb');
    expect(keyUse.Condition).toEqual({ StringEquals: { 'kms:ViaService': `dynamodb.${config.aggregator.region}.amazonaws.com` } });
    expect(keyUse.Resource).toMatch(/^\$\{aws_kms_key\./);
  });

  it('GIVEN the engine function WHEN read THEN reserved concurrency is set and the model names the table', () => {
    const fn = findOne(json, 'aws_lambda_function', (body) => body.function_name === alertEngineName(config));
    expect(fn.body.reserved_concurrent_executions).toBe(ENGINE_RESERVED_CONCURRENCY);
  });

  it.each([
    ['no customer-managed key', (body: StackJson) => delete body.server_side_encryption, 'server_side_encryption must be enabled with kms_key_arn naming a customer-managed key'],
    ['point-in-time recovery off', (body: StackJson) => (body.point_in_time_recovery = { enabled: false }), 'point_in_time_recovery must be enabled'],
    ['deletion protection off', (body: StackJson) => (body.deletion_protection_enabled = false), 'deletion_protection_enabled must be true'],
  ])('GIVEN a table with %s WHEN the rule pack runs THEN SW-DYNAMODB-1 reports it', (_, breakIt, message) => {
    const rule = SECURITY_RULES.filter((candidate) => candidate.id === 'SW-DYNAMODB-1');
    expect(evaluateJson(AGGREGATOR_STACK, json as never, config, rule)).toEqual([]);
    const broken = structuredClone(json);
    breakIt(broken.resource.aws_dynamodb_table[table.name]);
    expect(evaluateJson(AGGREGATOR_STACK, broken as never, config, rule).map((finding) => finding.message)).toEqual([message]);
  });
});
