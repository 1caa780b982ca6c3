/**
 * pipeline-tampering: calls, allowed or denied, that change or delete the
 * product's own resources alert on every deployed path (bus pattern, raw
 * filter on the trail log, envelope filter on the central log) under both
 * readings of the unverified missing-field behaviours, for each call of the
 * issue on the example organization's names; the same calls on unrelated
 * names do not. The deployment role's deploy session is counted apart (the
 * grouped, lower-severity filters), never dropped: forwarded, logged, counted.
 */
import { loadConfig } from '../../detection/org-config';
import { deploymentSessionArnPatterns } from '../../config/names';
import {
  alertCatalogue,
  alertKindsFor,
  pipelineLogPatternFor,
  pipelineForwarderPatternFor,
  pipelineForwarderPatternsFor,
  pipelineLogPatternsFor,
  MAX_EVENT_PATTERN_LENGTH,
  MAX_FILTER_PATTERN_LENGTH,
  PIPELINE_CALLS,
  PIPELINE_KEY_CALL,
  pipelineDeployChangeFilters,
  pipelineNamesFor,
  pipelineTamperingPattern,
} from '../../detection/catalogue';
import { createClassifier } from '../../detection/classify';
import { toEnvelope, wrapRecord } from '../../detection/envelope';
import { compileEventPattern, matchesEventPattern } from '../../detection/eventbridge-pattern';
import { compileLogsFilter } from '../../detection/logs-filter';
import type { OrgConfig } from '../../config/schema';
import { PIPELINE_TAMPERING_FILE } from '../../classify/corpus';
import { everywhere, labelsByPath, messageLines, READINGS, readLabelled, REPO_ROOT, type Json } from './helpers';

const config = loadConfig(`${REPO_ROOT}/config/org.yaml`);
const names = pipelineNamesFor(config);
const kinds = alertKindsFor(config);
const kind = kinds.find((entry) => entry.id === 'pipeline-tampering')!;
const fixtures = readLabelled(PIPELINE_TAMPERING_FILE);
const fires = fixtures.filter((line) => line.expected.length > 0);
const deploys = fixtures.filter((line) => line.id.startsWith('pipe-deploy-'));
const nearMisses = fixtures.filter((line) => line.id.startsWith('pipe-near-'));
const byId = (id: string) => structuredClone(fixtures.find((line) => line.id === id)!.event);

/** Whether any of the filters matches, under every reading (true), none (false), or the readings disagree (throws). */
function anyFilterMatches(filters: string[], event: object): boolean {
  const results = READINGS.map((reading) => filters.some((pattern) => compileLogsFilter(pattern).matches(event, reading.logsFilter)));
  if (results.some((result) => result !== results[0])) throw new Error('the missing-field readings disagree');
  return results[0];
}

/** Issue 10 item 6: the first calls. */
const ISSUE_10_CALLS = [
  ...['PutRule', 'DeleteRule', 'DisableRule', 'PutTargets', 'RemoveTargets'].map((name) => `events.amazonaws.com ${name}`),
  ...['UpdateSchedule', 'DeleteSchedule'].map((name) => `scheduler.amazonaws.com ${name}`),
  ...['DeleteTopic', 'SetTopicAttributes', 'Unsubscribe'].map((name) => `sns.amazonaws.com ${name}`),
  ...['DeleteAlarms', 'DisableAlarmActions'].map((name) => `monitoring.amazonaws.com ${name}`),
  ...['DeleteLogGroup', 'DeleteMetricFilter', 'PutRetentionPolicy'].map((name) => `logs.amazonaws.com ${name}`),
  ...['DeleteRole', 'PutRolePolicy', 'DeleteRolePolicy', 'UpdateAssumeRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy'].map((name) => `iam.amazonaws.com ${name}`),
  ...['DeleteQueue', 'SetQueueAttributes', 'PurgeQueue'].map((name) => `sqs.amazonaws.com ${name}`),
];

