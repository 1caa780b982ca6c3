/**
 * The monthly AWS cost of a synthesized organization, resource by resource.
 * Each resource type has one pricer: what the resource costs by existing
 * (alarms, keys, dashboards, custom metrics) and what the traffic it carries
 * costs at the volumes given (events, deliveries, log bytes). A type with no
 * pricer is reported as "not priced", never as zero; a type that costs
 * nothing by itself is listed in FREE_TYPES with the reason.
 */
import type { OrgConfig } from '../config/schema';
import { CHECK_INTERVAL_MINUTES, SILENT_AFTER_MINUTES } from '../detection/health/check';
import { alertEngineLogGroupName, createdTrailLogGroupName, destinationTopicName, digestFunctionName, healthCheckLogGroupName, healthCheckName, heartbeatLogGroupName, pipelineForwarderRuleName, signInLogGroupName } from '../config/names';
import { allDestinations } from '../detection/alerts/model';
import { FIRST_SEEN_DAYS } from '../detection/alerts/state';
import { trailLines } from './cloudtrail';
import { type DestinationMessages, destinationMessages, digestRunsPerMonth, totalMessages } from './deliveries';
import { filterDimensions } from './filter-dimensions';
import { cronRunsPerDay, inventory, rateSeconds, type Resource, scheduledEvents, type Stacks } from './inventory';
import { BYTES_PER_GB, customMetricsUsd, DAYS_PER_MONTH, FREE_TIERS, HOURS_PER_MONTH, PRICES, PRICES_READ_ON } from './prices';
import { DEFAULT_VOLUMES, type Volumes } from './volumes';

export interface LineItem {
  stack: string;
  type: string;
  id: string;
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface CostReport {
  totalMonthUsd: number;
  perAccountMonthUsd: number;
  byResourceType: Record<string, number>;
  byStack: Record<string, number>;
  accounts: number;
  alarms: { standard: number; metricsInsights: number };
  customMetrics: number;
  /** Custom metrics pro-rated by the hours they publish (what is billed), before the free tier. */
  customMetricMonths: number;
  lineItems: LineItem[];
  notPriced: Array<{ stack: string; type: string; id: string; reason: string }>;
  excluded: Array<{ what: string; why: string }>;
  volumes: Volumes;
  pricesReadOn: string;
}

/** Resource types that cost nothing by themselves (what they carry is priced on the resource that carries it). */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  aws_iam_role: 'IAM has no charge',
  aws_iam_role_policy: 'IAM has no charge',
  aws_iam_policy: 'IAM has no charge',
  aws_iam_role_policy_attachment: 'IAM has no charge',
  aws_cloudwatch_event_bus: 'a custom bus has no charge; its events are priced where they are put or sent cross-account',
  aws_cloudwatch_event_bus_policy: 'policy: no charge',
  aws_cloudwatch_event_permission: 'policy: no charge',
  aws_cloudwatch_event_target: 'delivery priced on its rule (same-account deliveries have no charge)',
  aws_cloudwatch_log_resource_policy: 'policy: no charge',
  aws_sqs_queue_policy: 'policy: no charge',
  aws_sns_topic_policy: 'policy: no charge',
  aws_kms_alias: 'aliases have no charge',
  aws_lambda_permission: 'policy: no charge',
  aws_lambda_function_event_invoke_config: 'configuration: no charge (its on-failure queue is priced as a queue)',
  aws_organizations_policy: 'AWS Organizations has no charge',
  aws_organizations_policy_attachment: 'AWS Organizations has no charge',
  aws_chatbot_slack_channel_configuration: "AWS Chatbot has no additional charge; its topic's publishes are priced on the topic (cost/deliveries.ts)",
  aws_oam_sink: 'cross-account observability for metrics and logs has no additional charge',
  aws_oam_sink_policy: 'policy: no charge',
  aws_oam_link: 'cross-account observability for metrics and logs has no additional charge',
  aws_kms_key_policy: 'policy: no charge',
  aws_s3_bucket: "a bucket has no charge by itself; the trail's requests and storage are priced on the trail (cost/cloudtrail.ts)",
  aws_s3_bucket_policy: 'policy: no charge',
  aws_s3_bucket_public_access_block: 'configuration: no charge',
  aws_s3_bucket_versioning: 'configuration: no charge (log files are written once: no noncurrent versions to store)',
  aws_s3_bucket_server_side_encryption_configuration: 'configuration: no charge (KMS requests are priced on the key)',
  aws_s3_bucket_lifecycle_configuration: 'configuration: no charge (expiry is free for S3 Standard)',
  aws_s3_bucket_logging: 'server access logging has no charge; its log records are stored, priced on the trail',
  aws_s3_bucket_ownership_controls: 'configuration: no charge',
  aws_s3_bucket_object_lock_configuration: 'configuration: no charge',
};

