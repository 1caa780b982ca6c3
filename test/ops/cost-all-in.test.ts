/**
 * npm run cost, all in (issue 21): CloudTrail priced on the trail the
 * management stack creates, nothing of it with trail.existing; the free tiers;
 * `cost --synth` refusing a synth of another config in one line.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateOrg } from '../../bench/org-generator';
import { parseConfig } from '../../detection/org-config';
import { MANAGEMENT_STACK } from '../../config/names';
import type { OrgConfig } from '../../config/schema';
import { costOf, FREE_TIER, type CostReport } from '../../cost/model';
import { PRICES } from '../../cost/prices';
import { costJson } from '../../cost/render';
import { costOfConfig } from '../../cost/run';
import { SynthMismatchError } from '../../cost/synth-match';
import { DEFAULT_VOLUMES } from '../../cost/volumes';
import { buildApp } from '../../stacks/app';
import { synthManagement } from '../support/management-stack';
import { synthStacks, type StackJson } from '../support/synth';
import { scratchTempDir } from '../support/scratch';

const ROOT = path.join(__dirname, '..', '..');

/** The generated organization with the Control Tower trail named in trail.existing (dead-letter data events in their own trail). */
function withExistingTrail(yaml: string, accounts: number): OrgConfig {
  const existing = yaml.replace(
    /\ntrail:\n/,
    '\ntrail:\n  existing:\n    trailArn: arn:aws:cloudtrail:eu-west-1:111111111111:trail/aws-controltower-BaselineCloudTrail\n    logGroupName: aws-controltower/CloudTrailLogs\n',
  );
  return parseConfig(existing, `generated-${accounts}-existing.yaml`);
}

/** What `cost --json` prints, read back. */
const json = (report: CostReport) => JSON.parse(costJson(report)) as CostReport;
const lines = (report: CostReport, type: string) => report.lineItems.filter((item) => item.type === type);

describe('GIVEN a 3-account organization, own trail and trail.existing', () => {
  const own = generateOrg(3);
  const existing = withExistingTrail(own.yaml, 3);
  let ownStacks: Record<string, StackJson>;
  let existingStacks: Record<string, StackJson>;

  beforeAll(() => {
    ownStacks = synthStacks(own.config);
    existingStacks = synthStacks(existing);
  });

  it('THEN only the management stack differs (so the 500-account test below may swap it alone)', () => {
    expect(Object.keys(existingStacks)).toEqual(Object.keys(ownStacks));
    for (const name of Object.keys(ownStacks).filter((stack) => stack !== MANAGEMENT_STACK)) expect([name, existingStacks[name]]).toEqual([name, ownStacks[name]]);
    expect(existingStacks[MANAGEMENT_STACK]).not.toEqual(ownStacks[MANAGEMENT_STACK]);
  });

  it('THEN the own trail pays an additional copy of management events when another trail exists, and none when it is the first copy', () => {
    const paid = costOf(ownStacks, own.config);
    const events = 3 * DEFAULT_VOLUMES.trailEventsPerAccountDay * 30.4375;
    const copy = lines(paid, 'aws_cloudtrail').find((item) => item.item.startsWith('management events'))!;
    expect(copy.quantity).toBeCloseTo(events, 3);
    expect(copy.usd).toBeCloseTo(events * PRICES.cloudTrailManagementCopy.usd, 6);
    const first = costOf(ownStacks, own.config, { ...DEFAULT_VOLUMES, otherTrailsWithManagementEvents: 0 });
    expect(lines(first, 'aws_cloudtrail').find((item) => item.item.startsWith('management events'))!.usd).toBe(0);
    expect(first.byResourceType.aws_cloudtrail).toBeGreaterThan(0); // S3 requests and storage remain
  });

  it('THEN with trail.existing no management event is priced, the data trail pays data events per dead letter, and the report names the existing trail as not its cost', () => {
    const quiet = costOf(existingStacks, existing);
    expect(lines(quiet, 'aws_cloudtrail').some((item) => item.item.startsWith('management events'))).toBe(false);
    const busy = costOf(existingStacks, existing, { ...DEFAULT_VOLUMES, deadLettersPerQueueMonth: 1_000 });
    const data = lines(busy, 'aws_cloudtrail').find((item) => item.item.startsWith('data events'))!;
    const queues = Object.values(existingStacks).reduce((sum, stack) => sum + Object.values(stack.resource?.aws_sqs_queue ?? {}).filter((queue) => String((queue as StackJson).name).endsWith('forwarder-dlq')).length, 0);
    expect(queues).toBeGreaterThan(0);
    expect(data.quantity).toBe(queues * 1_000);
    expect(data.usd).toBeCloseTo(queues * 1_000 * PRICES.cloudTrailDataEvent.usd, 8);
    expect(quiet.excluded[0].what).toContain('aws-controltower/CloudTrailLogs');
  });

  it('THEN each free tier credits at most what its resource type costs, once for the organization', () => {
    const report = costOf(ownStacks, own.config);
    const credits = lines(report, FREE_TIER);
    expect(credits.length).toBeGreaterThan(0);
    for (const credit of credits) {
      const spent = report.lineItems.filter((item) => item.type === credit.id && item.usd > 0).reduce((sum, item) => sum + item.usd, 0);
      expect([credit.item, -credit.usd <= spent + 1e-9]).toEqual([credit.item, true]);
    }
    expect(report.byStack[FREE_TIER]).toBeLessThan(0);
  });
});

