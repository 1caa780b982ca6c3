/**
 * npm run cost: the arithmetic pinned on small synthesized organizations
 * (generated like the bench's), the "not priced" rule, Metrics Insights
 * alarms priced per metric analysed, and the command's options.
 */
import * as path from 'node:path';
import { generateOrg } from '../../bench/org-generator';
import { destinationMessages } from '../../cost/deliveries';
import { loadConfig } from '../../detection/org-config';
import { parseCostArgs } from '../../cost/run';
import { filterDimensions, largestDimensionValuesPerFilter, METRIC_FILTER_DIMENSION_LIMIT } from '../../cost/filter-dimensions';
import { inventory } from '../../cost/inventory';
import { costOf } from '../../cost/model';
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from '../../cost/prices';
import { costJson } from '../../cost/render';
import { DEFAULT_VOLUMES } from '../../cost/volumes';
import { UsageError } from '../../command/args';
import { aggregatorMetricNamespace, heartbeatLogGroupName } from '../../config/names';
import type { OrgConfig } from '../../config/schema';
import { synthStacks, type StackJson } from '../support/synth';

const count = (stacks: Record<string, StackJson>, type: string): number =>
  Object.values(stacks).reduce((sum, stack) => sum + Object.keys(stack.resource?.[type] ?? {}).length, 0);
const cents = (usd: number): number => Math.round(usd * 100);