/** The organization-wide free tier's line items are reported under this pseudo stack and type. */
export const FREE_TIER = 'free tier (once per organization)';

interface Context {
  config: OrgConfig;
  volumes: Volumes;
  resources: Resource[];
  items: LineItem[];
  notPriced: CostReport['notPriced'];
}

function add(context: Context, resource: Resource, item: string, quantity: number, unit: string, usd: number): void {
  context.items.push({ stack: resource.stack, type: resource.type, id: resource.id, item, quantity, unit, usd });
}

function first(value: unknown): Record<string, unknown> | undefined {
  return (Array.isArray(value) ? value[0] : value) as Record<string, unknown> | undefined;
}

export function costOf(stacks: Stacks, config: OrgConfig, volumes: Volumes = DEFAULT_VOLUMES): CostReport {
  const resources = inventory(stacks);
  const context: Context = { config, volumes, resources, items: [], notPriced: [] };
  const excluded: CostReport['excluded'] = [
    ...(config.trail.existing
      ? [{ what: `the existing trail ${config.trail.existing.trailArn} and its log group ${config.trail.existing.logGroupName}`, why: 'the organization pays them with or without signin-watch (its metric filters and alarms are priced here)' }]
      : []),
    { what: 'inter-region data transfer of forwarded events (a few KB per event)', why: 'not modelled' },
  ];
  const accounts = config.accounts.length;
  const memberStacks = new Set(resources.filter((r) => r.stack.startsWith('member-')).map((r) => r.stack));
  const heartbeats = scheduledEvents(resources);
  const digestDeployed = resources.some((r) => r.type === 'aws_lambda_function' && r.body.function_name === digestFunctionName(config));

  const metrics = priceCustomMetrics(context);
  const pricing: Pricing = {
    ...memberTraffic(context, heartbeats),
    signInsPerMonth: volumes.signInsPerAccountDay * DAYS_PER_MONTH,
    identities: metrics.identities,
    unmodelled: new Set<string>(),
    alarms: { standard: 0, metricsInsights: 0 },
    logGroupVolumes: logGroupMonthlyBytes(config, volumes, accounts, memberStacks.size, heartbeats),
    forwardingAccounts: memberStacks.size,
    destinationOfTopic: new Map(allDestinations(config).map((destination) => [destinationTopicName(config, destination), destination])),
    messages: destinationMessages(config, volumes, digestDeployed),
  };

  for (const resource of resources) {
    const { type } = resource;
    if (type === 'aws_cloudwatch_log_metric_filter') continue; // priced above
    if (FREE_TYPES[type] !== undefined) continue;
    priceResource(context, pricing, resource);
  }
  applyFreeTiers(context);

  return report(context, { accounts, alarms: pricing.alarms, customMetrics: metrics.count, customMetricMonths: metrics.months, excluded });
}

/**
 * Custom metrics: one per distinct (namespace, name, dimension values), organization-wide, then tiered.
 * Adds one line item per metric filter (each metric counted on the first filter that produces it).
 */