describe('GIVEN 500 accounts at the default volumes (`cost --json`)', () => {
  let own: CostReport;
  let existing: CostReport;

  beforeAll(() => {
    const generated = generateOrg(500);
    const stacks = synthStacks(generated.config);
    own = json(costOf(stacks, generated.config));
    const existingConfig = withExistingTrail(generated.yaml, 500);
    existing = json(costOf({ ...stacks, [MANAGEMENT_STACK]: synthManagement(existingConfig).json }, existingConfig));
  }, 600_000);

  it('THEN with its own trail CloudTrail is a priced line, the largest one', () => {
    expect(own.byResourceType.aws_cloudtrail).toBeGreaterThan(0);
    const largest = Object.entries(own.byResourceType).sort(([, a], [, b]) => b - a)[0][0];
    expect(largest).toBe('aws_cloudtrail');
  });

  it('THEN with trail.existing the total is at most USD 0.50 per account-month, all in', () => {
    expect(existing.accounts).toBe(500);
    expect(existing.perAccountMonthUsd).toBeLessThanOrEqual(0.5);
    expect(existing.notPriced).toEqual([]);
    expect(existing.totalMonthUsd).toBeLessThan(own.totalMonthUsd);
  });
});

describe('GIVEN `cost --synth` of a synth made from another config', () => {
  const dir = scratchTempDir('signin-watch-cost-synth-');
  const synthDir = path.join(dir, 'out');
  const threeAccounts = path.join(dir, 'three.yaml');
  const existingFile = path.join(dir, 'existing.yaml');

  beforeAll(() => {
    const five = generateOrg(5);
    buildApp(five.config, synthDir).app.synth();
    writeFileSync(threeAccounts, generateOrg(3).yaml);
    writeFileSync(existingFile, five.yaml.replace(/\ntrail:\n/, '\ntrail:\n  existing:\n    trailArn: arn:aws:cloudtrail:eu-west-1:111111111111:trail/aws-controltower-BaselineCloudTrail\n    logGroupName: aws-controltower/CloudTrailLogs\n  deadLetterEvents: "off"\n'));
  });

  it('WHEN the config has fewer accounts THEN it is refused, naming the accounts not in the config', () => {
    expect(() => costOfConfig(threeAccounts, synthDir, DEFAULT_VOLUMES)).toThrow(SynthMismatchError);
    expect(() => costOfConfig(threeAccounts, synthDir, DEFAULT_VOLUMES)).toThrow(/was synthesized from another config than .*three\.yaml: it names accounts .* not in the config/);
  });

  it('WHEN the config reuses an existing trail but the synth created one THEN it is refused', () => {
    expect(() => costOfConfig(existingFile, synthDir, DEFAULT_VOLUMES)).toThrow(/its management stack creates a trail, the config does not \(trail\.existing, deadLetterEvents off\)/);
  });

  it('WHEN run from the CLI THEN it prints one line and exits non-zero', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'signin-watch.js'), 'cost', '--config', threeAccounts, '--synth', synthDir, '--json'], { encoding: 'utf8', cwd: ROOT });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    const errorLines = result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('[cost]'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/^signin-watch cost: .*was synthesized from another config than/);
  });
});
