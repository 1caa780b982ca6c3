import { CIS_FILTERS } from '../../detection/catalogue';
import { describeRule } from './fixture';

describeRule('SW-LOGS-1', [
  { name: 'a one-month retention', breakIt: (f) => f.r.signInGroup.addOverride('retention_in_days', 30), message: 'retention_in_days must be a literal >= 365 (got 30)' },
  { name: 'a trail log group kept less than config says', config: (c) => (c.trail.logRetentionDays = 400), breakIt: (f) => f.r.trailGroup.addOverride('retention_in_days', 365), message: 'retention_in_days must be a literal >= 400 (got 365)' },
]);

describeRule(
  'SW-LOGS-1',
  [{ name: 'a shorter retention than the documented config choice', breakIt: (f) => f.r.signInGroup.addOverride('retention_in_days', 30), message: 'retention_in_days must be a literal >= 90 (got 30)' }],
  (c) => {
    c.aggregator.logRetentionDays = 90;
  },
);

describeRule('SW-LOGS-2', [
  { name: 'a log group with the AWS-owned key', breakIt: (f) => f.r.trailGroup.addOverride('kms_key_id', 'alias/aws/logs'), message: 'kms_key_id must name a customer-managed key' },
]);

describeRule('SW-LOGS-3', [
  {
    name: 'a CIS filter with an extra term',
    breakIt: (f) => f.r[`filter-${CIS_FILTERS[0].id}`].addOverride('pattern', CIS_FILTERS[0].pattern.replace('}', ' && $.x = "y"}')),
    message: `no metric filter with the verbatim ${CIS_FILTERS[0].control} pattern`,
  },
]);

describeRule('SW-LOGS-4', [
  {
    name: 'a filter named unlike its metric',
    breakIt: (f) => f.r[`filter-${CIS_FILTERS[1].id}`].addOverride('name', 'SomethingElse'),
    message: `filter name "SomethingElse" must equal its metric name ("${CIS_FILTERS[1].metricName}")`,
  },
]);
