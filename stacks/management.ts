/**
 * The management stack (management account, trail home region):
 * - the organization trail, KMS-encrypted, to a hardened bucket with its own
 *   access-log bucket (or to an existing bucket named in config); with
 *   `trail.existing` no such trail: the filters and alarms go on the existing
 *   trail's log group, and a trail of the dead-letter data events alone is
 *   created unless `trail.deadLetterEvents` is off;
 * - when `trail.cloudWatchLogs` is on, delivery to an encrypted log group
 *   through a least-privilege role, and on that log group the CIS filters
 *   verbatim plus the catalogue's raw-record filters, each with an alarm on an
 *   encrypted SNS topic of this account.
 *
 * The alarms are the safety net: they cover every account and region of the
 * organization, including those no forwarder covers (yet), about 5 minutes
 * late and without the per-event detail of the aggregator's messages.
 */
import { Annotations, TerraformStack, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrgConfig } from '../config/schema';
import {
  accessLogBucketName,
  accessLogPrefix,
  createdTrailLogGroupName,
  createdTrailName,
  createsTrail,
  forwarderDlqName,
  kmsAliasName,
  managementAccount,
  partSuffix,
  trailAlarmName,
  trailAlertTopicName,
  trailArn,
  trailBucketName,
  trailDeliveryRoleName,
  trailLogGroupArn,
  trailMetricNamespace,
} from '../config/names';
import { alertKindsFor, CIS_FILTERS, forwarderDeadLetterFilter, PIPELINE_DEPLOY_CHANGE_METRIC, pipelineDeployChangeFilters, pipelineNamesFor } from '../detection/catalogue';
import { AlertTopic } from './constructs/alert-topic';
import { EncryptedLogGroup } from './constructs/encrypted-log-group';
import { MetricAlarm } from './constructs/metric-alarm';
import { OrganizationTrail } from './constructs/org-trail';
import { ProtectionScp } from './constructs/protection-scp';
import { TrailBucket } from './constructs/trail-bucket';
import { TrailKey } from './constructs/trail-key';
import { accountProvider } from './provider';

/** Shown at synth when `trail.cloudWatchLogs` is false. */
export const NO_CLOUDWATCH_LOGS_WARNING =
  'trail.cloudWatchLogs is false: no trail log group, no CIS metric filters and no safety-net alarms (Security Hub CloudWatch.1/3/6 fail; accounts and regions without a forwarder are not watched)';

/** A filter on the trail's log group and its alarm. */
export interface TrailAlarmSpec {
  /** Construct id (stable: it becomes the Terraform address). */
  id: string;
  metricName: string;
  pattern: string;
  description: string;
}

/** The CIS filters verbatim, then the raw-record filter of each enabled alert kind. */
export function trailAlarmSpecs(config: OrgConfig, keyArns: string[] = []): TrailAlarmSpec[] {
  return [
    ...CIS_FILTERS.map((cis) => ({
      id: cis.id,
      metricName: cis.metricName,
      pattern: cis.pattern,
      description: `${cis.title} (CIS, Security Hub ${cis.control}), from the organization trail`,
    })),
    // A kind too long for one filter (pipeline-tampering) has one filter, metric and alarm per part: `<metric>-<n>` from the second on.
    // A kind without a CloudTrail record (GuardDuty findings) has no trail path (no raw filter).
    ...alertKindsFor(config, keyArns).flatMap((kind) =>
      kind.rawMetricFilters.map((pattern, index) => ({
        id: `alert-${kind.id}${partSuffix(index)}`,
        metricName: `${kind.metricName}${partSuffix(index)}`,
        pattern,
        description: `${kind.severity}: ${kind.title}${kind.rawMetricFilters.length > 1 ? ` (filter ${index + 1} of ${kind.rawMetricFilters.length})` : ''}, from the organization trail (safety net; see the aggregator's message for details)`,
      })),
    ),
    ...pipelineDeployChangeSpecs(config),
  ];
}

/**
 * Sign-in events dead-lettered by any member region's forwarder: counted from
 * the SQS data events the trail logs on the forwarder DLQs (org-trail.ts), one
 * alarm for the whole organization instead of one per account-region.
 */
export function forwarderDeadLetterAlarmSpec(config: OrgConfig): TrailAlarmSpec {
  const filter = forwarderDeadLetterFilter(forwarderDlqName(config));
  return {
    id: 'forwarder-dead-letters',
    metricName: filter.metricName,
    pattern: filter.pattern,
    description: `A member region's forwarder dead-lettered sign-in events into ${forwarderDlqName(config)}: they never reached the central bus. The trail record names the account and region; inspect and replay the queue there.`,
  };
}

/**
 * The deployment role's deploy-session calls on the product's resources,
 * grouped: no per-call message, one LOW alarm notification per burst (only
 * with pipeline-tampering on).
 */
function pipelineDeployChangeSpecs(config: OrgConfig): TrailAlarmSpec[] {
  if (config.alerts.enabled['pipeline-tampering'] === false) return [];
  const patterns = pipelineDeployChangeFilters(pipelineNamesFor(config)).raw;
  return patterns.map((pattern, index) => ({
    id: `pipeline-deploy-change${partSuffix(index)}`,
    metricName: `${PIPELINE_DEPLOY_CHANGE_METRIC}${partSuffix(index)}`,
    pattern,
    description: `LOW: the deployment role's deploy session changed or deleted this product's resources (a deploy, or someone holding the deployment role), from the organization trail (filter ${index + 1} of ${patterns.length}). One notification per burst.`,
  }));
}

