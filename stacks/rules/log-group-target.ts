import { targetKind } from './helpers';
import { allows, coversAction } from './policy';
import type { SecurityRule } from './types';

const LOG_DELIVERERS = ['events.amazonaws.com', 'delivery.logs.amazonaws.com'];
const MAX_RESOURCE_POLICIES = 10;

/** Checklist 16: an EventBridge log-group target sits under /aws/events/ and has a resource policy; at most 10 per region. */
export const logGroupTarget: SecurityRule = {
  id: 'SW-EVENTS-5',
  area: 'EVENTS',
  title: 'Log groups targeted by rules are under /aws/events/ and admitted by a log resource policy; at most 10 resource policies per region',
  checklist: [16],
  check(model) {
    const violations = [];
    const policies = model.resources('aws_cloudwatch_log_resource_policy');
    for (const target of model.resources('aws_cloudwatch_event_target')) {
      const { kind, item: group } = targetKind(model, target);
      if (kind !== 'logs' || !group) continue;
      if (typeof group.body.name !== 'string' || !group.body.name.startsWith('/aws/events/')) {
        violations.push({ item: group, message: 'a log group EventBridge writes to must be named under /aws/events/' });
      }
      const names = (resource: string) =>
        model.mentioned(resource).includes(group) || (typeof group.body.name === 'string' && resource.includes(`:log-group:${group.body.name}`));
      const statements = policies.flatMap((policyItem) => model.policy(policyItem.body.policy_document)?.statements ?? []);
      const admitted = ['logs:CreateLogStream', 'logs:PutLogEvents'].every((action) =>
        statements.some(
          (s) => allows(s) && s.principals?.Service.some((service) => LOG_DELIVERERS.includes(service)) && coversAction(s, action) && s.resources.some(names),
        ),
      );
      if (!admitted) violations.push({ item: group, message: 'no aws_cloudwatch_log_resource_policy lets events.amazonaws.com/delivery.logs.amazonaws.com CreateLogStream/PutLogEvents on it' });
    }
    const perProvider = new Map<string, number>();
    for (const policy of policies) perProvider.set(model.provider(policy).key, (perProvider.get(model.provider(policy).key) ?? 0) + 1);
    for (const [provider, count] of perProvider) {
      if (count > MAX_RESOURCE_POLICIES) {
        const item = policies.find((p) => model.provider(p).key === provider)!;
        violations.push({ item, message: `${count} log resource policies for provider ${provider}: CloudWatch Logs allows ${MAX_RESOURCE_POLICIES} per account and region` });
      }
    }
    return violations;
  },
};
