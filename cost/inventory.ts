/**
 * The synthesized organization as the cost model and the bench see it: every
 * resource with its stack, type, account and region, and the events the
 * organization's own schedules put on the buses (the heartbeats), modelled as
 * the EventBridge envelopes the central heartbeat log receives.
 */
import type { TerraformJson } from '../synth/output';
import { resourceRegion } from '../synth/output';

export interface Resource {
  stack: string;
  type: string;
  /** Terraform logical name inside the stack. */
  id: string;
  body: Record<string, unknown>;
  region?: string;
  account?: string;
}

export type Stacks = ReadonlyMap<string, TerraformJson> | Readonly<Record<string, TerraformJson>>;

export function stackEntries(stacks: Stacks): Array<[string, TerraformJson]> {
  const entries = stacks instanceof Map ? [...stacks.entries()] : Object.entries(stacks as Record<string, TerraformJson>);
  return entries.sort(([a], [b]) => a.localeCompare(b));
}

/** The account a resource is created in: its provider's single allowed account, when the provider names one. */
function resourceAccount(terraform: TerraformJson, resource: Record<string, unknown>): string | undefined {
  const providers = terraform.provider?.aws ?? [];
  const ref = typeof resource.provider === 'string' ? resource.provider : undefined;
  const alias = ref?.startsWith('aws.') ? ref.slice('aws.'.length) : undefined;
  const provider = alias ? providers.find((p) => p.alias === alias) : providers.find((p) => p.alias === undefined);
  const allowed = provider?.allowed_account_ids;
  return Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === 'string' ? allowed[0] : undefined;
}

export function inventory(stacks: Stacks): Resource[] {
  const resources: Resource[] = [];
  for (const [stack, terraform] of stackEntries(stacks)) {
    for (const [type, byId] of Object.entries(terraform.resource ?? {})) {
      for (const [id, body] of Object.entries(byId)) {
        resources.push({ stack, type, id, body, region: resourceRegion(terraform, body), account: resourceAccount(terraform, body) });
      }
    }
  }
  return resources;
}

/** `${aws_cloudwatch_log_group.x.name}` -> the literal name of that log group in the same stack; literals pass through. */
export function resolveLogGroupName(resources: readonly Resource[], stack: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const reference = /^\$\{aws_cloudwatch_log_group\.([^.}]+)\.name\}$/.exec(value);
  if (!reference) return value;
  const group = resources.find((resource) => resource.stack === stack && resource.type === 'aws_cloudwatch_log_group' && resource.id === reference[1]);
  return typeof group?.body.name === 'string' ? group.body.name : undefined;
}

/** Seconds between runs of a `rate(N unit)` schedule expression; undefined for cron or at expressions. */
export function rateSeconds(expression: unknown): number | undefined {
  if (typeof expression !== 'string') return undefined;
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const unit = match[2].startsWith('minute') ? 60 : match[2].startsWith('hour') ? 3600 : 86400;
  return Number(match[1]) * unit;
}

/**
 * Runs a day of a daily `cron(M H * * ? *)` expression (M one minute, H one hour or a comma list of hours, as
 * the digest's schedule); undefined for any other cron, rate or at expression.
 */
export function cronRunsPerDay(expression: unknown): number | undefined {
  if (typeof expression !== 'string') return undefined;
  const match = /^cron\(\d{1,2} (\d{1,2}(?:,\d{1,2})*) \* \* \? \*\)$/.exec(expression.trim());
  return match ? new Set(match[1].split(',')).size : undefined;
}

/** One event a schedule puts on a bus, as the EventBridge envelope the rules and log groups see. */
export interface ScheduledEvent {
  schedule: Resource;
  /** Seconds between two events of this schedule. */
  periodSeconds: number;
  envelope: { source: string; 'detail-type': string; account: string; region: string; detail: unknown };
}

/**
 * Events put on a bus by EventBridge Scheduler's templated PutEvents target
 * (source and detail-type from `eventbridge_parameters`, detail from `input`).
 */
export function scheduledEvents(resources: readonly Resource[]): ScheduledEvent[] {
  const events: ScheduledEvent[] = [];
  for (const schedule of resources) {
    if (schedule.type !== 'aws_scheduler_schedule') continue;
    const target = (Array.isArray(schedule.body.target) ? schedule.body.target[0] : schedule.body.target) as Record<string, unknown> | undefined;
    const parameters = (Array.isArray(target?.eventbridge_parameters) ? target?.eventbridge_parameters[0] : target?.eventbridge_parameters) as
      | Record<string, unknown>
      | undefined;
    const periodSeconds = rateSeconds(schedule.body.schedule_expression);
    if (!target || !parameters || !periodSeconds || !schedule.account || !schedule.region) continue;
    events.push({
      schedule,
      periodSeconds,
      envelope: {
        source: String(parameters.source),
        'detail-type': String(parameters.detail_type),
        account: schedule.account,
        region: schedule.region,
        detail: typeof target.input === 'string' ? JSON.parse(target.input) : {},
      },
    });
  }
  return events;
}