function priceCustomMetrics(context: Context): { identities: Map<string, number>; count: number; months: number } {
  const { config, volumes, resources } = context;
  const dimensions = filterDimensions(resources, heartbeatLogGroupName(config));
  const metricIds = new Map<string, Set<string>>();
  let customMetricCount = 0;
  /** Each metric with the fraction of the month it publishes (custom metrics are pro-rated by the hour). */
  const identities = new Map<string, number>();
  const sparse = Math.min(1, volumes.activeHoursPerUnmodelledMetricMonth / HOURS_PER_MONTH);
  for (const entry of dimensions) {
    // A dimensioned filter on events the model cannot enumerate (the per-principal failed sign-in metrics):
    // one metric per distinct dimension combination seen in a month, from the volume option.
    const combinations =
      entry.distinctPerHour === undefined
        ? Array.from({ length: volumes.dimensionValuesPerUnmodelledFilterMonth }, (_, index) => JSON.stringify([['value', `modelled-${index}`]]))
        : entry.combinations;
    const own = new Set<string>();
    for (const combination of combinations) {
      const identity = `${entry.metric.namespace}|${entry.metric.name}|${combination}`;
      own.add(identity);
      identities.set(identity, entry.distinctPerHour === undefined ? sparse : 1);
    }
    metricIds.set(`${entry.filter.stack}.${entry.filter.id}`, own);
  }
  customMetricCount = identities.size;
  const months = [...identities.values()].reduce((sum, weight) => sum + weight, 0);
  const averageMetricUsd = months > 0 ? customMetricsUsd(months) / months : 0;
  const claimed = new Set<string>();
  for (const entry of dimensions) {
    const own = metricIds.get(`${entry.filter.stack}.${entry.filter.id}`);
    if (!own) continue;
    const fresh = [...own].filter((identity) => !claimed.has(identity));
    fresh.forEach((identity) => claimed.add(identity));
    const billed = fresh.reduce((sum, identity) => sum + (identities.get(identity) ?? 1), 0);
    add(context, entry.filter, `custom metrics ${entry.metric.name}`, billed, 'metric-month', billed * averageMetricUsd);
  }
  return { identities, count: customMetricCount, months };
}

/** What the per-resource pricers read besides the resource itself. */
interface Pricing {
  signInRulesByStack: Map<string, number>;
  heartbeatEventsByRegion: Map<string, number>;
  signInsPerMonth: number;
  identities: ReadonlyMap<string, number>;
  unmodelled: ReadonlySet<string>;
  alarms: CostReport['alarms'];
  logGroupVolumes: Map<string, number>;
  /** Member stacks (accounts whose sign-ins reach the central sign-in log). */
  forwardingAccounts: number;
  /** Destination topic name -> its destination (`email:…`, `https:…`, `slack:…`, `teams:…`). */
  destinationOfTopic: ReadonlyMap<string, string>;
  /** Messages a month per destination, from the routes and the volumes (cost/deliveries.ts). */
  messages: ReadonlyMap<string, DestinationMessages>;
}

/** Sign-in rules per member stack and heartbeat events per member stack and region, for pricing member rules. */
function memberTraffic(
  context: Context,
  heartbeats: ReturnType<typeof scheduledEvents>,
): Pick<Pricing, 'signInRulesByStack' | 'heartbeatEventsByRegion'> {
  const { config, resources } = context;
  // Indexed once: a 5,000-account organization has about 170,000 member rules (a per-rule scan would be quadratic).
  const signInRulesByStack = new Map<string, number>();
  for (const r of resources) {
    if (r.type === 'aws_cloudwatch_event_rule' && r.stack.startsWith('member-') && r.body.name !== pipelineForwarderRuleName(config)) {
      signInRulesByStack.set(r.stack, (signInRulesByStack.get(r.stack) ?? 0) + 1);
    }
  }
  const heartbeatEventsByRegion = new Map<string, number>();
  for (const event of heartbeats) {
    const key = `${event.schedule.stack}|${event.schedule.region}`;
    heartbeatEventsByRegion.set(key, (heartbeatEventsByRegion.get(key) ?? 0) + (HOURS_PER_MONTH * 3600) / event.periodSeconds);
  }
  return { signInRulesByStack, heartbeatEventsByRegion };
}

/**
 * The forwarder health check (detection/health/): one run per CHECK_INTERVAL_MINUTES, each
 * waiting on Logs Insights (billed duration), and the data its first query scans: the heartbeats
 * of the last SILENT_AFTER_MINUTES. The second query runs only for accounts short of regions
 * (none when healthy) and is not priced.
 */
