/**
 * Issue 19 item 2: the scheduled digest function in the aggregator stack:
 * its own zip, role, encrypted log group with retention, schedule at
 * notifications.digest.hourUtc every periodHours, on-failure queue, Errors
 * alarm to the alert topic; least privilege on the sign-in log group; the
 * whole security rule pack passes.
 */
import { alertEngineName } from '../../config/names';
import { AGGREGATOR_STACK, digestFunctionName, digestLogGroupName, kmsAliasName, signInLogGroupName } from '../../config/names';
import { evaluateJson, SECURITY_RULES } from '../../stacks/rules';
import { digestScheduleExpression } from '../../stacks/constructs/digest-function';
import { synthAggregator } from '../support/aggregator-stack';
import { findAll, findOne, keyByAlias, ref } from '../support/management-stack';
import { exampleConfig, type StackJson } from '../support/synth';

const config = exampleConfig();
const json = synthAggregator(config);
const name = digestFunctionName(config);
const statementsOf = (role: { body: StackJson }): StackJson[] => role.body.inline_policy.flatMap((inline: StackJson) => JSON.parse(inline.policy).Statement as StackJson[]);

describe('the digest function', () => {
  it('GIVEN hourUtc and periodHours WHEN scheduled THEN the cron lists every hour of the period in UTC', () => {
    expect(digestScheduleExpression({ hourUtc: 7, periodHours: 24 })).toBe('cron(0 7 * * ? *)');
    expect(digestScheduleExpression({ hourUtc: 7, periodHours: 6 })).toBe('cron(0 1,7,13,19 * * ? *)');
  });

  it('GIVEN the example config WHEN synthesized THEN a function with its own package, encrypted log group with retention and on-failure queue', () => {
    const fn = findOne(json, 'aws_lambda_function', (body) => body.function_name === name);
    const engine = findOne(json, 'aws_lambda_function', (body) => body.function_name === alertEngineName(config));
    expect(fn.body.filename).not.toBe(engine.body.filename);
    expect(fn.body.environment.variables).toEqual({ SIGNIN_LOG_GROUP: signInLogGroupName(config), DIGEST_PERIOD_HOURS: '24' });
    const logGroup = findOne(json, 'aws_cloudwatch_log_group', (body) => body.name === digestLogGroupName(config));
    expect(logGroup.body.retention_in_days).toBe(config.aggregator.logRetentionDays);
    expect(logGroup.body.kms_key_id).toBe(ref(keyByAlias(json, kmsAliasName(config, 'digest-logs')), 'arn'));
    const invoke = findOne(json, 'aws_lambda_function_event_invoke_config', (body) => String(body.function_name).includes('digest'));
    expect(invoke.body.destination_config.on_failure.destination).toMatch(/aws_sqs_queue\.digest_failure-queue/);
    const errors = findOne(json, 'aws_cloudwatch_metric_alarm', (body) => body.metric_name === 'Errors' && body.dimensions?.FunctionName === name);
    expect(errors.body.alarm_actions).toEqual([expect.stringContaining('aws_sns_topic.alert-topic')]);
  });

  it('GIVEN the schedule WHEN read THEN it targets the function with the scheduled time, its own role may only invoke it and dead-letter', () => {
    const schedule = findOne(json, 'aws_scheduler_schedule', (body) => body.name === name);
    expect(schedule.body).toMatchObject({ schedule_expression: 'cron(0 7 * * ? *)', schedule_expression_timezone: 'UTC', flexible_time_window: { mode: 'OFF' } });
    expect(JSON.parse(schedule.body.target.input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
    expect(schedule.body.target.dead_letter_config.arn).toMatch(/aws_sqs_queue\.digest_failure-queue/);
    const role = findOne(json, 'aws_iam_role', (body) => body.name === `${name}-schedule`);
    expect(statementsOf(role).map((statement) => statement.Action)).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage', ['kms:GenerateDataKey*', 'kms:Decrypt']]);
  });

  it('GIVEN the function role WHEN read THEN StartQuery on the sign-in log group only, GetQueryResults (no resource-level), publish to digest topics only', () => {
    const role = findOne(json, 'aws_iam_role', (body) => body.name === name);
    const statements = statementsOf(role);
    const account = config.accounts.find((candidate) => candidate.name === config.aggregator.account)!.id;
    expect(statements.find((statement) => statement.Action === 'logs:StartQuery')?.Resource).toBe(`arn:aws:logs:${config.aggregator.region}:${account}:log-group:${signInLogGroupName(config)}`);
    expect(statements.find((statement) => statement.Action === 'logs:GetQueryResults')?.Resource).toBe('*');
    expect(JSON.stringify(statements)).not.toContain('logs:StopQuery');
    expect(statements.find((statement) => statement.Action === 'sns:Publish')?.Resource).toMatch(/:signin-watch-to-email-/);
  });

  it('GIVEN the aggregator stack with the digest WHEN the security rule pack runs THEN nothing is reported', () => {
    expect(evaluateJson(AGGREGATOR_STACK, json as never, config, SECURITY_RULES)).toEqual([]);
    expect(findAll(json, 'aws_lambda_function').map((fn) => fn.body.function_name)).toContain(name);
  });
});