describe('cost model on a synthesized 3-account organization', () => {
  let config: OrgConfig;
  let stacks: Record<string, StackJson>;

  beforeAll(() => {
    config = generateOrg(3).config;
    stacks = synthStacks(config);
  });

  it('prices every alarm at USD 0.10 (a Metrics Insights alarm per metric-month it analyses), every key at USD 1 plus two rotations plus its requests, the dashboard at USD 3, and adds them up', () => {
    const report = costOf(stacks, config);
    const alarms = count(stacks, 'aws_cloudwatch_metric_alarm');
    // Metrics Insights alarms (per-principal failed sign-ins) are priced per metric they analyse: the volume's combinations of their filter.
    const insightsAlarms = Object.values(stacks.aggregator.resource.aws_cloudwatch_metric_alarm ?? {}).filter((body) =>
      JSON.stringify((body as Record<string, unknown>).metric_query ?? '').includes('SELECT'),
    ).length;
    expect(insightsAlarms).toBeGreaterThan(0);
    expect(report.alarms).toEqual({ standard: alarms - insightsAlarms, metricsInsights: insightsAlarms });
    // The per-principal metrics publish only in their active hours: pro-rated by the hour, and so is what the alarm analyses.
    const sparse = DEFAULT_VOLUMES.activeHoursPerUnmodelledMetricMonth / HOURS_PER_MONTH;
    const analysed = insightsAlarms * DEFAULT_VOLUMES.dimensionValuesPerUnmodelledFilterMonth * sparse;
    expect(cents(report.byResourceType.aws_cloudwatch_metric_alarm)).toBe(cents((alarms - insightsAlarms) * 0.1 + analysed * 0.1));
    const keys = count(stacks, 'aws_kms_key');
    expect(count(stacks, 'aws_kms_key')).toBe(Object.values(stacks).flatMap((stack) => Object.values(stack.resource?.aws_kms_key ?? {})).filter((key) => (key as Record<string, unknown>).enable_key_rotation === true).length);
    expect(cents(report.byResourceType.aws_kms_key)).toBe(cents(keys * (1 + 2 + (DEFAULT_VOLUMES.kmsRequestsPerKeyMonth * 0.03) / 10_000)));
    expect(report.byResourceType.aws_cloudwatch_dashboard).toBe(3 * count(stacks, 'aws_cloudwatch_dashboard'));
    const schedules = count(stacks, 'aws_scheduler_schedule');
    // Every 30 minutes: one Scheduler invocation and one custom event each.
    expect(cents(report.byResourceType.aws_scheduler_schedule)).toBe(cents(schedules * HOURS_PER_MONTH * 2 * 2e-6));
    const sum = Object.values(report.byResourceType).reduce((total, usd) => total + usd, 0);
    expect(Math.abs(report.totalMonthUsd - sum)).toBeLessThanOrEqual(0.01 * Object.keys(report.byResourceType).length);
    expect(Math.abs(Object.values(report.byStack).reduce((total, usd) => total + usd, 0) - report.totalMonthUsd)).toBeLessThanOrEqual(0.01 * Object.keys(report.byStack).length);
    expect(report.perAccountMonthUsd).toBeCloseTo(report.totalMonthUsd / 3, 1);
    expect(report.totalMonthUsd).toBeGreaterThanOrEqual(alarms * 0.1);
  });

  it('counts one custom metric per metric filter without dimensions and the volume of (account, principal) pairs per per-principal filter, at USD 0.30 each (no heartbeat metric)', () => {
    const report = costOf(stacks, config);
    const filters = Object.values(stacks).flatMap((stack) => Object.values(stack.resource?.aws_cloudwatch_log_metric_filter ?? {})) as Array<Record<string, unknown>>;
    const dimensioned = filters.filter((body) => JSON.stringify(body.metric_transformation ?? '').includes('dimensions'));
    const perPrincipal = dimensioned.length; // every dimensioned filter is per principal
    expect(perPrincipal).toBeGreaterThan(0);
    expect(report.customMetrics).toBe(filters.length - dimensioned.length + perPrincipal * DEFAULT_VOLUMES.dimensionValuesPerUnmodelledFilterMonth);
    const sparse = DEFAULT_VOLUMES.activeHoursPerUnmodelledMetricMonth / HOURS_PER_MONTH;
    const months = filters.length - dimensioned.length + perPrincipal * DEFAULT_VOLUMES.dimensionValuesPerUnmodelledFilterMonth * sparse;
    expect(report.customMetricMonths).toBeCloseTo(months, 2);
    expect(cents(report.byResourceType.aws_cloudwatch_log_metric_filter)).toBe(cents(months * 0.3));
  });

  it('prices log ingestion from the volumes: trail records of every account, heartbeats of every region, sign-ins', () => {
    const quiet = costOf(stacks, config, { ...DEFAULT_VOLUMES, trailEventsPerAccountDay: 0, signInsPerAccountDay: 0, heartbeatEventBytes: 0 });
    expect(quiet.byResourceType.aws_cloudwatch_log_group).toBe(0);
    const busy = costOf(stacks, config, { ...DEFAULT_VOLUMES, trailEventsPerAccountDay: 10_000 });
    expect(busy.byResourceType.aws_cloudwatch_log_group).toBeGreaterThan(costOf(stacks, config).byResourceType.aws_cloudwatch_log_group);
  });

  it('prices CloudTrail (no longer excluded), and lists an unknown resource type as not priced (never as zero)', () => {
    const withUnknown = JSON.parse(JSON.stringify(stacks)) as Record<string, StackJson>;
    withUnknown.aggregator.resource.aws_made_up_thing = { thing: { name: 'x' } };
    const report = costOf(withUnknown, config);
    const baseline = costOf(stacks, config).notPriced;
    expect(report.notPriced).toEqual([...baseline, { stack: 'aggregator', type: 'aws_made_up_thing', id: 'thing', reason: 'no price for resource type aws_made_up_thing' }]);
    expect(report.excluded.map((entry) => entry.what).join(' ')).not.toContain('CloudTrail');
    expect(report.byResourceType.aws_cloudtrail).toBeGreaterThan(0);
    // Every synthesized resource is priced (per-principal metrics from the dimensionValuesPerUnmodelledFilterMonth volume).
    expect(baseline).toEqual([]);
  });

  it('prices a Metrics Insights alarm per metric its query analyses', () => {
    const withInsights = JSON.parse(JSON.stringify(stacks)) as Record<string, StackJson>;
    const namespace = aggregatorMetricNamespace(config);
    withInsights.aggregator.resource.aws_cloudwatch_metric_alarm.insights = {
      alarm_name: 'insights',
      metric_query: [{ id: 'q', expression: `SELECT SUM(ConsoleLoginSuccess) FROM SCHEMA("${namespace}")`, period: 1800, return_data: true }],
    };
    const report = costOf(withInsights, config);
    expect(report.alarms.metricsInsights - costOf(stacks, config).alarms.metricsInsights).toBe(1);
    expect(report.byResourceType.aws_cloudwatch_metric_alarm).toBeGreaterThanOrEqual(costOf(stacks, config).byResourceType.aws_cloudwatch_metric_alarm);
  });

  it('prints the four headline fields first in --json', () => {
    const parsed = JSON.parse(costJson(costOf(stacks, config)));
    expect(Object.keys(parsed).slice(0, 4)).toEqual(['totalMonthUsd', 'perAccountMonthUsd', 'byResourceType', 'byStack']);
  });
});

