/**
 * Every name derived from the config: stack names, resource names, ARNs that
 * must be built as strings (to avoid dependency loops or to cross stacks).
 * Stacks, tests and scripts read names from here, never spell them.
 * No cdktf import.
 */
import type { AccountConfig, OrgConfig } from './schema';

export const MANAGEMENT_STACK = 'management';
export const AGGREGATOR_STACK = 'aggregator';
export const MEMBER_STACK_PREFIX = 'member-';

export function memberStackName(account: Pick<AccountConfig, 'name'>): string {
  return `${MEMBER_STACK_PREFIX}${account.name}`;
}

/** Resolves an account reference (name or 12-digit id) of the config. Throws if unknown: validate.ts reports it first. */
export function findAccount(config: Pick<OrgConfig, 'accounts'>, ref: string): AccountConfig {
  const account = config.accounts.find((candidate) => candidate.name === ref || candidate.id === ref);
  if (!account) throw new Error(`unknown account "${ref}"`);
  return account;
}

export function managementAccount(config: OrgConfig): AccountConfig {
  return findAccount(config, config.organization.managementAccount);
}

export function aggregatorAccount(config: OrgConfig): AccountConfig {
  return findAccount(config, config.aggregator.account);
}

export function prefix(config: Pick<OrgConfig, 'deployment'>): string {
  return config.deployment.namePrefix;
}

export function centralBusName(config: OrgConfig): string {
  return `${prefix(config)}-central`;
}

export function centralBusArn(config: OrgConfig): string {
  return `arn:aws:events:${config.aggregator.region}:${aggregatorAccount(config).id}:event-bus/${centralBusName(config)}`;
}

/** The central, searchable log group of every forwarded sign-in event. Under /aws/events/ as EventBridge expects. */
export function signInLogGroupName(config: OrgConfig): string {
  return `/aws/events/${prefix(config)}/sign-ins`;
}

/**
 * Does the management stack create a trail? Always without `trail.existing`;
 * with it, only the data-event trail of `trail.deadLetterEvents: trail`.
 */
export function createsTrail(config: Pick<OrgConfig, 'trail'>): boolean {
  return config.trail.existing === undefined || config.trail.deadLetterEvents === 'trail';
}

/** With `trail.existing`: the organization trail that records only the forwarder dead-letter data events. */
export function deadLetterTrailName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-dead-letter-trail`;
}

/** Name of the trail the management stack creates: `trail.name`, or the data-event trail beside an existing trail. */
export function createdTrailName(config: Pick<OrgConfig, 'trail' | 'deployment'>): string {
  return config.trail.existing ? deadLetterTrailName(config) : config.trail.name;
}

/** ARN of the trail the management stack creates (built as a string: bucket, key and role policies name it). */
export function trailArn(config: OrgConfig): string {
  return `arn:aws:cloudtrail:${config.trail.region}:${managementAccount(config).id}:trail/${createdTrailName(config)}`;
}

/**
 * The log group the safety-net metric filters sit on: the existing trail's
 * (`trail.existing.logGroupName`), else the one the created trail delivers to.
 */
export function trailLogGroupName(config: Pick<OrgConfig, 'trail' | 'deployment'>): string {
  return config.trail.existing?.logGroupName ?? createdTrailLogGroupName(config);
}

/** The log group the created trail delivers to (with `trail.existing`: only the dead-letter data events). */
export function createdTrailLogGroupName(config: Pick<OrgConfig, 'trail' | 'deployment'>): string {
  return `/${prefix(config)}/cloudtrail/${createdTrailName(config)}`;
}

export function trailBucketName(config: OrgConfig): string {
  const bucket = config.trail.bucket;
  if ('existing' in bucket) return bucket.existing;
  return bucket.name ?? `${prefix(config)}-trail-${managementAccount(config).id}-${config.trail.region}`;
}

export function deploymentRoleArn(config: OrgConfig, account: AccountConfig): string {
  return `arn:aws:iam::${account.id}:role/${account.deploymentRoleName ?? config.deployment.roleName}`;
}

/** The read-only role pull-request plans assume in `account` (its override first); undefined when none is configured. */
export function planRoleName(config: Pick<OrgConfig, 'deployment'>, account: Pick<AccountConfig, 'planRoleName'>): string | undefined {
  return account.planRoleName ?? config.deployment.planRoleName;
}

/** ARN of the plan role of `account`; undefined when the config names no plan role for it. */
export function planRoleArn(config: OrgConfig, account: AccountConfig): string | undefined {
  const name = planRoleName(config, account);
  return name === undefined ? undefined : `arn:aws:iam::${account.id}:role/${name}`;
}

/** One forwarding role per account (IAM is global); its name is the same in every account. */
export function forwarderRoleName(config: OrgConfig): string {
  return `${prefix(config)}-forwarder`;
}

/** The forwarder role of any account (`*`): the only principal the central bus admits, with aws:PrincipalOrgID. */
export function forwarderRoleArnPattern(config: OrgConfig): string {
  return `arn:aws:iam::*:role/${forwarderRoleName(config)}`;
}

export function forwarderRuleName(config: OrgConfig): string {
  return `${prefix(config)}-forward-sign-ins`;
}

/** The second forwarder rule of each member region: calls on the product's own resources (pipeline-tampering). */
export function pipelineForwarderRuleName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-forward-pipeline-calls`;
}

