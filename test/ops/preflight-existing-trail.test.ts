/**
 * preflight's existing-trail check (trail.existing) against mocked CloudTrail
 * answers: the Control Tower trail passing, then each way it can fail, each
 * failure naming its fix. CloudTrail is reached through the check's
 * TrailReader interface, then through the AWS SDK reader with aws-sdk-client-mock.
 */
import * as path from 'node:path';
import { CloudTrailClient, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../detection/org-config';
import type { OrgConfig } from '../../config/schema';
import { checkExistingTrail, type EventSelectorsDescription, type TrailDescription, type TrailReader } from '../../preflight/check-existing-trail';
import type { PreflightContext } from '../../preflight/context';

const CONTROL_TOWER = path.join(__dirname, '..', 'config', 'fixtures', 'good', 'control-tower-trail.yaml');
const ARN = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/aws-controltower-BaselineCloudTrail';
const GROUP_ARN = 'arn:aws:logs:eu-west-1:111111111111:log-group:aws-controltower/CloudTrailLogs';

/** What Control Tower's landing zone trail answers: organization, multi-Region, logging, every management event. */
const GOOD_TRAIL: TrailDescription = {
  Name: 'aws-controltower-BaselineCloudTrail',
  TrailARN: ARN,
  HomeRegion: 'eu-west-1',
  IsOrganizationTrail: true,
  IsMultiRegionTrail: true,
  IncludeGlobalServiceEvents: true,
  CloudWatchLogsLogGroupArn: `${GROUP_ARN}:*`,
};
const GOOD_SELECTORS: EventSelectorsDescription = { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [] }] };

function reader(overrides: { trail?: Partial<TrailDescription> | Error; logging?: boolean; selectors?: EventSelectorsDescription | Error } = {}): TrailReader & { calls: string[] } {
  const calls: string[] = [];
  const answer = <T>(value: T | Error): Promise<T> => (value instanceof Error ? Promise.reject(value) : Promise.resolve(value));
  return {
    calls,
    getTrail: (arn) => {
      calls.push(`GetTrail ${arn}`);
      return answer(overrides.trail instanceof Error ? overrides.trail : { ...GOOD_TRAIL, ...overrides.trail });
    },
    getTrailStatus: (arn) => {
      calls.push(`GetTrailStatus ${arn}`);
      return Promise.resolve({ IsLogging: overrides.logging ?? true });
    },
    getEventSelectors: (arn) => {
      calls.push(`GetEventSelectors ${arn}`);
      return answer(overrides.selectors ?? GOOD_SELECTORS);
    },
  };
}

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

function contextFor(config: OrgConfig): PreflightContext {
  return {
    config,
    aws: { region: 'us-east-1', retryOptions: {}, management: undefined, client: () => ({}) as never, retry: (call) => call(), assumeRole: () => Promise.reject(new Error('unused')) },
    callerArn: 'arn:aws:sts::111111111111:assumed-role/preflight/ci',
    callerAccountId: '111111111111',
    managementSessionAccountId: '111111111111',
    managementWho: 'arn:aws:sts::111111111111:assumed-role/preflight/ci',
    roles: ['deployment'],
    concurrency: 1,
    progress: { step: () => undefined, note: () => undefined, done: () => undefined } as never,
    sessions: new Map(),
  };
}

const config = loadConfig(CONTROL_TOWER);
const run = (overrides: Parameters<typeof reader>[0] = {}) => checkExistingTrail(contextFor(config), reader(overrides));