function priceHealthCheck(context: Context, pricing: Pricing, resource: Resource): void {
  const { volumes } = context;
  const runs = (HOURS_PER_MONTH * 60) / CHECK_INTERVAL_MINUTES;
  const memoryGb = Number(resource.body.memory_size ?? 128) / 1024;
  const gbSeconds = runs * (volumes.healthCheckDurationMs / 1000) * memoryGb;
  add(context, resource, 'Lambda requests (health check runs)', runs, 'request', runs * PRICES.lambdaRequest.usd);
  add(context, resource, 'Lambda compute (health check, waiting on Logs Insights)', gbSeconds, 'GB-second', gbSeconds * PRICES.lambdaGbSecond.usd);
  const heartbeatsPerMonth = [...pricing.heartbeatEventsByRegion.values()].reduce((sum, count) => sum + count, 0);
  const scannedGbPerRun = (heartbeatsPerMonth * (SILENT_AFTER_MINUTES / (HOURS_PER_MONTH * 60)) * volumes.heartbeatEventBytes) / 1e9;
  const scannedGb = runs * scannedGbPerRun;
  add(context, resource, 'Logs Insights data scanned (heartbeat log)', scannedGb, 'GB scanned', scannedGb * PRICES.logsInsightsScannedGb.usd);
}

function notPriced(context: Context, resource: Resource, reason: string): void {
  context.notPriced.push({ stack: resource.stack, type: resource.type, id: resource.id, reason });
}

/** The line items of one resource that is neither free nor excluded, or why it is not priced. */
function priceResource(context: Context, pricing: Pricing, resource: Resource): void {
  const { volumes } = context;
  const { type } = resource;
  switch (type) {
    case 'aws_cloudwatch_metric_alarm':
      priceAlarm(context, pricing, resource);
      break;
    case 'aws_cloudwatch_dashboard':
      add(context, resource, 'dashboard', 1, 'dashboard-month', PRICES.dashboard.usd);
      break;
    case 'aws_kms_key':
      add(context, resource, 'customer-managed key', 1, 'key-month', PRICES.kmsKey.usd);
      // Steady state after two yearly rotations: each of the first two adds USD 1 a month, later ones nothing.
      if (resource.body.enable_key_rotation === true) add(context, resource, 'key rotations (first two, steady state)', 2, PRICES.kmsRotation.unit, 2 * PRICES.kmsRotation.usd);
      add(context, resource, 'KMS requests', volumes.kmsRequestsPerKeyMonth, 'request', volumes.kmsRequestsPerKeyMonth * PRICES.kmsRequest.usd);
      break;
    case 'aws_sqs_queue':
      add(context, resource, 'dead-lettered messages (SendMessage)', volumes.deadLettersPerQueueMonth, 'request', volumes.deadLettersPerQueueMonth * PRICES.sqsRequest.usd);
      break;
    case 'aws_sns_topic': {
      const destination = pricing.destinationOfTopic.get(String(resource.body.name));
      if (destination !== undefined) {
        // One publish per message to the destination (one topic per destination); a Chatbot topic pays only these.
        const messages = pricing.messages.get(destination);
        const publishes = messages ? totalMessages(messages) : 0;
        add(context, resource, `publishes (messages to ${destination.slice(0, destination.indexOf(':'))}: per event, INFO one by one, digests)`, publishes, 'publish', publishes * PRICES.snsPublish.usd);
        break;
      }
      add(context, resource, 'publishes', volumes.alertsPerTopicMonth, 'publish', volumes.alertsPerTopicMonth * PRICES.snsPublish.usd);
      break;
    }
    case 'aws_sns_topic_subscription':
      priceSubscription(context, pricing, resource);
      break;
    case 'aws_scheduler_schedule':
      priceSchedule(context, resource);
      break;
    case 'aws_cloudwatch_event_rule':
      priceEventRule(context, pricing, resource);
      break;
    case 'aws_cloudwatch_log_group':
      priceLogGroup(context, pricing, resource);
      break;
    case 'aws_lambda_function': {
      if (resource.body.function_name === healthCheckName(context.config)) {
        priceHealthCheck(context, pricing, resource);
        break;
      }
      if (resource.body.function_name === digestFunctionName(context.config)) {
        priceDigest(context, pricing, resource);
        break;
      }
      const memoryGb = Number(resource.body.memory_size ?? 128) / 1024;
      const invocations = volumes.alertsPerTopicMonth;
      const gbSeconds = invocations * (volumes.lambdaDurationMs / 1000) * memoryGb;
      add(context, resource, 'Lambda requests', invocations, 'request', invocations * PRICES.lambdaRequest.usd);
      add(context, resource, 'Lambda compute', gbSeconds, 'GB-second', gbSeconds * PRICES.lambdaGbSecond.usd);
      break;
    }
    case 'aws_cloudtrail':
      for (const line of trailLines(resource, context)) add(context, resource, line.item, line.quantity, line.unit, line.usd);
      break;
    case 'aws_dynamodb_table':
      priceStateStore(context, resource);
      break;
    case 'aws_sfn_state_machine': {
      const transitions = volumes.alertsPerTopicMonth * volumes.stateTransitionsPerExecution;
      add(context, resource, 'state transitions', transitions, 'transition', transitions * PRICES.stepFunctionsTransition.usd);
      break;
    }
    default:
      notPriced(context, resource, `no price for resource type ${type}`);
  }
}

