/**
 * Rules for Lambda functions (the alert engine): where its logs go, what
 * happens to an event it fails on, and who may invoke it.
 */
import { asStrings, blocks, type StackModel, type TfItem } from './model';
import { ruleArnForms } from './helpers';
import type { RuleViolation, SecurityRule } from './types';

const functionName = (fn: TfItem): string | undefined => (typeof fn.body.function_name === 'string' ? fn.body.function_name : undefined);

/** Does `value` (a function_name or FunctionName) name `fn`? */
function namesFunction(model: StackModel, value: unknown, fn: TfItem): boolean {
  return model.refersTo(value, fn, ['function_name', 'arn', 'id']) || (functionName(fn) !== undefined && value === functionName(fn));
}

/** Checklist 8: every function logs to a log group of this stack (which SW-LOGS-1/2 then hold to retention and KMS). */
export const lambdaLogGroup: SecurityRule = {
  id: 'SW-LAMBDA-1',
  area: 'LAMBDA',
  title: 'Every Lambda function logs to a log group of this stack (/aws/lambda/<name> or logging_config.log_group), created before it',
  checklist: [8],
  check(model) {
    const groups = model.resources('aws_cloudwatch_log_group');
    return model.resources('aws_lambda_function').flatMap((fn) => {
      const configured = blocks(fn.body.logging_config)[0]?.log_group;
      const wanted = configured ?? `/aws/lambda/${functionName(fn) ?? ''}`;
      const group = groups.find((candidate) => model.refersTo(wanted, candidate, ['name', 'id']) || candidate.body.name === wanted);
      if (!group) return [{ item: fn, message: `no aws_cloudwatch_log_group ${String(wanted)} in this stack: Lambda would create it unencrypted, kept forever` }];
      const after = asStrings(fn.body.depends_on).some((dependency) => dependency === group.address || dependency.startsWith(`${group.address}`));
      return after || model.mentioned(configured).includes(group) ? [] : [{ item: fn, message: `the function must depend on its log group ${group.address}` }];
    });
  },
};

/**
 * Checklist 17: an event a function fails on is kept and is an alert: an
 * on-failure destination (or dead-letter queue), and alarms on Errors and on
 * that queue's depth.
 */
export const lambdaFailures: SecurityRule = {
  id: 'SW-LAMBDA-2',
  area: 'LAMBDA',
  title: 'Every Lambda function has an on-failure destination or dead-letter queue, and an AWS/Lambda Errors alarm',
  checklist: [17],
  check(model) {
    const violations: RuleViolation[] = [];
    const alarms = model.resources('aws_cloudwatch_metric_alarm');
    for (const fn of model.resources('aws_lambda_function')) {
      const invokeConfigs = model.resources('aws_lambda_function_event_invoke_config').filter((config) => namesFunction(model, config.body.function_name, fn));
      const onFailure = invokeConfigs.some((config) => blocks(blocks(config.body.destination_config)[0]?.on_failure)[0]?.destination !== undefined);
      const deadLetter = blocks(fn.body.dead_letter_config)[0]?.target_arn !== undefined;
      if (!onFailure && !deadLetter) violations.push({ item: fn, message: 'no on-failure destination (aws_lambda_function_event_invoke_config) or dead_letter_config: failed events would be dropped' });
      const errors = alarms.some(
        (alarm) =>
          alarm.body.namespace === 'AWS/Lambda' &&
          alarm.body.metric_name === 'Errors' &&
          namesFunction(model, (alarm.body.dimensions as Record<string, unknown> | undefined)?.FunctionName, fn),
      );
      if (!errors) violations.push({ item: fn, message: 'no AWS/Lambda Errors alarm with FunctionName = this function' });
    }
    return violations;
  },
};

/** Checklist 18: a service may invoke a function only for one named source (an EventBridge rule of this stack). */
export const lambdaPermissionSource: SecurityRule = {
  id: 'SW-LAMBDA-3',
  area: 'LAMBDA',
  title: 'Every Lambda permission names its source: events.amazonaws.com only with source_arn = a rule of this stack',
  checklist: [18],
  check(model) {
    const ruleArns = model.resources('aws_cloudwatch_event_rule').flatMap((rule) => ruleArnForms(model, rule));
    return model.resources('aws_lambda_permission').flatMap((permission) => {
      const { principal, source_arn: sourceArn } = permission.body;
      if (typeof sourceArn !== 'string' || sourceArn.includes('*')) return [{ item: permission, message: 'source_arn must name one source (no wildcard)' }];
      if (principal === 'events.amazonaws.com' && !ruleArns.includes(sourceArn)) return [{ item: permission, message: `source_arn ${sourceArn} is not a rule of this stack` }];
      return [];
    });
  },
};