/** CloudWatch namespace of every metric signin-watch publishes (metric filters of both stacks). */
export function metricNamespace(config: Pick<OrgConfig, 'deployment'>): string {
  return prefix(config);
}

/** Alarm name for a metric: prefixed, at most 255 characters (CloudWatch limit). */
export function metricAlarmName(config: Pick<OrgConfig, 'deployment'>, metricName: string): string {
  return `${prefix(config)}-${metricName}`.slice(0, 255);
}

// ---- Deployment plumbing: providers, state, tags (member helper) ----

/** Tag every resource carries, so the product's resources can be found and told apart. */
export const MANAGED_BY_TAG = { key: 'ManagedBy', value: 'signin-watch' } as const;

/** Session name of the deployment role's assumed sessions (≤ 64 chars: prefix ≤ 16 + "-deploy"). */
export function deploymentSessionName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-deploy`;
}

/** Session name of the plan role's assumed sessions: CloudTrail tells plans from deploys by it. */
export function planSessionName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-plan`;
}

/** Local state file of a stack (relative to the stack's synthesized directory). */
export function localStatePath(stackName: string): string {
  return `terraform.${stackName}.tfstate`;
}

/** S3 state key of a stack: one key per stack, so each stack is its own state. */
export function s3StateKey(keyPrefix: string, stackName: string): string {
  return `${keyPrefix}/${stackName}.tfstate`;
}

// ---- Member stacks: forwarder and heartbeat (member helper) ----

/** The default event bus of an account and region: where CloudTrail delivers, and where heartbeats are put. */
export function defaultBusArn(account: Pick<AccountConfig, 'id'>, region: string): string {
  return `arn:aws:events:${region}:${account.id}:event-bus/default`;
}

/** Every default bus of an account, in any region (the scheduler role may put heartbeats on each). */
export function defaultBusArnAnyRegion(account: Pick<AccountConfig, 'id'>): string {
  return `arn:aws:events:*:${account.id}:event-bus/default`;
}

/** ARN of the forwarder rule in one region, built as a string (the DLQ policy names it without a dependency loop). */
export function forwarderRuleArn(config: OrgConfig, account: Pick<AccountConfig, 'id'>, region: string): string {
  return `arn:aws:events:${region}:${account.id}:rule/${forwarderRuleName(config)}`;
}

/**
 * The name of part `index` (0-based) of a rule deployed as several (a pattern
 * too long for EventBridge's 2,048 characters): the first keeps the name, the
 * others take `-2`, `-3`, …
 */
export function rulePartName(name: string, index: number): string {
  return index === 0 ? name : `${name}-${index + 1}`;
}

/** The most parts a split rule may have (validation checks the longest part name). */
export const MAX_RULE_PARTS = 9;

/** Names of the `count` pipeline forwarder rules of each member region. */
export function pipelineForwarderRuleNames(config: Pick<OrgConfig, 'deployment'>, count: number): string[] {
  return Array.from({ length: count }, (_, index) => rulePartName(pipelineForwarderRuleName(config), index));
}