function priceAlarm(context: Context, pricing: Pricing, resource: Resource): void {
  const { body } = resource;
  const queries = Array.isArray(body.metric_query) ? (body.metric_query as Array<Record<string, unknown>>) : [];
  const insights = queries.find((query) => typeof query.expression === 'string' && /\bSELECT\b/i.test(query.expression));
  if (insights) {
    const analysed = metricsAnalysed(String(insights.expression), pricing.identities, pricing.unmodelled);
    if (analysed === undefined) {
      notPriced(context, resource, `Metrics Insights query not understood: ${insights.expression}`);
      return;
    }
    pricing.alarms.metricsInsights += 1;
    add(context, resource, 'Metrics Insights alarm', analysed, 'metric analysed-month', analysed * PRICES.metricsInsightsAlarmMetric.usd);
  } else {
    const metrics = queries.length > 0 ? queries.filter((query) => query.metric !== undefined).length : 1;
    pricing.alarms.standard += 1;
    add(context, resource, 'standard alarm', metrics, 'alarm metric-month', metrics * PRICES.standardAlarmMetric.usd);
  }
}

/** The name of the topic a subscription's `topic_arn` references in the same stack (or the name in a literal ARN). */
function subscribedTopicName(context: Context, resource: Resource): string | undefined {
  const value = String(resource.body.topic_arn ?? '');
  const reference = /^\$\{aws_sns_topic\.([^.}]+)\.arn\}$/.exec(value);
  if (!reference) return value.startsWith('arn:') ? value.split(':').pop() : undefined;
  const topic = context.resources.find((r) => r.stack === resource.stack && r.type === 'aws_sns_topic' && r.id === reference[1]);
  return typeof topic?.body.name === 'string' ? topic.body.name : undefined;
}

function priceSubscription(context: Context, pricing: Pricing, resource: Resource): void {
  const { volumes } = context;
  const protocol = String(resource.body.protocol);
  const price = protocol === 'email' || protocol === 'email-json' ? PRICES.snsEmailDelivery : protocol === 'https' || protocol === 'http' ? PRICES.snsHttpsDelivery : undefined;
  if (!price) {
    notPriced(context, resource, `SNS protocol ${protocol}`);
    return;
  }
  const topic = subscribedTopicName(context, resource);
  const destination = topic === undefined ? undefined : pricing.destinationOfTopic.get(topic);
  if (destination === undefined) {
    // The pipeline alarm topic: alarm notifications, from the volume.
    add(context, resource, `${protocol} deliveries`, volumes.alertsPerTopicMonth, price.unit, volumes.alertsPerTopicMonth * price.usd);
    return;
  }
  const messages = pricing.messages.get(destination) ?? { perEvent: 0, info: 0, digest: 0 };
  // Item names start with `${protocol} deliveries` so the free tiers of prices.ts credit them.
  const parts: Array<[string, number]> = [
    ['alerts one by one (non-INFO kinds)', messages.perEvent],
    ['INFO sign-ins one by one (route with severities INFO)', messages.info],
    ['digests', messages.digest],
  ];
  for (const [what, quantity] of parts) if (quantity > 0) add(context, resource, `${protocol} deliveries: ${what}`, quantity, price.unit, quantity * price.usd);
  if (parts.every(([, quantity]) => quantity === 0)) add(context, resource, `${protocol} deliveries`, 0, price.unit, 0);
}

