import { trailAlertTopicName, trailLogGroupName } from '../../config/names';
import { CIS_FILTERS } from '../../detection/catalogue';
import { namesLogGroup } from './helpers';
import type { SecurityRule } from './types';

/**
 * Checklist 9: the trail's log group carries the CIS filters verbatim
 * (Security Hub compares the text). With trail.existing the log group is not
 * part of the stack: the filters must name it literally, and the finding is
 * reported on the management stack's trail alert topic.
 */
export const cisMetricFilters: SecurityRule = {
  id: 'SW-LOGS-3',
  area: 'LOGS',
  title: "The trail log group (created, or the existing trail's by name) carries each CIS metric filter of the catalogue, pattern verbatim",
  checklist: [9],
  check(model, config) {
    const groupName = trailLogGroupName(config);
    const allFilters = model.resources('aws_cloudwatch_log_metric_filter');
    let item;
    let filters;
    if (config.trail.existing) {
      item = model.resources('aws_sns_topic').find((topic) => topic.body.name === trailAlertTopicName(config));
      filters = allFilters.filter((filter) => filter.body.log_group_name === groupName);
    } else {
      item = model.resources('aws_cloudwatch_log_group').find((g) => g.body.name === groupName);
      filters = item ? allFilters.filter((f) => namesLogGroup(model, f.body.log_group_name, item!)) : [];
    }
    if (!item) return [];
    return CIS_FILTERS.filter((cis) => !filters.some((filter) => filter.body.pattern === cis.pattern)).map((cis) => ({
      item: item!,
      message: `no metric filter with the verbatim ${cis.control} pattern ${cis.pattern} on ${groupName}`,
    }));
  },
};