/** ARN of the first pipeline forwarder rule in one region, built as a string. */
export function pipelineForwarderRuleArn(config: OrgConfig, account: Pick<AccountConfig, 'id'>, region: string): string {
  return `arn:aws:events:${region}:${account.id}:rule/${pipelineForwarderRuleName(config)}`;
}

/** ARNs of the pipeline forwarder rules in one region, built as strings (the shared DLQ policy names them). */
export function pipelineForwarderRuleArns(config: OrgConfig, account: Pick<AccountConfig, 'id'>, region: string, count: number): string[] {
  return pipelineForwarderRuleNames(config, count).map((name) => `arn:aws:events:${region}:${account.id}:rule/${name}`);
}

/** Dead-letter queue of the forwarder target, one per region (SQS names are regional). ≤ 80 chars. */
export function forwarderDlqName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-forwarder-dlq`;
}

/** One scheduler role per account: EventBridge Scheduler assumes it to put heartbeats on the default buses. */
export function heartbeatRoleName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-heartbeat`;
}

/** Heartbeat schedule name, one per region (schedule names are regional; ≤ 64 chars). */
export function heartbeatScheduleName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-heartbeat`;
}

/** Dead-letter queue of the heartbeat schedule, one per region. */
export function heartbeatDlqName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-heartbeat-dlq`;
}

/**
 * How often each member region sends a heartbeat (EventBridge Scheduler
 * expression): every 30 minutes, so two short periods in a row (the alarm's
 * evaluation, see aggregator.ts) alert within 1.5 hours of a break.
 */
export const HEARTBEAT_SCHEDULE_EXPRESSION = 'rate(30 minutes)';
/** The same period in seconds, for the aggregator's heartbeat alarm. */
export const HEARTBEAT_PERIOD_SECONDS = 1800;

/** ARN of a named SQS queue, built as a string (policies stay literal and testable). */
export function sqsQueueArn(region: string, accountId: string, queueName: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${queueName}`;
}

export function queueArn(account: Pick<AccountConfig, 'id'>, region: string, queueName: string): string {
  return sqsQueueArn(region, account.id, queueName);
}

/** ARN of a named SNS topic, built as a string (usable in policies without a dependency). */
export function snsTopicArn(region: string, accountId: string, topicName: string): string {
  return `arn:aws:sns:${region}:${accountId}:${topicName}`;
}

/** ARN of a CloudWatch Logs group, without the `:*` suffix. */
export function logGroupArn(region: string, accountId: string, logGroupName: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

// ---- Shared constructs: keys, topics (aggregator helper) ----

/** Alias of a customer-managed key, e.g. alias/signin-watch/alerts. `purpose` is a short lowercase word. */
export function kmsAliasName(config: Pick<OrgConfig, 'deployment'>, purpose: string): string {
  return `alias/${prefix(config)}/${purpose}`;
}

/** The alert topic of a stack (one per account and region: management and aggregator each have theirs). */
export function alertTopicName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-alerts`;
}

// ---- Management stack: organization trail, buckets, delivery role, safety-net alarms (management helper) ----

/** S3 bucket ARN from a bucket name (bucket ARNs carry no account or region). */
export function bucketArn(bucketName: string): string {
  return `arn:aws:s3:::${bucketName}`;
}

/** Bucket receiving the S3 server access logs of the trail bucket (≤ 63 chars: prefix ≤ 16 + 13 + 12 + 1 + region ≤ 14). */
export function accessLogBucketName(config: OrgConfig): string {
  return `${prefix(config)}-access-logs-${managementAccount(config).id}-${config.trail.region}`;
}

/** Key prefix of the trail bucket's server access logs in the access-log bucket. */
export function accessLogPrefix(config: OrgConfig): string {
  return `s3-access-logs/${trailBucketName(config)}/`;
}

/** ARN of the created trail's CloudWatch Logs group (without the `:*` suffix the trail takes). */
export function trailLogGroupArn(config: OrgConfig): string {
  return logGroupArn(config.trail.region, managementAccount(config).id, createdTrailLogGroupName(config));
}

/** Role CloudTrail assumes to deliver the trail to its log group (≤ 64 chars: prefix ≤ 16 + 23). */
export function trailDeliveryRoleName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-trail-cloudwatch-logs`;
}

/**
 * Alert topic of the management stack's safety-net alarms. Distinct from
 * `alertTopicName` so the two stacks never collide when the aggregator is the
 * management account in the trail's region.
 */
export function trailAlertTopicName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-trail-alerts`;
}