/**
 * The scheduled digest (stacks/constructs/digest-function.ts): one run per period, each waiting on two Logs
 * Insights queries of the central sign-in log: the period's sign-ins, and the FIRST_SEEN_DAYS history
 * (bounded by the log's retention) to tell principals new to an account.
 */
function priceDigest(context: Context, pricing: Pricing, resource: Resource): void {
  const { config, volumes } = context;
  const runs = digestRunsPerMonth(config);
  const memoryGb = Number(resource.body.memory_size ?? 128) / 1024;
  const gbSeconds = runs * (volumes.digestDurationMs / 1000) * memoryGb;
  add(context, resource, 'Lambda requests (digest runs)', runs, 'request', runs * PRICES.lambdaRequest.usd);
  add(context, resource, 'Lambda compute (digest, waiting on Logs Insights)', gbSeconds, 'GB-second', gbSeconds * PRICES.lambdaGbSecond.usd);
  const signInLog = context.resources.find((r) => r.type === 'aws_cloudwatch_log_group' && r.body.name === signInLogGroupName(config));
  const retentionDays = Number(signInLog?.body.retention_in_days ?? FIRST_SEEN_DAYS) || FIRST_SEEN_DAYS;
  const bytesPerDay = pricing.forwardingAccounts * volumes.signInsPerAccountDay * volumes.signInEventBytes;
  const periodGb = (bytesPerDay * (config.notifications.digest.periodHours / 24)) / 1e9;
  const historyGb = (bytesPerDay * Math.min(FIRST_SEEN_DAYS, retentionDays)) / 1e9;
  add(context, resource, 'Logs Insights data scanned (sign-in log: the period)', runs * periodGb, 'GB scanned', runs * periodGb * PRICES.logsInsightsScannedGb.usd);
  add(context, resource, `Logs Insights data scanned (sign-in log: ${Math.min(FIRST_SEEN_DAYS, retentionDays)}-day history)`, runs * historyGb, 'GB scanned', runs * historyGb * PRICES.logsInsightsScannedGb.usd);
}

function priceSchedule(context: Context, resource: Resource): void {
  const { body } = resource;
  const period = rateSeconds(body.schedule_expression);
  const perDay = period ? undefined : cronRunsPerDay(body.schedule_expression);
  if (!period && !perDay) {
    notPriced(context, resource, `schedule expression ${String(body.schedule_expression)}`);
    return;
  }
  const runs = period ? (HOURS_PER_MONTH * 3600) / period : perDay! * DAYS_PER_MONTH;
  add(context, resource, 'Scheduler invocations', runs, 'invocation', runs * PRICES.schedulerInvocation.usd);
  const target = first(body.target);
  if (typeof target?.arn === 'string' && target.arn.includes(':event-bus/')) {
    add(context, resource, 'custom events put on the bus', runs, 'event', runs * PRICES.customEvent.usd);
  }
}

