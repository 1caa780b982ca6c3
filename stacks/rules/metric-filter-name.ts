import { blocks } from './model';
import type { SecurityRule } from './types';

/** Checklist 9: filter name = metric name (what Trivy AWS-0152/0148 match an alarm by). */
export const metricFilterName: SecurityRule = {
  id: 'SW-LOGS-4',
  area: 'LOGS',
  title: 'Every metric filter has the same name as its metric',
  checklist: [9],
  check(model) {
    return model.resources('aws_cloudwatch_log_metric_filter').flatMap((filter) => {
      const metrics = blocks(filter.body.metric_transformation);
      const wrong = metrics.filter((metric) => metric.name !== filter.body.name);
      return wrong.length > 0 || metrics.length === 0
        ? [{ item: filter, message: `filter name ${JSON.stringify(filter.body.name)} must equal its metric name (${metrics.map((m) => JSON.stringify(m.name)).join(', ')})` }]
        : [];
    });
  },
};