export class ManagementStack extends TerraformStack {
  constructor(scope: Construct, name: string, config: OrgConfig) {
    super(scope, name);
    const account = managementAccount(config);
    const region = config.trail.region;
    accountProvider(this, { config, account, region });

    /** This stack's KMS keys: pipeline-tampering recognizes them by ARN on the trail path. */
    const ownKeyArns: string[] = [];
    const created = createsTrail(config) ? this.createTrail(config, ownKeyArns) : undefined;
    if (!config.trail.cloudWatchLogs) Annotations.of(this).addWarning(NO_CLOUDWATCH_LOGS_WARNING);

    // The safety net sits on the existing trail's log group (trail.existing), else on the created trail's.
    const filteredGroup = config.trail.existing
      ? { name: config.trail.existing.logGroupName, dependsOn: [] }
      : created?.logGroup && { name: created.logGroup.name, dependsOn: [created.logGroup.logGroup] };
    if (filteredGroup) {
      const topic = new AlertTopic(this, 'trail-alerts', {
        name: trailAlertTopicName(config),
        accountId: account.id,
        region,
        emails: config.notifications.emails,
        keyAliasName: kmsAliasName(config, 'trail-alerts'),
      });
      ownKeyArns.push(topic.key.arn);
      const alarm = (spec: TrailAlarmSpec, group: { name: string; dependsOn: ITerraformDependable[] }): void => {
        new MetricAlarm(this, spec.id, {
          config,
          logGroupName: group.name,
          metricName: spec.metricName,
          pattern: spec.pattern,
          namespace: trailMetricNamespace(config),
          alarmName: trailAlarmName(config, spec.metricName),
          description: spec.description,
          topicArn: topic.arn,
          dependsOn: [...group.dependsOn, topic.topic],
        });
      };
      for (const spec of trailAlarmSpecs(config, ownKeyArns)) alarm(spec, filteredGroup);
      // Dead-lettered sign-ins: counted from the data events of the created trail, in its own log group.
      if (created?.logGroup && config.trail.deadLetterEvents === 'trail') {
        alarm(forwarderDeadLetterAlarmSpec(config), { name: created.logGroup.name, dependsOn: [created.logGroup.logGroup] });
      }
    }

    // Optional: only the deployment roles may change the product's resources (deployment.protectionScp).
    if (config.deployment.protectionScp?.enabled) new ProtectionScp(this, 'protection-scp', { config });
  }

  /**
   * The trail this stack creates, with its bucket and key (or the existing
   * bucket of the config) and its log group: the organization trail, or, beside
   * an existing trail (trail.existing), the trail of dead-letter data events only.
   */
  private createTrail(config: OrgConfig, ownKeyArns: string[]): { logGroup?: EncryptedLogGroup } {
    const account = managementAccount(config);
    const region = config.trail.region;
    const organizationId = config.organization.id;
    const thisTrailArn = trailArn(config);
    // Where the log files go: a bucket and key created here, or the existing ones of the config.
    const bucket = config.trail.bucket;
    let kmsKeyArn: string;
    const trailDependencies = [];
    if ('existing' in bucket) {
      kmsKeyArn = bucket.kmsKeyArn;
    } else {
      const key = new TrailKey(this, 'trail-key', {
        aliasName: kmsAliasName(config, 'trail'),
        accountId: account.id,
        organizationId,
        trailArn: thisTrailArn,
      });
      const trailBucket = new TrailBucket(this, 'trail-bucket', {
        name: trailBucketName(config),
        accountId: account.id,
        organizationId,
        trailArn: thisTrailArn,
        kmsKeyArn: key.arn,
        expirationDays: config.trail.bucketRetentionDays,
        accessLogs: { bucketName: accessLogBucketName(config), prefix: accessLogPrefix(config) },
        objectLock: config.trail.objectLock,
      });
      kmsKeyArn = key.arn;
      ownKeyArns.push(key.arn);
      trailDependencies.push(key.key, trailBucket.bucket.policy);
    }

    const logGroup = config.trail.cloudWatchLogs
      ? new EncryptedLogGroup(this, 'trail-log-group', {
          name: createdTrailLogGroupName(config),
          retentionInDays: config.trail.logRetentionDays,
          accountId: account.id,
          region,
          keyAliasName: kmsAliasName(config, 'trail-logs'),
        })
      : undefined;
    if (logGroup) ownKeyArns.push(logGroup.key.arn);

    new OrganizationTrail(this, 'organization-trail', {
      name: createdTrailName(config),
      trailArn: thisTrailArn,
      accountId: account.id,
      organizationId,
      region,
      bucketName: trailBucketName(config),
      kmsKeyArn,
      dependsOn: trailDependencies,
      deadLetterQueueName: logGroup && config.trail.deadLetterEvents === 'trail' ? forwarderDlqName(config) : undefined,
      managementEvents: config.trail.existing === undefined,
      logDelivery: logGroup && {
        logGroupName: logGroup.name,
        logGroupArn: trailLogGroupArn(config),
        roleName: trailDeliveryRoleName(config),
        dependsOn: [logGroup.logGroup],
      },
    });
    return { logGroup };
  }
}