function priceEventRule(context: Context, pricing: Pricing, resource: Resource): void {
  if (!resource.stack.startsWith('member-')) return; // central rules deliver within the aggregator account: no charge
  const pipelineRule = pipelineForwarderRuleName(context.config);
  if (resource.body.name === pipelineRule) {
    // Calls on the product's own resources: a few per deploy, none otherwise; no heartbeat or sign-in travels this rule.
    add(context, resource, 'pipeline calls sent cross-account to the central bus (a few per deploy: not modelled)', 0, 'event', 0);
    return;
  }
  const rulesOfAccount = pricing.signInRulesByStack.get(resource.stack) ?? 1;
  const ownHeartbeats = pricing.heartbeatEventsByRegion.get(`${resource.stack}|${resource.region}`) ?? 0;
  const events = ownHeartbeats + pricing.signInsPerMonth / rulesOfAccount;
  add(context, resource, 'events sent cross-account to the central bus', events, 'event', events * PRICES.crossAccountEvent.usd);
}

function priceLogGroup(context: Context, pricing: Pricing, resource: Resource): void {
  const { body } = resource;
  const name = String(body.name);
  const bytes = pricing.logGroupVolumes.get(name);
  if (bytes === undefined) {
    notPriced(context, resource, `log group ${name}: its volume is not modelled`);
    return;
  }
  const gb = bytes / BYTES_PER_GB;
  add(context, resource, 'log ingestion', gb, 'GB', gb * PRICES.logIngestionGb.usd);
  const retention = Number(body.retention_in_days ?? 0);
  if (!retention) {
    notPriced(context, resource, `log group ${name} never expires: its storage grows without bound`);
    return;
  }
  // CloudWatch Logs archives compressed data: stored GB are the ingested GB times the compression ratio.
  const storedGb = gb * context.volumes.compressedToRawRatio * (retention / DAYS_PER_MONTH);
  add(context, resource, `log storage, compressed, at steady state (${retention} days)`, storedGb, 'GB-month', storedGb * PRICES.logStorageGbMonth.usd);
}

/** A state store (a DynamoDB table a colleague may add): on-demand request units per alert; a provisioned table is not priced. */
function priceStateStore(context: Context, resource: Resource): void {
  if (resource.body.billing_mode !== 'PAY_PER_REQUEST') {
    notPriced(context, resource, `DynamoDB table in ${String(resource.body.billing_mode ?? 'PROVISIONED')} mode: capacity is not modelled`);
    return;
  }
  const units = context.volumes.alertsPerTopicMonth * context.volumes.stateStoreRequestsPerAlert;
  add(context, resource, 'write request units', units / 2, PRICES.dynamoDbWriteRequest.unit, (units / 2) * PRICES.dynamoDbWriteRequest.usd);
  add(context, resource, 'read request units', units / 2, PRICES.dynamoDbReadRequest.unit, (units / 2) * PRICES.dynamoDbReadRequest.usd);
}

/** The free tiers of prices.ts, once per organization: each credits at most the priced usage of its kind. */
function applyFreeTiers(context: Context): void {
  for (const tier of FREE_TIERS) {
    const used = context.items.filter((item) => item.type === tier.type && item.item.startsWith(tier.item)).reduce((sum, item) => sum + item.quantity, 0);
    const free = Math.min(used, tier.quantity);
    if (free <= 0) continue;
    context.items.push({ stack: FREE_TIER, type: FREE_TIER, id: tier.type, item: `${tier.item}: first ${tier.quantity.toLocaleString('en-US')} free`, quantity: free, unit: tier.price.unit, usd: -free * tier.price.usd });
  }
}

/** Totals by resource type and by stack, and the report around the line items. */
function report(
  context: Context,
  facts: Pick<CostReport, 'accounts' | 'alarms' | 'customMetrics' | 'customMetricMonths' | 'excluded'>,
): CostReport {
  const { accounts, alarms, customMetrics, customMetricMonths, excluded } = facts;
  const byResourceType: Record<string, number> = {};
  const byStack: Record<string, number> = {};
  let total = 0;
  for (const item of context.items) {
    byResourceType[item.type] = (byResourceType[item.type] ?? 0) + item.usd;
    byStack[item.stack] = (byStack[item.stack] ?? 0) + item.usd;
    total += item.usd;
  }
  return {
    totalMonthUsd: round(total),
    perAccountMonthUsd: round(total / Math.max(1, accounts)),
    byResourceType: roundAll(byResourceType),
    byStack: roundAll(byStack),
    accounts,
    alarms,
    customMetrics,
    customMetricMonths: round(customMetricMonths),
    lineItems: context.items,
    notPriced: context.notPriced,
    excluded,
    volumes: context.volumes,
    pricesReadOn: PRICES_READ_ON,
  };
}

