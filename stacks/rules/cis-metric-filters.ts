import { trailLogGroupName } from '../../config/names';
import { CIS_FILTERS } from '../../detection/catalogue';
import { namesLogGroup } from './helpers';
import type { SecurityRule } from './types';

/** Checklist 9: the trail's log group carries the CIS filters verbatim (Security Hub compares the text). */
export const cisMetricFilters: SecurityRule = {
  id: 'SW-LOGS-3',
  area: 'LOGS',
  title: "The trail log group carries each CIS metric filter of the catalogue, pattern verbatim",
  checklist: [9],
  check(model, config) {
    const group = model.resources('aws_cloudwatch_log_group').find((g) => g.body.name === trailLogGroupName(config));
    if (!group) return [];
    const filters = model.resources('aws_cloudwatch_log_metric_filter').filter((f) => namesLogGroup(model, f.body.log_group_name, group));
    return CIS_FILTERS.filter((cis) => !filters.some((filter) => filter.body.pattern === cis.pattern)).map((cis) => ({
      item: group,
      message: `no metric filter with the verbatim ${cis.control} pattern ${cis.pattern}`,
    }));
  },
};