/** Issue 18 item 5: calls that silence as well as the first ones, each with a firing fixture line on the product's names. */
const ISSUE_18_CALLS = [
  'events.amazonaws.com PutPermission',
  'events.amazonaws.com RemovePermission',
  'events.amazonaws.com DeleteEventBus',
  'lambda.amazonaws.com UpdateFunctionCode20150331v2',
  'lambda.amazonaws.com UpdateFunctionConfiguration20150331v2',
  'lambda.amazonaws.com PutFunctionConcurrency20171031',
  'lambda.amazonaws.com DeleteFunction20150331',
  'lambda.amazonaws.com RemovePermission20150331v2',
  'lambda.amazonaws.com PutFunctionEventInvokeConfig',
  'lambda.amazonaws.com UpdateFunctionEventInvokeConfig',
  'lambda.amazonaws.com DeleteFunctionEventInvokeConfig',
  'logs.amazonaws.com DeleteLogGroup',
  'logs.amazonaws.com PutMetricFilter',
  'logs.amazonaws.com PutResourcePolicy',
  'logs.amazonaws.com DeleteResourcePolicy',
  'monitoring.amazonaws.com PutMetricAlarm',
  'monitoring.amazonaws.com SetAlarmState',
  'iam.amazonaws.com PutRolePermissionsBoundary',
  'iam.amazonaws.com DeleteRolePermissionsBoundary',
];

describe('the pipeline-tampering fixtures', () => {
  it('GIVEN the file WHEN read THEN every call of the issue has a firing record, and each line says where its shape comes from', () => {
    const covered = new Set(fires.map((line) => `${line.event.eventSource} ${line.event.eventName}`));
    // Issue 10's calls, and issue 18 item 5's (every other watched call has a generated record: pipeline-completeness.test.ts).
    for (const call of [...ISSUE_10_CALLS, ...ISSUE_18_CALLS]) expect(covered).toContain(call);
    for (const call of ISSUE_10_CALLS) expect(PIPELINE_CALLS.some((entry) => `${entry.eventSource} ${entry.eventNames.find((name) => call.endsWith(` ${name}`))}` === call)).toBe(true);
    // Lambda functionName in both forms: a name and an ARN.
    for (const name of ISSUE_18_CALLS.filter((call) => call.startsWith('lambda.'))) {
      const forms = fires.filter((line) => `${line.event.eventSource} ${line.event.eventName}` === name).map((line) => String((line.event.requestParameters as Json).functionName).startsWith('arn:'));
      expect([name, forms.sort()]).toEqual([name, [false, true]]);
    }
    for (const line of fixtures) expect(line.source).not.toBe('');
    expect(nearMisses.length).toBeGreaterThanOrEqual(12);
    expect(deploys.length).toBe(2);
  });
});

describe.each(fixtures.map((line) => [line.id, line] as const))('%s', (_id, line) => {
  it('GIVEN the record WHEN run through every path under both missing-field readings THEN every one gives the expected labels', () => {
    expect(labelsByPath(kinds, line.event)).toEqual(everywhere(line.expected));
  });

  it('GIVEN the record WHEN classified THEN alerts and metricAlerts equal the expected labels', () => {
    const result = createClassifier(kinds)(line.event);
    expect([result.alerts, result.metricAlerts]).toEqual([line.expected, line.expected]);
  });
});

describe('the alert state table (DynamoDB) and its key', () => {
  it('GIVEN the fixtures WHEN read THEN DeleteTable, UpdateTimeToLive, UpdateTable and PutResourcePolicy on the product\'s table fire (name and ARN forms) and the same calls on other tables are near misses', () => {
    const ids = (list: typeof fixtures) => list.filter((line) => line.event.eventSource === 'dynamodb.amazonaws.com').map((line) => line.id).sort();
    expect(ids(fires)).toEqual(['pipe-dynamodb-deletetable', 'pipe-dynamodb-deletetable-arn', 'pipe-dynamodb-putresourcepolicy', 'pipe-dynamodb-updatetable', 'pipe-dynamodb-updatetimetolive']);
    expect(ids(nearMisses)).toEqual(['pipe-near-dynamodb-deletetable-other', 'pipe-near-dynamodb-updatetimetolive-other']);
  });

  it('GIVEN DeleteTable and UpdateTimeToLive on the product\'s table WHEN classified THEN pipeline-tampering fires on the trail path and the bus path; on another table on neither', () => {
    for (const id of ['pipe-dynamodb-deletetable', 'pipe-dynamodb-deletetable-arn', 'pipe-dynamodb-updatetimetolive']) {
      const result = createClassifier(kinds)(byId(id));
      expect([id, result.alerts, result.metricAlerts]).toEqual([id, ['pipeline-tampering'], ['pipeline-tampering']]);
      expect([id, anyFilterMatches(kind.rawMetricFilters, byId(id)), compileEventPattern(kind.eventPattern)(wrapRecord(byId(id)))]).toEqual([id, true, true]);
    }
    for (const id of ['pipe-near-dynamodb-deletetable-other', 'pipe-near-dynamodb-updatetimetolive-other']) {
      const result = createClassifier(kinds)(byId(id));
      expect([id, result.alerts, result.metricAlerts]).toEqual([id, [], []]);
    }
  });
});