/** Monthly bytes written to each log group whose traffic the model knows. */
function logGroupMonthlyBytes(
  config: OrgConfig,
  volumes: Volumes,
  accounts: number,
  forwardingAccounts: number,
  heartbeats: ReturnType<typeof scheduledEvents>,
): Map<string, number> {
  const heartbeatEvents = heartbeats.reduce((sum, event) => sum + (HOURS_PER_MONTH * 3600) / event.periodSeconds, 0);
  return new Map([
    [signInLogGroupName(config), forwardingAccounts * volumes.signInsPerAccountDay * DAYS_PER_MONTH * volumes.signInEventBytes],
    [heartbeatLogGroupName(config), heartbeatEvents * volumes.heartbeatEventBytes],
    // The log group of the trail signin-watch creates: every management event, or beside trail.existing the dead letters alone.
    [
      createdTrailLogGroupName(config),
      config.trail.existing
        ? volumes.deadLettersPerQueueMonth * forwardingAccounts * volumes.trailEventBytes
        : accounts * volumes.trailEventsPerAccountDay * DAYS_PER_MONTH * volumes.trailEventBytes,
    ],
    [alertEngineLogGroupName(config), volumes.alertsPerTopicMonth * volumes.lambdaLogBytesPerInvocation],
    [healthCheckLogGroupName(config), ((HOURS_PER_MONTH * 60) / CHECK_INTERVAL_MINUTES) * volumes.lambdaLogBytesPerInvocation],
    [`/aws/lambda/${digestFunctionName(config)}`, digestRunsPerMonth(config) * volumes.lambdaLogBytesPerInvocation],
  ]);
}

/**
 * Metrics a Metrics Insights query analyses: those of the custom metrics the
 * model knows with the queried namespace and name (`SELECT F(Name) FROM
 * SCHEMA("Namespace", ...)` or `FROM "Namespace"`), narrowed by
 * `WHERE Dim = 'value'` clauses joined with AND. Undefined when not understood.
 */
export function metricsAnalysed(
  expression: string,
  identities: ReadonlySet<string> | ReadonlyMap<string, number>,
  unmodelled: ReadonlySet<string> = new Set(),
): number | undefined {
  const select = /SELECT\s+\w+\(\s*"?([\w-]+)"?\s*\)\s+FROM\s+(?:SCHEMA\(\s*"([^"]+)"[^)]*\)|"([^"]+)")/i.exec(expression);
  if (!select) return undefined;
  const [, name, schemaNamespace, plainNamespace] = select;
  const namespace = schemaNamespace ?? plainNamespace;
  if (unmodelled.has(`${namespace}|${name}`)) return undefined; // its metrics are not counted: never price it as zero
  const where = /\bWHERE\s+(.*?)(?:\s+GROUP\s+BY|\s+ORDER\s+BY|\s+LIMIT|$)/i.exec(expression)?.[1];
  const conditions = where ? where.split(/\s+AND\s+/i).map((part) => /^\s*"?([\w-]+)"?\s*=\s*'([^']*)'\s*$/.exec(part)) : [];
  if (conditions.some((condition) => condition === null)) return undefined;
  let count = 0;
  // A metric that publishes part of the month is analysed (and billed) that part of the month.
  for (const [identity, weight] of identities instanceof Map ? identities.entries() : [...identities].map((id) => [id, 1] as const)) {
    const [ns, metric, combination] = identity.split('|');
    if (ns !== namespace || metric !== name) continue;
    const pairs = new Map<string, string>(combination ? (JSON.parse(combination) as Array<[string, unknown]>).map(([k, v]) => [k, String(v)]) : []);
    if (conditions.every((condition) => pairs.get(condition![1]) === condition![2])) count += weight;
  }
  return count;
}

const round = (usd: number): number => Math.round(usd * 100) / 100;
function roundAll(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)).map(([key, usd]) => [key, round(usd)]));
}
