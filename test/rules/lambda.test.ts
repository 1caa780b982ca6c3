import { describeRule } from './fixture';

describeRule('SW-LAMBDA-1', [
  { name: 'a function created before its log group', breakIt: (f) => f.r.engine.addOverride('depends_on', null), message: 'the function must depend on its log group' },
  { name: 'a function without its log group', breakIt: (f) => f.r.engineLog.addOverride('name', '/aws/lambda/someone-else'), message: 'no aws_cloudwatch_log_group /aws/lambda/engine in this stack' },
]);

describeRule('SW-LAMBDA-2', [
  {
    name: 'a function without an on-failure destination',
    breakIt: (f) => f.r.engineInvokeConfig.addOverride('function_name', 'another-function'),
    message: 'no on-failure destination (aws_lambda_function_event_invoke_config) or dead_letter_config',
  },
  { name: 'a function without an Errors alarm', breakIt: (f) => f.r['engine-errors'].addOverride('metric_name', 'Throttles'), message: 'no AWS/Lambda Errors alarm with FunctionName = this function' },
]);

describeRule('SW-LAMBDA-3', [
  { name: 'a permission for every rule', breakIt: (f) => f.r.enginePermission.addOverride('source_arn', 'arn:aws:events:eu-west-1:333333333333:rule/*'), message: 'source_arn must name one source (no wildcard)' },
  {
    name: 'a permission for a foreign rule',
    breakIt: (f) => f.r.enginePermission.addOverride('source_arn', 'arn:aws:events:eu-west-1:999999999999:rule/x'),
    message: 'source_arn arn:aws:events:eu-west-1:999999999999:rule/x is not a rule of this stack',
  },
]);
