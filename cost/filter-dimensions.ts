/**
 * How many distinct dimension values each synthesized metric filter produces
 * in an hour, from the events the organization's own schedules send (the
 * heartbeats): the filter pattern is evaluated offline (detection/logs-filter)
 * against every modelled envelope of the filter's log group, and the
 * dimension selectors are read from the matching ones.
 *
 * It matters twice: each distinct combination is one custom metric (the
 * cost), and CloudWatch Logs "might disable a metric filter if it generates
 * 1,000 different name/value pairs for your specified dimensions within one
 * hour" (PutMetricFilter API reference, Dimensions).
 */
import { compileLogsFilter } from '../detection/logs-filter';
import { type Resource, resolveLogGroupName, scheduledEvents } from './inventory';

/** PutMetricFilter: the documented point where CloudWatch Logs may disable a filter. */
export const METRIC_FILTER_DIMENSION_LIMIT = 1000;

export interface FilterDimensions {
  filter: Resource;
  logGroupName: string;
  metric: { namespace: string; name: string };
  /** Dimension name -> selector (`$.account`). Empty: the filter publishes one metric. */
  dimensions: Record<string, string>;
  /** Distinct dimension-value combinations per hour; undefined when the log group's events are not modelled. */
  distinctPerHour?: number;
  /** The distinct combinations, serialized (for metric identity across filters). */
  combinations: string[];
}

function transformation(filter: Resource): Record<string, unknown> | undefined {
  const value = filter.body.metric_transformation;
  return (Array.isArray(value) ? value[0] : value) as Record<string, unknown> | undefined;
}

function select(event: unknown, selector: string): unknown {
  let current: unknown = event;
  for (const key of selector.replace(/^\$\./, '').split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Every metric filter of the organization with its dimensions and, where the events are modelled, their distinct values. */
export function filterDimensions(resources: readonly Resource[], heartbeatLogGroupName: string): FilterDimensions[] {
  // The aggregator's heartbeat rule writes every heartbeat (and nothing else) to the heartbeat log group.
  const heartbeats = scheduledEvents(resources);
  const result: FilterDimensions[] = [];
  for (const filter of resources) {
    if (filter.type !== 'aws_cloudwatch_log_metric_filter') continue;
    const logGroupName = resolveLogGroupName(resources, filter.stack, filter.body.log_group_name) ?? String(filter.body.log_group_name);
    const transform = transformation(filter) ?? {};
    const dimensions = (transform.dimensions ?? {}) as Record<string, string>;
    const metric = { namespace: String(transform.namespace), name: String(transform.name) };
    const names = Object.keys(dimensions).sort();
    if (names.length === 0) {
      result.push({ filter, logGroupName, metric, dimensions, distinctPerHour: 1, combinations: [''] });
      continue;
    }
    const compiled = compileLogsFilter(String(filter.body.pattern));
    const events = logGroupName === heartbeatLogGroupName ? heartbeats : [];
    const matching = events.filter((event) => compiled.matches(event.envelope));
    if (matching.length === 0) {
      result.push({ filter, logGroupName, metric, dimensions, distinctPerHour: undefined, combinations: [] });
      continue;
    }
    // Every schedule runs at least once an hour (periods of an hour or less): all its values appear within one hour.
    const combinations = [
      ...new Set(matching.map((event) => JSON.stringify(names.map((name) => [name, select(event.envelope, dimensions[name])])))),
    ].sort();
    result.push({ filter, logGroupName, metric, dimensions, distinctPerHour: combinations.length, combinations });
  }
  return result;
}

/** The largest number of distinct dimension values any one filter sees in an hour (the bench's figure). */
export function largestDimensionValuesPerFilter(resources: readonly Resource[], heartbeatLogGroupName: string): { count: number; filter?: string } {
  let best: { count: number; filter?: string } = { count: 0 };
  for (const entry of filterDimensions(resources, heartbeatLogGroupName)) {
    if (Object.keys(entry.dimensions).length === 0) continue;
    const count = entry.distinctPerHour ?? 0;
    if (count > best.count) best = { count, filter: `${entry.filter.stack}.${entry.filter.id}` };
  }
  return best;
}