/** Namespace of the metrics of the trail's log group (separate from the aggregator's, same reason). */
export function trailMetricNamespace(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}/trail`;
}

/** Alarm name of a metric of the trail's log group. */
export function trailAlarmName(config: Pick<OrgConfig, 'deployment'>, metricName: string): string {
  return `${prefix(config)}-trail-${metricName}`.slice(0, 255);
}

// ---- Aggregator stack (aggregator helper) ----

/** Rule on the central bus that turns one alert kind into one readable message per event. ≤ 64 chars (prefix ≤ 16 + 7 + kind id ≤ 31). */
export function centralAlertRuleName(config: Pick<OrgConfig, 'deployment'>, kindId: string): string {
  return `${prefix(config)}-alert-${kindId}`;
}

/** Rule on the central bus that writes every forwarded sign-in to the sign-in log group. */
export function signInLogRuleName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-log-sign-ins`;
}

/** Rule on the central bus that writes every forwarded call on the product's own resources to the sign-in log group. */
export function pipelineLogRuleName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-log-pipeline`;
}

/** Rule on the central bus that writes heartbeats to the heartbeat log group. */
export function heartbeatLogRuleName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-log-heartbeats`;
}

/** ARN of a rule on the central bus, built as a string (topic, queue and log policies name it without a dependency). */
export function centralRuleArn(config: OrgConfig, ruleName: string): string {
  return `arn:aws:events:${config.aggregator.region}:${aggregatorAccount(config).id}:rule/${centralBusName(config)}/${ruleName}`;
}

/** Dead-letter queue of a central rule's target (one per rule). ≤ 80 chars. */
export function centralRuleDlqName(ruleName: string): string {
  return `${ruleName}-dlq`;
}

/** Every dead-letter queue of the central rules (`centralRuleDlqName` of a prefixed rule name), as an ARN pattern. */
export function centralRuleDlqArnPattern(config: OrgConfig): string {
  return `arn:aws:sqs:${config.aggregator.region}:${aggregatorAccount(config).id}:${prefix(config)}-*-dlq`;
}

/** Log group of the heartbeats every member region sends. Under /aws/events/ as EventBridge expects. */
export function heartbeatLogGroupName(config: Pick<OrgConfig, 'deployment'>): string {
  return `/aws/events/${prefix(config)}/heartbeats`;
}

/** Prefix of every /aws/events/ log group of the aggregator (the log resource policy covers exactly these). */
export function aggregatorEventsLogGroupPrefix(config: Pick<OrgConfig, 'deployment'>): string {
  return `/aws/events/${prefix(config)}/`;
}

/** The aggregator's one CloudWatch Logs resource policy (at most 10 per account and region). */
export function eventsLogResourcePolicyName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-eventbridge-to-logs`;
}

// ---- Forwarder health checker (issue 18 item 1): a scheduled Lambda in the aggregator ----

/** The health checker: Lambda function and its execution role. */
export function healthCheckName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-health-check`;
}

/** The checker's log group (Lambda's default name, created encrypted by the stack). */
export function healthCheckLogGroupName(config: Pick<OrgConfig, 'deployment'>): string {
  return `/aws/lambda/${healthCheckName(config)}`;
}

/** Where a failed check run goes: the schedule's dead-letter queue and the function's on-failure destination. */
export function healthCheckQueueName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${healthCheckName(config)}-dlq`;
}

/** The EventBridge Scheduler schedule that runs the checker (group `default`). */
export function healthCheckScheduleName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${healthCheckName(config)}`;
}

/** The role EventBridge Scheduler assumes to invoke the checker. */
export function healthCheckSchedulerRoleName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${healthCheckName(config)}-scheduler`;
}

/** Alarm watching the pipeline itself: `<rule or queue name>-<metric>`, e.g. signin-watch-log-sign-ins-failed-invocations. */
export function pipelineAlarmName(prefixedResourceName: string, metric: string): string {
  return `${prefixedResourceName}-${metric}`.slice(0, 255);
}

/** CloudWatch dashboard of the aggregator. */
export function dashboardName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-sign-ins`;
}

/** AWS Chatbot Slack channel configuration and its role. */
export function chatbotConfigurationName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-slack`;
}

export function chatbotRoleName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-chatbot`;
}

