/**
 * The security rule pack: every rule, and `applySecurityRules(app, config)`
 * which adds the checking aspect to every stack of the app. See
 * docs/verification.md for the rule ids and the checklist items they cover.
 */
import { Aspects, TerraformStack, type App } from 'cdktf';
import type { OrgConfig } from '../../config/schema';
import { SecurityRulesAspect, type SecurityRulesAspectOptions } from './aspect';
import type { SecurityRule } from './types';
import { trailFlags } from './trail-flags';
import { trailManagementEvents } from './trail-management-events';
import { trailKms } from './trail-kms';
import { trailCloudWatchLogs } from './trail-cloudwatch-logs';
import { trailDeliveryRole } from './trail-delivery-role';
import { trailDependsOnPolicies } from './trail-depends-on-policies';
import { trailBucketPolicy } from './trail-bucket-policy';
import { bucketPublicAccessBlock } from './bucket-public-access-block';
import { bucketVersioning } from './bucket-versioning';
import { bucketEncryption } from './bucket-encryption';
import { bucketAccessLogging } from './bucket-access-logging';
import { bucketLifecycle } from './bucket-lifecycle';
import { bucketObjectLock } from './bucket-object-lock';
import { kmsRotation } from './kms-rotation';
import { kmsExplicitPolicy } from './kms-explicit-policy';
import { kmsCloudTrailGrant } from './kms-cloudtrail-grant';
import { kmsLogsGrant } from './kms-logs-grant';
import { kmsPublisherGrant } from './kms-publisher-grant';
import { logGroupRetention } from './log-group-retention';
import { logGroupKms } from './log-group-kms';
import { cisMetricFilters } from './cis-metric-filters';
import { metricFilterName } from './metric-filter-name';
import { alarmActions } from './alarm-actions';
import { alarmCountShape } from './alarm-count-shape';
import { alarmPerMetricFilter } from './alarm-per-metric-filter';
import { deliveryFailureAlarms } from './delivery-failure-alarms';
import { topicKms } from './topic-kms';
import { topicPolicy } from './topic-policy';
import { topicSubscriptions } from './topic-subscriptions';
import { busPolicy } from './bus-policy';
import { forwarderTarget } from './forwarder-target';
import { targetDeadLetterQueue } from './target-dead-letter-queue';
import { targetSettings } from './target-settings';
import { logGroupTarget } from './log-group-target';
import { anyonePrincipal } from './anyone-principal';
import { actionWildcard } from './action-wildcard';
import { resourceWildcardWrite } from './resource-wildcard-write';
import { kmsDecryptWildcard } from './kms-decrypt-wildcard';
import { readablePolicies } from './readable-policies';
import { lambdaFailures, lambdaLogGroup, lambdaPermissionSource } from './lambda-function';
import { dynamodbTable } from './dynamodb-table';

export { evaluateJson, evaluateStack, acknowledgementFor, formatFinding, SecurityRulesAspect } from './aspect';
export type { Finding, SecurityRule } from './types';

export const SECURITY_RULES: readonly SecurityRule[] = [
  trailFlags,
  trailManagementEvents,
  trailKms,
  trailCloudWatchLogs,
  trailDeliveryRole,
  trailDependsOnPolicies,
  trailBucketPolicy,
  bucketPublicAccessBlock,
  bucketVersioning,
  bucketEncryption,
  bucketAccessLogging,
  bucketLifecycle,
  bucketObjectLock,
  kmsRotation,
  kmsExplicitPolicy,
  kmsCloudTrailGrant,
  kmsLogsGrant,
  kmsPublisherGrant,
  logGroupRetention,
  logGroupKms,
  cisMetricFilters,
  metricFilterName,
  alarmActions,
  alarmCountShape,
  alarmPerMetricFilter,
  deliveryFailureAlarms,
  topicKms,
  topicPolicy,
  topicSubscriptions,
  busPolicy,
  forwarderTarget,
  targetDeadLetterQueue,
  targetSettings,
  logGroupTarget,
  anyonePrincipal,
  actionWildcard,
  resourceWildcardWrite,
  kmsDecryptWildcard,
  readablePolicies,
  lambdaLogGroup,
  lambdaFailures,
  lambdaPermissionSource,
  dynamodbTable,
];

/** Adds the rule-pack aspect to every stack of the app (call after all stacks exist, before synth). */
export function applySecurityRules(app: App, config: OrgConfig, options: SecurityRulesAspectOptions = {}): SecurityRulesAspect {
  const aspect = new SecurityRulesAspect(config, SECURITY_RULES, options);
  for (const child of app.node.children) {
    if (child instanceof TerraformStack) Aspects.of(child).add(aspect);
  }
  return aspect;
}
