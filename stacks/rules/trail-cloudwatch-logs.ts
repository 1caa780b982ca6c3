import type { SecurityRule } from './types';

/** Checklist 3: delivery to a log group of the same stack and region, with a role. */
export const trailCloudWatchLogs: SecurityRule = {
  id: 'SW-TRAIL-4',
  area: 'TRAIL',
  title: 'Trail delivers to a log group of the same stack and region (cloud_watch_logs_group_arn ends in :*) with a role',
  checklist: [3],
  check(model, config) {
    return model.resources('aws_cloudtrail').flatMap((trail) => {
      const groupArn = trail.body.cloud_watch_logs_group_arn;
      // config trail.cloudWatchLogs: false is the documented way to turn delivery off.
      if (groupArn === undefined && !config.trail.cloudWatchLogs) return [];
      const refMatch = typeof groupArn === 'string' ? /^\$\{(aws_cloudwatch_log_group\.[A-Za-z0-9_-]+)\.arn\}:\*$/.exec(groupArn) : null;
      const group = refMatch
        ? model.get(refMatch[1])
        : typeof groupArn === 'string' && groupArn.endsWith(':*')
          ? model.resolve(groupArn, ['aws_cloudwatch_log_group'])
          : undefined;
      const messages: string[] = [];
      if (!group) messages.push(`cloud_watch_logs_group_arn must be the ARN of a log group of this stack ending in ":*" (got ${JSON.stringify(groupArn ?? null)})`);
      else if (model.provider(group).key !== model.provider(trail).key) messages.push('the trail log group must be in the trail region (same provider)');
      if (!trail.body.cloud_watch_logs_role_arn) messages.push('cloud_watch_logs_role_arn must be set');
      return messages.map((message) => ({ item: trail, message }));
    });
  },
};