/**
 * Namespace of the aggregator's metrics (envelope filters, burst, heartbeats).
 * Separate from `metricNamespace` so that, should the aggregator share an
 * account and region with the trail, the two stacks never add to one metric.
 */
export function aggregatorMetricNamespace(config: Pick<OrgConfig, 'deployment'>): string {
  return `${metricNamespace(config)}/central`;
}

/** Alarm on one of the aggregator's metrics (distinct from the management stack's `metricAlarmName`). */
export function aggregatorMetricAlarmName(config: Pick<OrgConfig, 'deployment'>, metricName: string): string {
  return `${prefix(config)}-central-${metricName}`.slice(0, 255);
}

// ---- pipeline-tampering: how the product's own resources and its deploys are recognized (issue 10 item 6) ----

/** Every deployment role name of the config: deployment.roleName and each account's deploymentRoleName, distinct, in config order. */
export function deploymentRoleNames(config: Pick<OrgConfig, 'deployment' | 'accounts'>): string[] {
  return [...new Set([config.deployment.roleName, ...config.accounts.flatMap((account) => (account.deploymentRoleName ? [account.deploymentRoleName] : []))])];
}

/**
 * ARN patterns of the deployment role's deploy sessions in any account
 * (`arn:aws:sts::*:assumed-role/<role>/<prefix>-deploy`): what CloudTrail
 * records as userIdentity.arn for the calls a deploy makes.
 */
export function deploymentSessionArnPatterns(config: Pick<OrgConfig, 'deployment' | 'accounts'>): string[] {
  return deploymentRoleNames(config).map((role) => `arn:aws:sts::*:assumed-role/${role}/${deploymentSessionName(config)}`);
}

/** IAM role ARN patterns of the deployment roles in any account (aws:PrincipalARN of their sessions). */
export function deploymentRoleArnPatterns(config: Pick<OrgConfig, 'deployment' | 'accounts'>): string[] {
  return deploymentRoleNames(config).map((role) => `arn:aws:iam::*:role/${role}`);
}

/**
 * Start of every name the product gives its rules, schedules, topics, alarms,
 * roles and queues (`<prefix>-`): the pipeline-tampering kind and the
 * protection SCP recognize the product's resources by it.
 */
export function resourceNamePrefix(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-`;
}

/**
 * Starts of every log group name the product creates: the aggregator's
 * /aws/events/<prefix>/ groups, the trail's /<prefix>/ group, and the alert
 * engine's /aws/lambda/<prefix>-alert-engine (alertEngineLogGroupName; exactly it:
 * other /aws/lambda/<prefix>-… groups are not the product's).
 */
export function productLogGroupPrefixes(config: Pick<OrgConfig, 'deployment'>): string[] {
  return [aggregatorEventsLogGroupPrefix(config), `/${prefix(config)}/`, alertEngineLogGroupName(config)];
}

/** The optional service control policy that protects the product's resources (deployment.protectionScp). */
export function protectionScpName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-protect-pipeline`;
}

/** Name suffix of the n-th (0-based) filter of a kind deployed as several filters, each with its own metric and alarm: none, then `-2`, `-3`, ... */
export function partSuffix(index: number): string {
  return index === 0 ? '' : `-${index + 1}`;
}

/**
 * ARN patterns (any partition, region and account) of the product's resources,
 * by IAM service prefix: what the protection SCP denies changes to. Built from
 * the same prefixes the pipeline-tampering kind recognizes.
 */
export function pipelineResourceArnPatterns(config: Pick<OrgConfig, 'deployment'>): Record<string, string[]> {
  const start = resourceNamePrefix(config);
  return {
    // Rules on the default bus (rule/<name>) and on the central bus (rule/<bus>/<name>, the bus name starts with the prefix too).
    events: [`arn:*:events:*:*:rule/${start}*`, `arn:*:events:*:*:event-bus/${start}*`],
    scheduler: [`arn:*:scheduler:*:*:schedule/*/${start}*`],
    // Topics and their subscriptions (<topic ARN>:<id>).
    sns: [`arn:*:sns:*:*:${start}*`],
    cloudwatch: [`arn:*:cloudwatch:*:*:alarm:${start}*`],
    logs: productLogGroupPrefixes(config).map((groupStart) => `arn:*:logs:*:*:log-group:${groupStart}*`),
    iam: [`arn:*:iam::*:role/${start}*`],
    sqs: [`arn:*:sqs:*:*:${start}*`],
    // The alert engine and any look-alike function `<prefix>-…` (versions and aliases: `function:<name>:<qualifier>`).
    lambda: [`arn:*:lambda:*:*:function:${start}*`],
    // The alert engine's state table (and its streams, `table/<name>/stream/…`, for the resource-policy calls).
    dynamodb: [`arn:*:dynamodb:*:*:table/${start}*`],
  };
}

