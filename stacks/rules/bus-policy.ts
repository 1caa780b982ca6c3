import { centralBusArn, forwarderRoleArnPattern } from '../../config/names';
import { allows, conditionValues } from './policy';
import type { RuleViolation, SecurityRule } from './types';

/**
 * Checklist 13: the central bus admits only events:PutEvents, only from the
 * forwarder roles (aws:PrincipalArn) of the configured organization: any other
 * role of a member could put a forged heartbeat.
 */
export const busPolicy: SecurityRule = {
  id: 'SW-EVENTS-1',
  area: 'EVENTS',
  title: 'Bus policies allow only events:PutEvents on that bus, only with aws:PrincipalOrgID = the configured organization and aws:PrincipalArn = its forwarder roles',
  checklist: [13],
  check(model, config) {
    const violations: RuleViolation[] = [];
    const orgId = config.organization.id;
    const forwarderRoles = forwarderRoleArnPattern(config);
    for (const item of model.resources('aws_cloudwatch_event_bus_policy')) {
      const bus = model.mentioned(item.body.event_bus_name).find((candidate) => candidate.type === 'aws_cloudwatch_event_bus');
      const busArns = [centralBusArn(config), ...(bus ? [`\${${bus.address}.arn}`] : [])];
      for (const statement of model.policy(item.body.policy)!.statements.filter(allows)) {
        const sid = statement.sid ?? '?';
        if (statement.notActions.length > 0 || statement.actions.some((action) => action !== 'events:PutEvents')) {
          violations.push({ item, message: `statement ${sid} may only allow events:PutEvents (has ${statement.actions.join(', ') || 'NotAction'})` });
        }
        if (statement.notResources.length > 0 || statement.resources.length === 0 || statement.resources.some((resource) => !busArns.includes(resource))) {
          violations.push({ item, message: `statement ${sid} must name only the bus ARN (has ${statement.resources.join(', ')})` });
        }
        const orgs = conditionValues(statement, 'aws:PrincipalOrgID', ['StringEquals']);
        if (orgs.length === 0 || orgs.some((org) => org !== orgId)) {
          violations.push({ item, message: `statement ${sid} must require aws:PrincipalOrgID = ${orgId} (StringEquals)` });
        }
        const principals = conditionValues(statement, 'aws:PrincipalArn', ['ArnLike', 'ArnEquals']);
        if (principals.length === 0 || principals.some((principal) => principal !== forwarderRoles)) {
          violations.push({ item, message: `statement ${sid} must require aws:PrincipalArn = ${forwarderRoles} (ArnLike)` });
        }
      }
    }
    for (const item of model.resources('aws_cloudwatch_event_permission')) {
      const conditions = (Array.isArray(item.body.condition) ? item.body.condition : [item.body.condition]).filter(Boolean) as Array<Record<string, unknown>>;
      const orgScoped = conditions.some((c) => c.key === 'aws:PrincipalOrgID' && c.value === orgId);
      if ((item.body.action ?? 'events:PutEvents') !== 'events:PutEvents' || !orgScoped) {
        violations.push({ item, message: `event permission must allow only events:PutEvents with aws:PrincipalOrgID = ${orgId}` });
      }
    }
    return violations;
  },
};