describe('preflight existing-trail', () => {
  it('GIVEN the Control Tower trail as Control Tower sets it up THEN OK, after GetTrail, GetTrailStatus and GetEventSelectors on its ARN', async () => {
    const mock = reader();
    const report = await checkExistingTrail(contextFor(config), mock);
    expect(report).toEqual({
      id: 'existing-trail',
      ok: ['aws-controltower-BaselineCloudTrail is an organization, multi-Region trail, logging every management event to aws-controltower/CloudTrailLogs in eu-west-1'],
      problems: [],
      unchecked: [],
    });
    expect(mock.calls).toEqual([`GetTrail ${ARN}`, `GetTrailStatus ${ARN}`, `GetEventSelectors ${ARN}`]);
  });

  it('GIVEN an advanced selector on eventCategory Management alone (and data events beside it) THEN OK', async () => {
    const selectors = {
      AdvancedEventSelectors: [
        { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        { Name: 's3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
      ],
    };
    expect((await run({ selectors })).problems).toEqual([]);
  });

  it('GIVEN a config without trail.existing THEN the check is skipped and calls nothing', async () => {
    const own = loadConfig(CONTROL_TOWER);
    delete own.trail.existing;
    const mock = reader();
    expect((await checkExistingTrail(contextFor(own), mock)).skipped).toBe('the config creates its own trail (no trail.existing)');
    expect(mock.calls).toEqual([]);
  });

  it('GIVEN no such trail THEN one PROBLEM saying how to find the right ARN', async () => {
    const report = await run({ trail: awsError('TrailNotFoundException') });
    expect(report.problems).toEqual([
      `existing trail ${ARN} does not exist in eu-west-1: fix trail.existing.trailArn (\`aws cloudtrail describe-trails --region eu-west-1\` from the management account lists the trails), or remove trail.existing to let signin-watch create one`,
    ]);
  });

  it('GIVEN a single-account, single-Region trail without global events THEN one PROBLEM each, each with its update-trail fix', async () => {
    const report = await run({ trail: { IsOrganizationTrail: false, IsMultiRegionTrail: false, IncludeGlobalServiceEvents: false } });
    expect(report.problems).toEqual([
      expect.stringContaining(`is not an organization trail: the filters would see only its own account; run \`aws cloudtrail update-trail --name ${ARN} --is-organization-trail\``),
      expect.stringContaining(`is not a multi-Region trail: sign-ins in other Regions would be missed; run \`aws cloudtrail update-trail --name ${ARN} --is-multi-region-trail\``),
      expect.stringContaining('--include-global-service-events'),
    ]);
    expect(report.ok).toEqual([]);
  });

  it('GIVEN a trail that stopped logging THEN a PROBLEM naming start-logging', async () => {
    expect((await run({ logging: false })).problems).toEqual([`aws-controltower-BaselineCloudTrail is not logging: run \`aws cloudtrail start-logging --name ${ARN}\` from the management account`]);
  });

  it('GIVEN a trail delivering to another log group, or to none THEN a PROBLEM naming the group to configure or the update-trail call', async () => {
    const other = await run({ trail: { CloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:111111111111:log-group:org-trail-logs:*' } });
    expect(other.problems).toEqual([expect.stringContaining('delivers to arn:aws:logs:eu-west-1:111111111111:log-group:org-trail-logs, not ' + GROUP_ARN + ': set trail.existing.logGroupName to org-trail-logs, or')]);
    const none = await run({ trail: { CloudWatchLogsLogGroupArn: undefined } });
    expect(none.problems).toEqual([expect.stringContaining(`delivers to no CloudWatch Logs group, not ${GROUP_ARN}: deliver the trail to that group (\`aws cloudtrail update-trail --name ${ARN} --cloud-watch-logs-log-group-arn ${GROUP_ARN}:*`)]);
  });

  it('GIVEN selectors that drop or narrow management events THEN a PROBLEM naming put-event-selectors', async () => {
    const cases: Array<[EventSelectorsDescription, string]> = [
      [{ EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }, 'record WriteOnly management events only, not All'],
      [{ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] }, 'exclude management events (IncludeManagementEvents false)'],
      [{ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }] }, 'exclude the management events of kms.amazonaws.com'],
      [{ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] }, 'record no management events'],
      [{ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] }] }, 'narrows by readOnly'],
    ];
    for (const [selectors, expected] of cases) {
      const problems = (await run({ selectors })).problems;
      expect([expected, problems]).toEqual([expected, [expect.stringContaining(expected)]]);
      expect(problems[0]).toContain(`aws cloudtrail put-event-selectors --trail-name ${ARN}`);
    }
  });

  it('GIVEN the AWS SDK reader and mocked CloudTrail answers (aws-sdk-client-mock) THEN the same three calls on the ARN, in trail.region, and OK', async () => {
    const cloudtrail = mockClient(CloudTrailClient);
    try {
      cloudtrail.on(GetTrailCommand, { Name: ARN }).resolves({ Trail: GOOD_TRAIL });
      cloudtrail.on(GetTrailStatusCommand, { Name: ARN }).resolves({ IsLogging: true });
      cloudtrail.on(GetEventSelectorsCommand, { TrailName: ARN }).resolves(GOOD_SELECTORS as never);
      const regions: string[] = [];
      const context = contextFor(config);
      context.aws = { ...context.aws, client: ((Client: new (input: { region: string }) => unknown, region: string) => { regions.push(region); return new Client({ region }); }) as never };
      const report = await checkExistingTrail(context);
      expect(report.problems).toEqual([]);
      expect(report.ok).toEqual([expect.stringContaining('is an organization, multi-Region trail, logging every management event')]);
      expect(cloudtrail.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name)).toEqual(['GetTrailCommand', 'GetTrailStatusCommand', 'GetEventSelectorsCommand']);
      expect(regions).toEqual(['eu-west-1']);
    } finally {
      cloudtrail.restore();
    }
  });

  it('GIVEN the AWS SDK reader and CloudTrail answering TrailNotFoundException and a WriteOnly selector THEN PROBLEMs with their fixes', async () => {
    const cloudtrail = mockClient(CloudTrailClient);
    try {
      cloudtrail.on(GetTrailCommand).rejects(awsError('TrailNotFoundException'));
      const context = contextFor(config);
      context.aws = { ...context.aws, client: ((Client: new (input: { region: string }) => unknown, region: string) => new Client({ region })) as never };
      expect((await checkExistingTrail(context)).problems).toEqual([expect.stringContaining('does not exist in eu-west-1: fix trail.existing.trailArn')]);
      cloudtrail.reset();
      cloudtrail.on(GetTrailCommand).resolves({ Trail: GOOD_TRAIL });
      cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
      cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] });
      expect((await checkExistingTrail(context)).problems).toEqual([expect.stringContaining('WriteOnly management events only, not All')]);
    } finally {
      cloudtrail.restore();
    }
  });

  it('GIVEN access denied on GetTrail THEN a PROBLEM naming the permission; another error is UNCHECKED', async () => {
    const denied = await run({ trail: awsError('AccessDeniedException', 403) });
    expect(denied.problems).toEqual([expect.stringContaining(`allow cloudtrail:GetTrail on ${ARN} to arn:aws:sts::111111111111:assumed-role/preflight/ci`)]);
    const broken = await run({ selectors: awsError('InternalFailure', 500) });
    expect(broken.unchecked).toEqual([expect.stringContaining(`event selectors of ${ARN}: could not check`)]);
    expect(broken.ok).toEqual([]);
  });
});
