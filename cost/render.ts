/** Text and JSON renderings of a cost report. */
import type { CostReport } from './model';
import { VOLUME_NAMES, volumeOption } from './volumes';

const usd = (value: number): string => `$${value.toFixed(2)}`;

/** The JSON of `npm run cost -- --json`: the four headline fields first. */
export function costJson(report: CostReport): string {
  const { totalMonthUsd, perAccountMonthUsd, byResourceType, byStack, accounts, alarms, customMetrics, customMetricMonths, notPriced, excluded, volumes, pricesReadOn } = report;
  return `${JSON.stringify(
    { totalMonthUsd, perAccountMonthUsd, byResourceType, byStack, accounts, alarms, customMetrics, customMetricMonths, notPriced, excluded, volumes, pricesReadOn },
    null,
    2,
  )}\n`;
}

export function costText(report: CostReport): string {
  const lines: string[] = [];
  lines.push(`Monthly AWS cost of signin-watch for ${report.accounts} accounts, all in (us-east-1 list prices read ${report.pricesReadOn} and later, see cost/prices.ts; free tiers applied once per organization):`);
  lines.push(`  total ${usd(report.totalMonthUsd)} a month, ${usd(report.perAccountMonthUsd)} per account-month`);
  lines.push(`  ${report.alarms.standard} standard alarms, ${report.alarms.metricsInsights} Metrics Insights alarms, ${report.customMetrics} custom metrics (${report.customMetricMonths} metric-months pro-rated by the hours they publish)`);
  lines.push('', 'By resource type:');
  for (const [type, value] of Object.entries(report.byResourceType).sort(([, a], [, b]) => b - a)) lines.push(`  ${usd(value).padStart(10)}  ${type}`);
  const stacks = Object.entries(report.byStack).sort(([, a], [, b]) => b - a);
  lines.push('', `By stack (${stacks.length}; the 10 most expensive):`);
  for (const [stack, value] of stacks.slice(0, 10)) lines.push(`  ${usd(value).padStart(10)}  ${stack}`);
  lines.push('', 'Not priced (unknown to the model, NOT counted as zero):');
  if (report.notPriced.length === 0) lines.push('  none');
  for (const entry of report.notPriced) lines.push(`  ${entry.stack} ${entry.type}.${entry.id}: ${entry.reason}`);
  lines.push('', 'Excluded:');
  for (const entry of report.excluded) lines.push(`  ${entry.what}: ${entry.why}`);
  lines.push('', 'Volumes assumed (change with --<option> VALUE):');
  for (const name of VOLUME_NAMES) lines.push(`  --${volumeOption(name)} ${report.volumes[name]}`);
  return `${lines.join('\n')}\n`;
}