describe('both paths, part by part', () => {
  it('GIVEN each firing record WHEN tested against each deployed filter THEN at least one raw (trail) and one envelope (central) filter matches', () => {
    for (const line of fires) {
      expect([line.id, anyFilterMatches(kind.rawMetricFilters, line.event)]).toEqual([line.id, true]);
      expect([line.id, anyFilterMatches(kind.envelopeMetricFilters, wrapRecord(line.event))]).toEqual([line.id, true]);
    }
  });

  it('GIVEN the near misses WHEN tested against every deployed filter and the bus pattern THEN none matches', () => {
    const pattern = compileEventPattern(kind.eventPattern);
    for (const line of nearMisses) {
      expect([line.id, anyFilterMatches(kind.rawMetricFilters, line.event), anyFilterMatches(kind.envelopeMetricFilters, wrapRecord(line.event))]).toEqual([line.id, false, false]);
      for (const reading of READINGS) expect([line.id, pattern(wrapRecord(line.event), reading.eventPattern)]).toEqual([line.id, false]);
    }
  });

  it('GIVEN every deployed filter WHEN measured THEN each is within CloudWatch Logs\' 1024 characters, and the bus pattern within EventBridge\'s 2048', () => {
    for (const pattern of [...kind.rawMetricFilters, ...kind.envelopeMetricFilters]) expect(pattern.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
    expect(kind.rawMetricFilters.length).toBeGreaterThan(1);
    for (const pattern of kind.eventPatterns) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
  });
});

describe('the deployment role during a deploy: grouped, never dropped', () => {
  const grouped = pipelineDeployChangeFilters(names);

  it('GIVEN a deploy-session call WHEN tested THEN the grouped count matches it on both paths, and the pipeline forwarder and log rules keep it', () => {
    for (const line of deploys) {
      expect([line.id, anyFilterMatches(grouped.raw, line.event), anyFilterMatches(grouped.envelope, wrapRecord(line.event))]).toEqual([line.id, true, true]);
      expect([line.id, matchesEventPattern(pipelineForwarderPatternFor(config), wrapRecord(line.event))]).toEqual([line.id, true]);
      expect([line.id, matchesEventPattern(pipelineLogPatternFor(config), wrapRecord(line.event))]).toEqual([line.id, true]);
    }
  });

  it('GIVEN any other call (other principals, other session names, near misses) WHEN tested THEN the grouped count does not take it', () => {
    for (const line of [...fires, ...nearMisses]) {
      expect([line.id, anyFilterMatches(grouped.raw, line.event), anyFilterMatches(grouped.envelope, wrapRecord(line.event))]).toEqual([line.id, false, false]);
    }
  });

  it("GIVEN the example config WHEN the deploy sessions are listed THEN they are every deployment role's session named <prefix>-deploy", () => {
    expect(deploymentSessionArnPatterns(config)).toEqual([
      'arn:aws:sts::*:assumed-role/OrganizationAccountAccessRole/signin-watch-deploy',
      'arn:aws:sts::*:assumed-role/signin-watch-deployer/signin-watch-deploy',
    ]);
    expect(names.deploymentSessionArns).toEqual(deploymentSessionArnPatterns(config));
  });
});

describe('forwarding and logging', () => {
  it('GIVEN every firing record WHEN tested against the member forwarder and the central log THEN each is forwarded and kept', () => {
    const forwarder = pipelineForwarderPatternFor(config);
    const central = pipelineLogPatternFor(config);
    expect(fires.filter((line) => !matchesEventPattern(forwarder, toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
    expect(fires.filter((line) => !matchesEventPattern(central, toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
  });

  it('GIVEN the near misses WHEN tested THEN the forwarder and the central log drop them all', () => {
    const forwarder = pipelineForwarderPatternFor(config);
    const central = pipelineLogPatternFor(config);
    expect(nearMisses.filter((line) => matchesEventPattern(forwarder, toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
    expect(nearMisses.filter((line) => matchesEventPattern(central, toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
  });

  it('GIVEN the longest name prefix and three long deployment role names WHEN the pipeline forwarder rule pattern is built THEN it stays within 2048 characters', () => {
    const roles = ['a-much-longer-deployer-role-name-x', 'another-long-deployer-role'];
    const longest = {
      deployment: { ...config.deployment, namePrefix: 'abcdefghijklmnop' },
      accounts: roles.map((deploymentRoleName, index) => ({ ...config.accounts[index], deploymentRoleName })),
    } as unknown as OrgConfig;
    for (const pattern of pipelineForwarderPatternsFor(longest)) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
    const longKind = alertKindsFor({ ...longest, alerts: config.alerts }).find((entry) => entry.id === 'pipeline-tampering')!;
    for (const pattern of [...longKind.rawMetricFilters, ...longKind.envelopeMetricFilters]) expect(pattern.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
  });

  it('GIVEN a different name prefix WHEN the kind is built THEN the example names no longer match and the new ones do', () => {
    const other = { ...config, deployment: { ...config.deployment, namePrefix: 'acme-sw' } } as OrgConfig;
    const otherKinds = alertKindsFor(other);
    expect(labelsByPath(otherKinds, byId('pipe-events-putrule'))).toEqual(everywhere([]));
    const renamed = byId('pipe-events-putrule');
    (renamed.requestParameters as Json).name = 'acme-sw-forward-sign-ins';
    expect(labelsByPath(otherKinds, renamed)).toEqual(everywhere(['pipeline-tampering']));
  });
});

describe('KMS keys: recognized by key ARN when the owning stack provides it', () => {
  const keyArn = 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const scheduleKeyDeletion = (arn: string): Json => ({
    ...byId('pipe-events-deleterule'),
    eventSource: PIPELINE_KEY_CALL.eventSource,
    eventName: 'ScheduleKeyDeletion',
    requestParameters: { keyId: arn.split('/').pop(), pendingWindowInDays: 7 },
    resources: [{ accountId: '333333333333', type: 'AWS::KMS::Key', ARN: arn }],
  });
  const withKeys = alertCatalogue({ pipeline: { ...names, keyArns: [keyArn] } }).find((entry) => entry.id === 'pipeline-tampering')!;

  it.each(PIPELINE_KEY_CALL.eventNames.map((name) => [name]))('GIVEN %s on a product key WHEN labelled THEN the bus pattern and both filter sides fire', (name) => {
    const event = { ...scheduleKeyDeletion(keyArn), eventName: name };
    expect(labelsByPath([withKeys], event)).toEqual(everywhere(['pipeline-tampering']));
  });

  it('GIVEN ScheduleKeyDeletion on another key WHEN labelled THEN nothing fires', () => {
    expect(labelsByPath([withKeys], scheduleKeyDeletion(keyArn.replace('1234abcd', 'ffffffff')))).toEqual(everywhere([]));
  });

  it('GIVEN three resolved key ARNs, the longest prefix and long deployment role names WHEN the stacks build the kind and the pipeline log pattern THEN every pattern stays within its limit', () => {
    const arns = [1, 2, 3].map((n) => `arn:aws:kms:ap-southeast-2:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890a${n}`);
    const longest = {
      ...config,
      deployment: { ...config.deployment, namePrefix: 'abcdefghijklmnop' },
      accounts: config.accounts.map((account, index) => (index < 2 ? { ...account, deploymentRoleName: ['a-much-longer-deployer-role-name-x', 'another-long-deployer-role'][index] } : account)),
    } as OrgConfig;
    for (const candidate of [config, longest]) {
      const built = alertKindsFor(candidate, arns).find((entry) => entry.id === 'pipeline-tampering')!;
      for (const pattern of [...built.eventPatterns, ...pipelineLogPatternsFor(candidate, arns)]) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
      for (const pattern of [...built.rawMetricFilters, ...built.envelopeMetricFilters]) expect(pattern.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
    }
  });

  it('GIVEN no key ARNs WHEN the kind is built THEN no key branch exists, and the forwarder still carries key calls of any key', () => {
    expect(JSON.stringify(kind.eventPattern)).not.toContain(PIPELINE_KEY_CALL.eventSource);
    expect(matchesEventPattern(pipelineForwarderPatternFor(config), wrapRecord(scheduleKeyDeletion(keyArn)))).toBe(true);
    expect(JSON.stringify(pipelineTamperingPattern({ ...names, keyArns: [keyArn] }))).toContain(keyArn);
  });
});

describe('the pipeline-tampering message', () => {
  it('GIVEN the forwarder rule narrowed to heartbeats WHEN rendered THEN it names the call, the rule, who, where and the event id', () => {
    const lines = messageLines(kind, toEnvelope(byId('pipe-events-putrule')));
    expect(lines[0]).toMatch(/^\[CRITICAL\] Alerting pipeline changed or deleted: /);
    expect(lines[lines.length - 1]).toBe('Alert kind: pipeline-tampering (signin-watch)');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Event: PutRule',
        'Rule or schedule: signin-watch-forward-sign-ins',
        'Principal ARN: arn:aws:sts::444444444444:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/mallory',
        'Account: 444444444444 (not in config)',
      ]),
    );
  });
});