describe('forwarder health at scale', () => {
  it('GIVEN the synthesized filters of a 3-account organization THEN no filter has a dimension value from heartbeats, and the health check is priced with its Logs Insights scans', () => {
    const config = generateOrg(3).config;
    const stacks = synthStacks(config);
    const resources = inventory(stacks);
    expect(largestDimensionValuesPerFilter(resources, heartbeatLogGroupName(config)).count).toBeLessThan(METRIC_FILTER_DIMENSION_LIMIT / 10);
    expect(filterDimensions(resources, heartbeatLogGroupName(config)).filter((entry) => entry.filter.body.log_group_name === heartbeatLogGroupName(config))).toEqual([]);
    const items = costOf(stacks, config).lineItems.filter((item) => item.item === 'Logs Insights data scanned (heartbeat log)');
    expect(items).toHaveLength(1);
    expect(items[0].quantity).toBeGreaterThan(0);
  });
});

describe('npm run cost arguments', () => {
  it('takes --config, --synth, --json and every volume; refuses unknown options and bad numbers', () => {
    const options = parseCostArgs(['--config', 'org.yaml', '--json', '--sign-ins-per-account-day', '50']);
    expect(options).toMatchObject({ configFile: 'org.yaml', json: true, synthDir: undefined });
    expect(options.volumes.signInsPerAccountDay).toBe(50);
    expect(() => parseCostArgs(['--sign-ins-per-acount-day', '5'])).toThrow(UsageError);
    expect(() => parseCostArgs(['--sign-ins-per-account-day', 'many'])).toThrow(/must be a number/);
    expect(() => parseCostArgs(['org.yaml'])).toThrow(UsageError);
  });
});

