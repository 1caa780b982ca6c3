import { blocks, type TfItem } from './model';
import type { SecurityRule } from './types';

/**
 * Checklists 9 and 10: every metric filter on a trail's log group has an alarm
 * on its metric (Trivy AWS-0152/0148 pair them by name). Filters on other log
 * groups feed dashboards and are not alerts by themselves.
 */
export const alarmPerMetricFilter: SecurityRule = {
  id: 'SW-ALARM-3',
  area: 'ALARM',
  title: "Every metric filter on a trail's log group has an alarm whose namespace and metric_name are its metric",
  checklist: [9, 10],
  check(model) {
    const alarms = model.resources('aws_cloudwatch_metric_alarm');
    const trailGroups = model
      .resources('aws_cloudtrail')
      .flatMap((trail) => model.mentioned(trail.body.cloud_watch_logs_group_arn))
      .filter((item) => item.type === 'aws_cloudwatch_log_group');
    const onTrailGroup = (filter: TfItem) => trailGroups.some((group) => model.refersTo(filter.body.log_group_name, group, ['name', 'id']));
    return model.resources('aws_cloudwatch_log_metric_filter').filter(onTrailGroup).flatMap((filter) =>
      blocks(filter.body.metric_transformation)
        .filter((metric) => !alarms.some((alarm) => alarm.body.metric_name === metric.name && alarm.body.namespace === metric.namespace))
        .map((metric) => ({ item: filter, message: `no alarm on metric ${String(metric.namespace)}/${String(metric.name)}` })),
    );
  },
};
