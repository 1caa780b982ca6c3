import { createdTrailLogGroupName, managementAccount } from '../../config/names';
import { rolePolicies } from './helpers';
import { allows } from './policy';
import type { SecurityRule } from './types';

const DELIVERY_ACTIONS = ['logs:createlogstream', 'logs:putlogevents'];

/** Checklist 4: the delivery role trusts only CloudTrail and writes only the trail's streams. */
export const trailDeliveryRole: SecurityRule = {
  id: 'SW-TRAIL-5',
  area: 'TRAIL',
  title: 'Trail delivery role trusts only cloudtrail.amazonaws.com and may only CreateLogStream/PutLogEvents on the trail streams',
  checklist: [4],
  check(model, config) {
    return model.resources('aws_cloudtrail').flatMap((trail) => {
      if (trail.body.cloud_watch_logs_role_arn === undefined) return [];
      const role = model.resolve(trail.body.cloud_watch_logs_role_arn, ['aws_iam_role']);
      if (role?.type !== 'aws_iam_role') return [{ item: trail, message: 'cloud_watch_logs_role_arn must name a role of this stack' }];
      const messages: string[] = [];
      const trust = model.policy(role.body.assume_role_policy);
      for (const statement of trust?.statements.filter(allows) ?? []) {
        const p = statement.principals;
        if (!p || p.anyone || p.AWS.length > 0 || p.Federated.length > 0 || p.Service.some((s) => s !== 'cloudtrail.amazonaws.com')) {
          messages.push('the role must trust only cloudtrail.amazonaws.com');
        }
      }
      const group = model.mentioned(trail.body.cloud_watch_logs_group_arn).find((item) => item.type === 'aws_cloudwatch_log_group');
      const management = managementAccount(config).id;
      const groupPrefixes = [
        ...(group ? [`\${${group.address}.arn}`] : []),
        `arn:aws:logs:${config.trail.region}:${management}:log-group:${createdTrailLogGroupName(config)}`,
      ];
      const streams = [`${management}_CloudTrail_${config.trail.region}*`, `${config.organization.id}_*`];
      const allowed = groupPrefixes.flatMap((group) => streams.map((stream) => `${group}:log-stream:${stream}`));
      for (const policy of rolePolicies(model, role)) {
        if (policy.unreadable) messages.push(`a role policy cannot be read: ${policy.unreadable}`);
        for (const statement of policy.statements.filter(allows)) {
          const extra = statement.actions.filter((action) => !DELIVERY_ACTIONS.includes(action.toLowerCase()));
          if (extra.length > 0 || statement.notActions.length > 0) messages.push(`the role may only logs:CreateLogStream/PutLogEvents (also has ${extra.join(', ') || 'NotAction'})`);
          const outside = statement.resources.filter((resource) => !allowed.includes(resource));
          if (outside.length > 0 || statement.notResources.length > 0) messages.push(`the role writes outside the trail streams: ${outside.join(', ') || 'NotResource'}`);
        }
      }
      return messages.map((message) => ({ item: role, message }));
    });
  },
};
