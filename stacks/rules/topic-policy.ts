import { ruleArnForms } from './helpers';
import { allows, conditionValues, coversAction, wildcardMatch } from './policy';
import type { StackModel, TfItem } from './model';
import type { RuleViolation, SecurityRule } from './types';

function topicPolicies(model: StackModel, topic: TfItem) {
  const policies = model.referrers('aws_sns_topic_policy', 'arn', topic).map((item) => ({ item, policy: model.policy(item.body.policy)! }));
  if (topic.body.policy !== undefined) policies.push({ item: topic, policy: model.policy(topic.body.policy)! });
  return policies;
}

/**
 * A Lambda execution role of this stack (trusted by lambda.amazonaws.com only):
 * the alert engine, which publishes per-event messages to its destination topics.
 */
export function isLambdaRoleOfStack(model: StackModel, value: string): boolean {
  const role = model.resolve(value, ['aws_iam_role']);
  if (!role) return false;
  const trust = model.policy(role.body.assume_role_policy);
  const services = (trust?.statements ?? []).filter((s) => allows(s)).flatMap((s) => s.principals?.Service ?? []);
  return services.length > 0 && services.every((service) => service === 'lambda.amazonaws.com');
}

/**
 * Checklist 12: only CloudWatch (this account's alarms), EventBridge (this
 * stack's rules), each limited by aws:SourceArn, and a Lambda role of this
 * stack (the alert engine) may publish.
 */
export const topicPolicy: SecurityRule = {
  id: 'SW-SNS-2',
  area: 'SNS',
  title: "Topic policies let only cloudwatch.amazonaws.com (this account's alarms) and events.amazonaws.com (this stack's rules) sns:Publish, by aws:SourceArn, or a Lambda role of this stack (the alert engine)",
  checklist: [12],
  check(model) {
    const violations: RuleViolation[] = [];
    const ruleArns = model.resources('aws_cloudwatch_event_rule').flatMap((rule) => ruleArnForms(model, rule));
    for (const topic of model.resources('aws_sns_topic')) {
      const provider = model.provider(topic);
      const accounts = provider.accountIds.length > 0 ? provider.accountIds : ['*'];
      const alarmArns = accounts.map((account) => `arn:aws:cloudwatch:${provider.region ?? '*'}:${account}:alarm:*`);
      for (const { item, policy } of topicPolicies(model, topic)) {
        for (const statement of policy.statements.filter((s) => allows(s) && coversAction(s, 'sns:Publish'))) {
          const p = statement.principals;
          const services = p?.Service ?? [];
          const sourceArns = conditionValues(statement, 'aws:SourceArn');
          const sid = statement.sid ?? '?';
          if (p && !p.anyone && p.AWS.length > 0 && services.length === 0 && p.Federated.length === 0) {
            const strangers = p.AWS.filter((arn) => !isLambdaRoleOfStack(model, arn));
            if (strangers.length > 0) violations.push({ item, message: `statement ${sid}: ${strangers.join(', ')} is not a Lambda role of this stack` });
            if (!statement.actions.every((action) => action.toLowerCase() === 'sns:publish')) violations.push({ item, message: `statement ${sid}: a Lambda role may only sns:Publish` });
            continue;
          }
          if (!p || p.anyone || p.AWS.length > 0 || p.Federated.length > 0 || services.some((s) => s !== 'cloudwatch.amazonaws.com' && s !== 'events.amazonaws.com')) {
            violations.push({ item, message: `statement ${sid}: only cloudwatch.amazonaws.com and events.amazonaws.com may publish` });
            continue;
          }
          if (services.length !== 1) {
            violations.push({ item, message: `statement ${sid}: give each publishing service its own statement and aws:SourceArn` });
            continue;
          }
          if (sourceArns.length === 0) violations.push({ item, message: `statement ${sid}: ${services[0]} must be limited by aws:SourceArn` });
          for (const arn of sourceArns) {
            const ok =
              services[0] === 'cloudwatch.amazonaws.com'
                ? alarmArns.some((pattern) => wildcardMatch(pattern, arn, false)) || /^\$\{aws_cloudwatch_metric_alarm\./.test(arn)
                : ruleArns.includes(arn);
            if (!ok) violations.push({ item, message: `statement ${sid}: aws:SourceArn ${arn} is not ${services[0] === 'cloudwatch.amazonaws.com' ? "an alarm of this account" : 'a rule of this stack'}` });
          }
        }
      }
    }
    return violations;
  },
};
