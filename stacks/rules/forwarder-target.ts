import { centralBusArn } from '../../config/names';
import { rolePolicies, ruleOfTarget, targetKind } from './helpers';
import { allows, conditionValues } from './policy';
import type { RuleViolation, SecurityRule } from './types';
import { pipelineForwarderPatternsFor, SIGN_IN_SOURCE, TRAIL_SOURCE } from '../../detection/catalogue';
import { isDeepStrictEqual } from 'node:util';

/** Every `source` value of an event pattern, including `$or` branches. */
function sources(pattern: unknown): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap(sources);
  if (typeof pattern !== 'object' || pattern === null) return [];
  const record = pattern as Record<string, unknown>;
  const own = Array.isArray(record.source) ? record.source.filter((value): value is string => typeof value === 'string') : [];
  return [...own, ...sources(record.$or)];
}

/**
 * Checklist 14: a rule on the default bus that forwards sign-ins to another
 * account's bus targets the central bus, through a role that trusts only
 * EventBridge of this account and may only PutEvents on that bus. Two kinds of
 * forwarder rule are accepted: the sign-in forwarder (matches aws.signin and
 * aws.cloudtrail) and the pipeline forwarder, whose pattern is exactly the
 * catalogue's `pipelineForwarderPatternsFor(config)` (it cannot fit beside the
 * sign-in pattern); any other pattern is rejected.
 */
export const forwarderTarget: SecurityRule = {
  id: 'SW-EVENTS-2',
  area: 'EVENTS',
  title: 'Forwarders: default-bus rule matching aws.signin and aws.cloudtrail (trail tampering), or exactly a pipeline forwarder pattern, target = the central bus with a role trusted only by events.amazonaws.com (aws:SourceAccount) that may only events:PutEvents on it',
  checklist: [14],
  check(model, config) {
    const violations: RuleViolation[] = [];
    const central = centralBusArn(config);
    for (const target of model.resources('aws_cloudwatch_event_target')) {
      const { kind, item: localBus } = targetKind(model, target);
      if (kind !== 'bus' || localBus) continue; // a bus of this stack is not a cross-account forwarder
      if (target.body.arn !== central) violations.push({ item: target, message: `a bus target must be the central bus ${central} (got ${String(target.body.arn)})` });
      const rule = ruleOfTarget(model, target);
      if (rule) {
        if (rule.body.event_bus_name !== undefined && rule.body.event_bus_name !== 'default') {
          violations.push({ item: rule, message: 'a forwarder rule must sit on the default bus (where CloudTrail delivers)' });
        }
        let pattern: unknown = {};
        try {
          pattern = JSON.parse(String(rule.body.event_pattern ?? '{}'));
        } catch {
          violations.push({ item: rule, message: 'event_pattern is not JSON' });
        }
        const pipelineForwarder = pipelineForwarderPatternsFor(config).some((part) => isDeepStrictEqual(pattern, part));
        if (!pipelineForwarder && !sources(pattern).includes(SIGN_IN_SOURCE)) {
          violations.push({ item: rule, message: `the forwarder rule must match source = ${SIGN_IN_SOURCE} (or be the pipeline forwarder, pattern = one of pipelineForwarderPatternsFor)` });
        }
        // Without it a StopLogging in a member region never reaches the trail-tampering alert.
        if (!pipelineForwarder && !sources(pattern).includes(TRAIL_SOURCE)) {
          violations.push({ item: rule, message: `the forwarder rule must match source = ${TRAIL_SOURCE} (trail tampering)` });
        }
      }
      const role = model.resolve(target.body.role_arn, ['aws_iam_role']);
      if (role?.type !== 'aws_iam_role') {
        violations.push({ item: target, message: 'a bus target in another account needs role_arn naming a role of this stack' });
        continue;
      }
      for (const statement of model.policy(role.body.assume_role_policy)?.statements.filter(allows) ?? []) {
        const p = statement.principals;
        if (!p || p.anyone || p.AWS.length > 0 || p.Federated.length > 0 || p.Service.some((service) => service !== 'events.amazonaws.com')) {
          violations.push({ item: role, message: 'the forwarder role must trust only events.amazonaws.com' });
        } else if (conditionValues(statement, 'aws:SourceAccount').length === 0) {
          violations.push({ item: role, message: 'the forwarder role trust must require aws:SourceAccount' });
        }
      }
      for (const policy of rolePolicies(model, role)) {
        if (policy.unreadable) violations.push({ item: role, message: `a role policy cannot be read: ${policy.unreadable}` });
        for (const statement of policy.statements.filter(allows)) {
          if (statement.notActions.length > 0 || statement.actions.some((action) => action !== 'events:PutEvents')) {
            violations.push({ item: role, message: `the forwarder role may only events:PutEvents (has ${statement.actions.join(', ') || 'NotAction'})` });
          }
          if (statement.notResources.length > 0 || statement.resources.some((resource) => resource !== central)) {
            violations.push({ item: role, message: `the forwarder role may only PutEvents on ${central} (has ${statement.resources.join(', ')})` });
          }
        }
      }
    }
    return violations;
  },
};