// ---- Alert engine: the Lambda function that formats and routes per-event messages (alerts helper) ----

/** The alert engine function (≤ 64 chars: prefix ≤ 16 + 13). Its role and log group share the name. */
export function alertEngineName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-alert-engine`;
}

/** Lambda writes to /aws/lambda/<function name>; the stack creates it first, encrypted, with retention. */
export function alertEngineLogGroupName(config: Pick<OrgConfig, 'deployment'>): string {
  return `/aws/lambda/${alertEngineName(config)}`;
}

/** Queue receiving the invocation records of events the engine failed on after Lambda's retries (on-failure destination). */
export function alertEngineFailureQueueName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${alertEngineName(config)}-dlq`;
}

/** The alert engine's state (storm control, first-seen sightings): one DynamoDB table. */
export function alertStateTableName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-alert-state`;
}

/** The scheduled sign-in digest function (≤ 64 chars). Its role and log group share the name. */
export function digestFunctionName(config: Pick<OrgConfig, 'deployment'>): string {
  return `${prefix(config)}-digest`;
}

/** The digest function's log group (Lambda's default name for it). */
export function digestLogGroupName(config: Pick<OrgConfig, 'deployment'>): string {
  return `/aws/lambda/${digestFunctionName(config)}`;
}

/**
 * The SNS topic that delivers per-event messages to one destination
 * (`email:ADDR`, `https:URL`, `slack:CHANNEL`): one topic per destination, so
 * an event that matches several routes reaches each recipient once. Readable
 * slug plus a hash of the whole destination (two addresses never share a topic).
 */
export function destinationTopicName(config: Pick<OrgConfig, 'deployment'>, destination: string): string {
  const colon = destination.indexOf(':');
  const type = destination.slice(0, colon);
  const target = destination.slice(colon + 1).toLowerCase().replace(/^https:\/\//, '');
  const slug = target.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${prefix(config)}-to-${type}-${slug}-${fnv1aHex(destination)}`;
}

/** 32-bit FNV-1a as 8 hex digits: a stable short hash without a crypto import (names.ts stays dependency-free). */
function fnv1aHex(value: string): string {
  let hash = 0x811c9dc5;
  for (const char of Buffer.from(value, 'utf8')) {
    hash ^= char;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** AWS Chatbot configuration of a Slack channel: the default channel keeps `chatbotConfigurationName`, route channels add their id. */
export function slackChannelConfigurationName(config: Pick<OrgConfig, 'deployment' | 'notifications'>, channelId: string): string {
  return config.notifications.slack?.channelId === channelId ? chatbotConfigurationName(config) : `${chatbotConfigurationName(config)}-${channelId.toLowerCase()}`;
}

/** Channel role of a Slack channel's Chatbot configuration (same rule as its name). */
export function slackChannelRoleName(config: Pick<OrgConfig, 'deployment' | 'notifications'>, channelId: string): string {
  return config.notifications.slack?.channelId === channelId ? chatbotRoleName(config) : `${chatbotRoleName(config)}-${channelId.toLowerCase()}`;
}

/** Chatbot configuration of a Microsoft Teams channel (channel ids hold characters Chatbot names refuse: a hash of the id). */
export function teamsChannelConfigurationName(config: Pick<OrgConfig, 'deployment'>, channelId: string): string {
  return `${chatbotConfigurationName(config)}-teams-${fnv1aHex(channelId)}`;
}

/** Channel role of a Teams channel's Chatbot configuration. */
export function teamsChannelRoleName(config: Pick<OrgConfig, 'deployment'>, channelId: string): string {
  return `${chatbotRoleName(config)}-teams-${fnv1aHex(channelId)}`;
}
