/**
 * What a trail the management stack creates costs, all in: its copy of the
 * management events (free only as the first copy in a Region), its data
 * events, and the S3 side of its log files (PUT requests for log and digest
 * files, compressed storage at the bucket's retention, and the server access
 * log records those writes cause). Everything is priced on the trail resource,
 * so `byResourceType.aws_cloudtrail` is the CloudTrail line; the buckets and
 * their configuration are free by themselves (FREE_TYPES).
 *
 * Beside an existing trail (config `trail.existing`) the created trail records
 * data events only, and the existing trail's own costs are the organization's
 * whether or not signin-watch is deployed: nothing of them is counted.
 */
import type { OrgConfig } from '../config/schema';
import { accessLogBucketName, forwarderDlqName } from '../config/names';
import { enabledRegions } from '../config/regions';
import type { Resource } from './inventory';
import { BYTES_PER_GB, DAYS_PER_MONTH, HOURS_PER_MONTH, PRICES } from './prices';
import type { Volumes } from './volumes';

export interface PricedLine {
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface TrailFacts {
  config: OrgConfig;
  volumes: Volumes;
  resources: readonly Resource[];
}

function blocks(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value as Array<Record<string, unknown>>;
  return value && typeof value === 'object' ? [value as Record<string, unknown>] : [];
}

function selects(trail: Resource, category: 'Management' | 'Data'): boolean {
  const advanced = blocks(trail.body.advanced_event_selector);
  if (advanced.length > 0) {
    return advanced.some((selector) => blocks(selector.field_selector).some((field) => field.field === 'eventCategory' && JSON.stringify(field.equals ?? []).includes(`"${category}"`)));
  }
  if (category === 'Data') return blocks(trail.body.event_selector).some((selector) => blocks(selector.data_resource).length > 0);
  const basic = blocks(trail.body.event_selector);
  return basic.length === 0 || basic.some((selector) => selector.include_management_events !== false);
}

/** The line items of one aws_cloudtrail resource at the given volumes. */
export function trailLines(trail: Resource, facts: TrailFacts): PricedLine[] {
  const { config, volumes, resources } = facts;
  const accounts = config.accounts.length;
  const lines: PricedLine[] = [];
  const management = selects(trail, 'Management');
  const managementEvents = management ? accounts * volumes.trailEventsPerAccountDay * DAYS_PER_MONTH : 0;
  if (management) {
    const paid = volumes.otherTrailsWithManagementEvents > 0;
    lines.push({
      item: paid
        ? `management events: an additional copy (${volumes.otherTrailsWithManagementEvents} other trail(s) already deliver them; use trail.existing to avoid it)`
        : 'management events: the first copy in each Region, free (no other trail delivers them)',
      quantity: managementEvents,
      unit: PRICES.cloudTrailManagementCopy.unit,
      usd: paid ? managementEvents * PRICES.cloudTrailManagementCopy.usd : 0,
    });
  }
  const queues = resources.filter((resource) => resource.type === 'aws_sqs_queue' && resource.body.name === forwarderDlqName(config)).length;
  const dataEvents = selects(trail, 'Data') ? queues * volumes.deadLettersPerQueueMonth : 0;
  if (selects(trail, 'Data')) {
    lines.push({ item: `data events: SendMessage on the ${queues} forwarder dead-letter queues`, quantity: dataEvents, unit: PRICES.cloudTrailDataEvent.unit, usd: dataEvents * PRICES.cloudTrailDataEvent.usd });
  }
  // Log files: about one per account, active Region and 5 minutes while events flow (a data-only trail writes one per dead letter at most).
  const logFiles = management ? accounts * volumes.trailActiveRegionsPerAccount * volumes.trailFilesPerRegionHour * HOURS_PER_MONTH : Math.min(dataEvents, accounts * HOURS_PER_MONTH * 12);
  // Digest files (log file validation): one per account and Region every hour, assumed even in hours without log files (unverified).
  const regions = config.accounts.reduce((sum, account) => sum + enabledRegions(account).length, 0);
  const digestFiles = trail.body.enable_log_file_validation === true ? regions * HOURS_PER_MONTH : 0;
  const puts = logFiles + digestFiles;
  lines.push({ item: `S3 PUT requests: ${Math.round(logFiles)} log files and ${Math.round(digestFiles)} digest files (bucket ${String(trail.body.s3_bucket_name)})`, quantity: puts, unit: PRICES.s3PutRequest.unit, usd: puts * PRICES.s3PutRequest.usd });
  const retentionMonths = config.trail.bucketRetentionDays / DAYS_PER_MONTH;
  const storedGb = ((managementEvents * volumes.trailEventBytes + dataEvents * volumes.trailEventBytes) * volumes.compressedToRawRatio * retentionMonths) / BYTES_PER_GB;
  lines.push({ item: `S3 storage of the gzip log files at steady state (${config.trail.bucketRetentionDays} days)`, quantity: storedGb, unit: PRICES.s3StorageGbMonth.unit, usd: storedGb * PRICES.s3StorageGbMonth.usd });
  if (resources.some((resource) => resource.type === 'aws_s3_bucket' && resource.body.bucket === accessLogBucketName(config))) {
    // Server access logging itself has no charge; its log records are stored (one per request to the trail bucket).
    const accessGb = (puts * volumes.accessLogRecordBytes * retentionMonths) / BYTES_PER_GB;
    lines.push({ item: `S3 storage of the trail bucket's server access logs at steady state (${config.trail.bucketRetentionDays} days)`, quantity: accessGb, unit: PRICES.s3StorageGbMonth.unit, usd: accessGb * PRICES.s3StorageGbMonth.usd });
  }
  return lines;
}
