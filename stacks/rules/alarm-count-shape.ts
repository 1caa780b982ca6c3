import { blocks } from './model';
import type { SecurityRule } from './types';

const SHAPE: Record<string, unknown> = {
  statistic: 'Sum',
  period: 300,
  comparison_operator: 'GreaterThanOrEqualToThreshold',
  treat_missing_data: 'notBreaching',
};

/**
 * Checklist 10: alarms on event counts (metrics of this stack's metric
 * filters) use the CIS shape. No metric filter is a liveness signal any more
 * (forwarder health is the health check's, not a heartbeat metric's), so none is exempt.
 */
export const alarmCountShape: SecurityRule = {
  id: 'SW-ALARM-2',
  area: 'ALARM',
  title: 'Alarms on metric-filter counts: Sum, period 300, threshold >= 1, GreaterThanOrEqualToThreshold, treat_missing_data notBreaching',
  checklist: [10],
  check(model) {
    const counted = new Set(
      model
        .resources('aws_cloudwatch_log_metric_filter')
        .flatMap((filter) => blocks(filter.body.metric_transformation))
        .map((metric) => `${String(metric.namespace)}/${String(metric.name)}`),
    );
    return model
      .resources('aws_cloudwatch_metric_alarm')
      .filter((alarm) => counted.has(`${String(alarm.body.namespace)}/${String(alarm.body.metric_name)}`))
      .flatMap((alarm) => {
        const messages = Object.entries(SHAPE)
          .filter(([key, value]) => alarm.body[key] !== value)
          .map(([key, value]) => `${key} must be ${JSON.stringify(value)} (got ${JSON.stringify(alarm.body[key] ?? null)})`);
        if (typeof alarm.body.threshold !== 'number' || alarm.body.threshold < 1) messages.push('threshold must be a literal >= 1');
        return messages.map((message) => ({ item: alarm, message }));
      });
  },
};
