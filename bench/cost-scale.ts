/**
 * Cost and heartbeat figures of generated organizations, for the bench: the
 * monthly cost from the cost model (cost/) at the default volumes,
 * and the largest number of distinct dimension values any synthesized metric
 * filter sees in an hour (CloudWatch Logs may disable a filter at 1,000:
 * PutMetricFilter reference). Both are computed from the synthesized stacks,
 * never typed in.
 */
import { heartbeatLogGroupName } from '../config/names';
import type { OrgConfig } from '../config/schema';
import { largestDimensionValuesPerFilter, METRIC_FILTER_DIMENSION_LIMIT } from '../cost/filter-dimensions';
import { inventory } from '../cost/inventory';
import { costOf } from '../cost/model';
import { readSynthOutput } from '../synth/output';
import { table } from './report';

/** Organization sizes whose cost the bench and docs show (issue 13). */
export const COST_SIZES = [10, 100, 500, 2000, 5000] as const;
/** Sizes whose heartbeat dimension figure the bench prints (issue 10 item 7). */
export const DIMENSION_SIZES = [500, 2000, 5000] as const;

export interface CostRow {
  accounts: number;
  totalMonthUsd: number;
  perAccountMonthUsd: number;
  standardAlarms: number;
  customMetrics: number;
  /** Largest number of distinct dimension values one metric filter sees per hour. */
  largestFilterDimensionValues: number;
  notPriced: number;
}

/** The cost row of one synthesized organization (`outdir` of a synth of `config`). */
export function costRow(config: OrgConfig, outdir: string): CostRow {
  const stacks = new Map([...readSynthOutput(outdir)].map(([name, stack]) => [name, stack.terraform]));
  const report = costOf(stacks, config);
  const largest = largestDimensionValuesPerFilter(inventory(stacks), heartbeatLogGroupName(config));
  return {
    accounts: config.accounts.length,
    totalMonthUsd: report.totalMonthUsd,
    perAccountMonthUsd: report.perAccountMonthUsd,
    standardAlarms: report.alarms.standard,
    customMetrics: report.customMetrics,
    largestFilterDimensionValues: largest.count,
    notPriced: report.notPriced.length,
  };
}

export function costTable(rows: readonly CostRow[], style: 'console' | 'markdown'): string {
  return table(
    ['Accounts', 'USD / month', 'USD / account-month', 'Alarms', 'Custom metrics', `Largest filter dimension values / hour (limit ${METRIC_FILTER_DIMENSION_LIMIT})`, 'Not priced'],
    rows.map((row) => [
      String(row.accounts),
      row.totalMonthUsd.toFixed(2),
      row.perAccountMonthUsd.toFixed(2),
      String(row.standardAlarms),
      String(row.customMetrics),
      String(row.largestFilterDimensionValues),
      String(row.notPriced),
    ]),
    style,
  );
}

/** The benchmarks.md section of the cost rows. */
export function costMarkdown(rows: readonly CostRow[]): string {
  return [
    '',
    '## Monthly AWS cost and heartbeat filter dimensions',
    '',
    'From `npm run cost` (cost/, us-east-1 list prices, default volumes, all in: the CloudTrail line of the own trail included, free tiers applied once per organization) on the generated organizations; the last columns count what the synthesized metric filters produce (a filter may be disabled at 1,000 distinct dimension values an hour).',
    '',
    costTable(rows, 'markdown'),
    '',
  ].join('\n');
}