describe('deliveries per destination from the routes and volumes (issue 19 item 8, issue 21 item 3), and the digest priced', () => {
  const EXAMPLE = path.join(__dirname, '..', '..', 'config', 'org.yaml');
  let config: OrgConfig;
  let stacks: Record<string, StackJson>;
  const signInsPerMonth = (c: OrgConfig): number => c.accounts.length * DEFAULT_VOLUMES.signInsPerAccountDay * DAYS_PER_MONTH;
  const emailItems = (report: ReturnType<typeof costOf>) => report.lineItems.filter((item) => item.type === 'aws_sns_topic_subscription' && item.item.startsWith('email deliveries'));
  const delivered = (report: ReturnType<typeof costOf>): number => emailItems(report).reduce((sum, item) => sum + item.quantity, 0);

  beforeAll(() => {
    config = loadConfig(EXAMPLE);
    stacks = synthStacks(config);
  });

  it('GIVEN the example config THEN the default address gets the non-INFO alerts one by one and one digest per period, no sign-in one by one', () => {
    const messages = destinationMessages(config, DEFAULT_VOLUMES, true);
    const runs = (24 / config.notifications.digest.periodHours) * DAYS_PER_MONTH;
    expect(messages.get('email:security-alerts@example.com')).toEqual({ perEvent: expect.closeTo(config.accounts.length * DEFAULT_VOLUMES.nonInfoAlertsPerAccountMonth, 6), info: 0, digest: runs });
    const report = costOf(stacks, config);
    const alertTopic = report.lineItems.filter((item) => item.type === 'aws_sns_topic_subscription' && item.item === 'email deliveries: digests');
    expect(alertTopic.map((item) => item.quantity)).toEqual([runs]);
    // The digest adds periods × digest destinations: hourly digests to the one digest destination add 24 - 24/periodHours a day.
    const hourly = { ...config, notifications: { ...config.notifications, digest: { ...config.notifications.digest, periodHours: 1 } } };
    expect(delivered(costOf(stacks, hourly)) - delivered(report)).toBeCloseTo((24 - 24 / config.notifications.digest.periodHours) * DAYS_PER_MONTH, 6);
  });

  it('WHEN console-login-success goes one by one to a route with severities INFO THEN deliveries grow by about the sign-ins of a month, and the route gets no digest', () => {
    const infoRoute = { name: 'sign-ins', severities: ['INFO' as const], kinds: ['console-login-success'], emails: ['sign-ins@example.com'] };
    const routed = { ...config, notifications: { ...config.notifications, routes: [...config.notifications.routes, infoRoute] } };
    const routedStacks = synthStacks(routed);
    const before = delivered(costOf(stacks, config));
    const after = delivered(costOf(routedStacks, routed));
    expect(after - before).toBeCloseTo(signInsPerMonth(config), 6);
    expect(destinationMessages(routed, DEFAULT_VOLUMES, true).get('email:sign-ins@example.com')).toEqual({ perEvent: 0, info: signInsPerMonth(config), digest: 0 });
    // Priced at USD 2.00 per 100,000 emails.
    const usd = (report: ReturnType<typeof costOf>) => emailItems(report).reduce((sum, item) => sum + item.usd, 0);
    expect(usd(costOf(routedStacks, routed)) - usd(costOf(stacks, config))).toBeCloseTo((signInsPerMonth(config) * 2) / 100_000, 6);
  });

  it('prices the digest function: runs, compute, its log group, and Logs Insights scans of the period and the history; the state table; nothing unpriced', () => {
    const report = costOf(stacks, config);
    const runs = (24 / config.notifications.digest.periodHours) * DAYS_PER_MONTH;
    const digest = report.lineItems.filter((item) => item.id.startsWith('digest_'));
    const find = (prefix: string) => digest.find((item) => item.item.startsWith(prefix));
    expect(find('Lambda requests (digest runs)')?.quantity).toBeCloseTo(runs, 6);
    expect(find('Lambda compute (digest')?.quantity).toBeCloseTo(runs * (DEFAULT_VOLUMES.digestDurationMs / 1000) * 0.5, 6);
    expect(find('Scheduler invocations')?.quantity).toBeCloseTo(runs, 6);
    expect(find('log ingestion')?.quantity).toBeGreaterThan(0);
    const forwarding = Object.keys(stacks).filter((stack) => stack.startsWith('member-')).length;
    const bytesPerDay = forwarding * DEFAULT_VOLUMES.signInsPerAccountDay * DEFAULT_VOLUMES.signInEventBytes;
    const period = find('Logs Insights data scanned (sign-in log: the period)');
    const history = find('Logs Insights data scanned (sign-in log: 90-day history)');
    expect(period?.quantity).toBeCloseTo((runs * bytesPerDay) / 1e9, 9);
    expect(history?.quantity).toBeCloseTo((runs * bytesPerDay * 90) / 1e9, 9);
    expect(history?.usd).toBeCloseTo(history!.quantity * 0.005, 9);
    expect(report.lineItems.some((item) => item.type === 'aws_dynamodb_table' && item.usd > 0)).toBe(true);
    expect(report.notPriced).toEqual([]);
  });
});
