/**
 * Check 3a: the existing organization trail of `trail.existing` (issue 21).
 * The safety-net filters only see what that trail delivers, so it must:
 * - exist (cloudtrail:GetTrail on its ARN, in trail.region);
 * - be an organization trail and a multi-Region trail with global service
 *   events, so every account and Region (and the sign-in events CloudTrail
 *   records as global-service events) reaches it;
 * - be logging (cloudtrail:GetTrailStatus IsLogging);
 * - deliver to `trail.existing.logGroupName` in the management account and
 *   trail.region (its CloudWatchLogsLogGroupArn);
 * - record every management event, read and write (cloudtrail:GetEventSelectors):
 *   a basic selector with IncludeManagementEvents and ReadWriteType All and no
 *   excluded event sources, or an advanced selector on eventCategory =
 *   Management alone. Narrowing by readOnly is refused: AWS documents no
 *   readOnly value for ConsoleLogin, CredentialVerification or GetSigninToken
 *   (docs/management.md, "Write-only management events").
 * Each PROBLEM names the fix. The calls run with the management-account
 * session; CloudTrail's API is reached through `TrailReader`, a small
 * interface (unit tests replace it; `sdkTrailReader` is the AWS SDK one,
 * tested with aws-sdk-client-mock).
 */
import { CloudTrailClient, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { logGroupArn, managementAccount } from '../config/names';
import type { PreflightContext } from './context';
import { emptyReport, errorName, recordFailure, type CheckReport } from './report';

/** The fields of CloudTrail's GetTrail response the check reads (CloudTrail API Reference, "Trail"). */
export interface TrailDescription {
  Name?: string;
  TrailARN?: string;
  HomeRegion?: string;
  IsOrganizationTrail?: boolean;
  IsMultiRegionTrail?: boolean;
  IncludeGlobalServiceEvents?: boolean;
  CloudWatchLogsLogGroupArn?: string;
}

export interface EventSelectorsDescription {
  EventSelectors?: Array<{ ReadWriteType?: string; IncludeManagementEvents?: boolean; ExcludeManagementEventSources?: string[] }>;
  AdvancedEventSelectors?: Array<{ Name?: string; FieldSelectors?: Array<{ Field?: string; Equals?: string[]; NotEquals?: string[]; StartsWith?: string[]; EndsWith?: string[]; NotStartsWith?: string[]; NotEndsWith?: string[] }> }>;
}

/** The three read-only CloudTrail calls of the check, by trail ARN. */
export interface TrailReader {
  /** GetTrail; throws CloudTrail's error (TrailNotFoundException when there is none). */
  getTrail(trailArn: string): Promise<TrailDescription | undefined>;
  /** GetTrailStatus: IsLogging. */
  getTrailStatus(trailArn: string): Promise<{ IsLogging?: boolean }>;
  /** GetEventSelectors. */
  getEventSelectors(trailArn: string): Promise<EventSelectorsDescription>;
}

/** TrailReader over the AWS SDK (CloudTrail API Reference: GetTrail, GetTrailStatus, GetEventSelectors), with the management-account session in `region`. */
export function sdkTrailReader(context: PreflightContext, region: string): TrailReader {
  const { aws } = context;
  const client = aws.client(CloudTrailClient, region, aws.management);
  return {
    async getTrail(trailArn) {
      return (await aws.retry(() => client.send(new GetTrailCommand({ Name: trailArn })))).Trail;
    },
    getTrailStatus: (trailArn) => aws.retry(() => client.send(new GetTrailStatusCommand({ Name: trailArn }))),
    getEventSelectors: (trailArn) => aws.retry(() => client.send(new GetEventSelectorsCommand({ TrailName: trailArn }))) as Promise<EventSelectorsDescription>,
  };
}

/** Why the selectors do not record every management event, read and write; empty when they do. */
export function managementEventGaps(selectors: EventSelectorsDescription, trailName: string): string[] {
  const fix = `record every management event: \`aws cloudtrail put-event-selectors --trail-name ${trailName} --advanced-event-selectors '[{"Name":"All management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]'\` (keep any data-event selectors the trail has)`;
  const advanced = selectors.AdvancedEventSelectors ?? [];
  if (advanced.length > 0) {
    const management = advanced.filter((selector) => (selector.FieldSelectors ?? []).some((field) => field.Field === 'eventCategory' && (field.Equals ?? []).includes('Management')));
    if (management.length === 0) return [`its advanced event selectors record no management events: ${fix}`];
    const whole = management.find((selector) => (selector.FieldSelectors ?? []).every((field) => field.Field === 'eventCategory'));
    if (whole) return [];
    const fields = [...new Set(management.flatMap((selector) => (selector.FieldSelectors ?? []).map((field) => field.Field).filter((field) => field !== 'eventCategory')))];
    return [`its management-event selector narrows by ${fields.join(', ')} (the sign-in filters need every management event, read and write; AWS documents no readOnly value for the sign-in events): ${fix}`];
  }
  const basic = selectors.EventSelectors ?? [];
  if (basic.length === 0) return []; // no selector at all: CloudTrail's default, every management event
  const management = basic.filter((selector) => selector.IncludeManagementEvents !== false);
  if (management.length === 0) return [`its event selectors exclude management events (IncludeManagementEvents false): ${fix}`];
  const problems: string[] = [];
  if (!management.some((selector) => (selector.ReadWriteType ?? 'All') === 'All')) {
    problems.push(`its event selectors record ${management.map((selector) => selector.ReadWriteType).join('/')} management events only, not All: ${fix}`);
  }
  const excluded = [...new Set(management.flatMap((selector) => selector.ExcludeManagementEventSources ?? []))];
  if (excluded.length > 0) problems.push(`its event selectors exclude the management events of ${excluded.join(', ')} (pipeline-tampering and trail-tampering watch them): ${fix}`);
  return problems;
}

/** The trail's own properties: organization, multi-Region, global events, its log group. */
function trailShapeProblems(trail: TrailDescription, context: PreflightContext, arn: string, logGroupName: string): string[] {
  const name = trail.Name ?? arn;
  const problems: string[] = [];
  if (trail.IsOrganizationTrail !== true) {
    problems.push(`${name} is not an organization trail: the filters would see only its own account; run \`aws cloudtrail update-trail --name ${arn} --is-organization-trail\` from the management account, or name the organization trail in trail.existing`);
  }
  if (trail.IsMultiRegionTrail !== true) {
    problems.push(`${name} is not a multi-Region trail: sign-ins in other Regions would be missed; run \`aws cloudtrail update-trail --name ${arn} --is-multi-region-trail\``);
  }
  if (trail.IncludeGlobalServiceEvents === false) {
    problems.push(`${name} does not include global service events (IAM, STS, sign-in): run \`aws cloudtrail update-trail --name ${arn} --include-global-service-events\``);
  }
  const { config } = context;
  const expectedGroupArn = logGroupArn(config.trail.region, managementAccount(config).id, logGroupName);
  const actual = trail.CloudWatchLogsLogGroupArn?.replace(/:\*$/, '');
  if (actual !== expectedGroupArn) {
    const delivers = actual ? `delivers to ${actual}` : 'delivers to no CloudWatch Logs group';
    const named = actual ? /:log-group:(.+)$/.exec(actual)?.[1] : undefined;
    problems.push(
      `${name} ${delivers}, not ${expectedGroupArn}: ${named ? `set trail.existing.logGroupName to ${named}${actual!.includes(`:${config.trail.region}:${managementAccount(config).id}:`) ? '' : ' (and trail.region to its region: it must be in the management account)'}, or ` : ''}deliver the trail to that group (\`aws cloudtrail update-trail --name ${arn} --cloud-watch-logs-log-group-arn ${expectedGroupArn}:* --cloud-watch-logs-role-arn ROLE\`)`,
    );
  }
  return problems;
}

export async function checkExistingTrail(context: PreflightContext, reader?: TrailReader): Promise<CheckReport> {
  const report = emptyReport('existing-trail');
  const existing = context.config.trail.existing;
  if (!existing) return { ...report, skipped: 'the config creates its own trail (no trail.existing)' };
  const { trailArn: arn, logGroupName } = existing;
  const region = context.config.trail.region;
  const trails = reader ?? sdkTrailReader(context, region);
  let trail: TrailDescription | undefined;
  try {
    trail = await trails.getTrail(arn);
  } catch (error) {
    if (errorName(error) !== 'TrailNotFoundException') {
      recordFailure(report, `existing trail ${arn}`, `cloudtrail:GetTrail on ${arn}`, context.managementWho, error);
      return report;
    }
  }
  if (!trail) {
    report.problems.push(`existing trail ${arn} does not exist in ${region}: fix trail.existing.trailArn (\`aws cloudtrail describe-trails --region ${region}\` from the management account lists the trails), or remove trail.existing to let signin-watch create one`);
    return report;
  }
  report.problems.push(...trailShapeProblems(trail, context, arn, logGroupName));
  try {
    const status = await trails.getTrailStatus(arn);
    if (status.IsLogging !== true) report.problems.push(`${trail.Name ?? arn} is not logging: run \`aws cloudtrail start-logging --name ${arn}\` from the management account`);
  } catch (error) {
    recordFailure(report, `status of ${arn}`, `cloudtrail:GetTrailStatus on ${arn}`, context.managementWho, error);
  }
  try {
    report.problems.push(...managementEventGaps(await trails.getEventSelectors(arn), arn));
  } catch (error) {
    recordFailure(report, `event selectors of ${arn}`, `cloudtrail:GetEventSelectors on ${arn}`, context.managementWho, error);
  }
  if (report.problems.length === 0 && report.unchecked.length === 0) {
    report.ok.push(`${trail.Name ?? arn} is an organization, multi-Region trail, logging every management event to ${logGroupName} in ${region}`);
  }
  return report;
}
