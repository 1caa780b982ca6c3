import { alertEngineLogGroupName, createdTrailLogGroupName, digestLogGroupName, healthCheckLogGroupName, heartbeatLogGroupName, signInLogGroupName } from '../../config/names';
import type { OrgConfig } from '../../config/schema';
import type { SecurityRule } from './types';

/**
 * The retention a log group must have: what config sets for the configurable
 * groups, else one year. aggregator.logRetentionDays sets both /aws/events/
 * groups of the aggregator (sign-ins and heartbeats) and the alert engine's
 * log group, which the stack creates with that same retention.
 */
export function requiredRetentionDays(config: OrgConfig, groupName: unknown): number {
  // The log group of the trail the stack creates (an existing trail's group is not created here).
  if (groupName === createdTrailLogGroupName(config)) return config.trail.logRetentionDays;
  const aggregatorGroups = [signInLogGroupName(config), heartbeatLogGroupName(config), alertEngineLogGroupName(config), healthCheckLogGroupName(config), digestLogGroupName(config)];
  if (aggregatorGroups.includes(groupName as string)) return config.aggregator.logRetentionDays;
  return 365;
}

/** Checklist 8: retention is a literal of at least 365 days, unless config sets otherwise. */
export const logGroupRetention: SecurityRule = {
  id: 'SW-LOGS-1',
  area: 'LOGS',
  title: 'Every log group has a literal retention_in_days >= 365 (the configured value for the trail, sign-in and heartbeat log groups)',
  checklist: [8],
  check(model, config) {
    return model.resources('aws_cloudwatch_log_group').flatMap((group) => {
      const required = requiredRetentionDays(config, group.body.name);
      const retention = group.body.retention_in_days;
      if (typeof retention !== 'number' || retention < required) {
        return [{ item: group, message: `retention_in_days must be a literal >= ${required} (got ${JSON.stringify(retention ?? null)})` }];
      }
      return [];
    });
  },
};
