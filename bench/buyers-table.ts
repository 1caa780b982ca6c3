/**
 * The buyer's table of docs/cost.md (issue 21): the monthly cost, all in, of
 * generated organizations of 10 to 5,000 accounts at the default volumes, with
 * an existing organization trail (trail.existing, Control Tower's layout) and
 * with signin-watch's own trail, and what dominates each. Computed from
 * synthesized stacks by the cost model, never typed in:
 *
 *   npx tsx bench/buyers-table.ts [--sizes 10,100,500,2000,5000]
 *
 * writes the `cost-buyers` block of docs/cost.md. Each size is synthesized
 * once; the existing-trail figure swaps in the management stack of the same
 * organization with trail.existing (the only stack the trail choice changes:
 * test/ops/cost-all-in.test.ts checks that).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { parseConfig } from '../detection/org-config';
import { MANAGEMENT_STACK } from '../config/names';
import type { OrgConfig } from '../config/schema';
import { costOf, FREE_TIER, type CostReport } from '../cost/model';
import { PRICES_ISSUE_21_READ_ON } from '../cost/prices';
import { DEFAULT_VOLUMES } from '../cost/volumes';
import { sectionMarkers, withGeneratedSection } from '../generated-docs/generated-section';
import { buildApp } from '../stacks/app';
import { ManagementStack } from '../stacks/management';
import { readSynthOutput, type TerraformJson } from '../synth/output';
import { COST_SIZES } from './cost-scale';
import { generateOrg } from './org-generator';
import { table } from './report';

export const BUYERS_SECTION = 'cost-buyers';
export const COST_DOC = path.join(__dirname, '..', 'docs', 'cost.md');
/** The Control Tower trail the existing-trail rows name (docs/management.md, "An existing organization trail"). */
const CONTROL_TOWER_TRAIL = '  existing:\n    trailArn: arn:aws:cloudtrail:eu-west-1:111111111111:trail/aws-controltower-BaselineCloudTrail\n    logGroupName: aws-controltower/CloudTrailLogs\n';

export interface BuyerRow {
  accounts: number;
  existing: CostReport;
  own: CostReport;
}

/** The generated organization's YAML with trail.existing naming Control Tower's trail. */
export function withControlTowerTrail(yaml: string): string {
  return yaml.replace(/\ntrail:\n/, `\ntrail:\n${CONTROL_TOWER_TRAIL}`);
}

/**
 * Synthesizes into a temporary directory and reads the stacks back. `build`
 * gets the directory; small apps are built in this process, a whole
 * organization by the CLI's `synth` (which streams stacks: 5,000 accounts in a
 * few hundred MB, where one in-process app holds every stack at once).
 */
function synthesize(build: (outdir: string) => void): Map<string, TerraformJson> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'signin-watch-buyers-'));
  try {
    build(path.join(outdir, 'out'));
    return new Map([...readSynthOutput(path.join(outdir, 'out'))].map(([name, stack]) => [name, stack.terraform]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function cliSynth(yaml: string, outdir: string): void {
  const configFile = `${outdir}.yaml`;
  writeFileSync(configFile, yaml);
  const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'bin', 'signin-watch.js'), 'synth', '--config', configFile, '--output', outdir], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`synth of ${configFile} failed (${result.status}): ${result.stderr.slice(-2000)}`);
}

export function buyerRow(accounts: number, inProcess = accounts <= 100): BuyerRow {
  const generated = generateOrg(accounts);
  const stacks = synthesize((outdir) => (inProcess ? buildApp(generated.config, outdir).app.synth() : cliSynth(generated.yaml, outdir)));
  const existingConfig: OrgConfig = parseConfig(withControlTowerTrail(generated.yaml), `generated-${accounts}-existing.yaml`);
  const management = synthesize((outdir) => {
    const app = new App({ outdir });
    new ManagementStack(app, MANAGEMENT_STACK, existingConfig);
    app.synth();
  });
  const existingStacks = new Map(stacks);
  existingStacks.set(MANAGEMENT_STACK, management.get(MANAGEMENT_STACK)!);
  return { accounts, own: costOf(stacks, generated.config), existing: costOf(existingStacks, existingConfig) };
}

const LABELS: Record<string, string> = {
  aws_cloudtrail: 'CloudTrail',
  aws_cloudwatch_log_metric_filter: 'custom metrics',
  aws_cloudwatch_metric_alarm: 'alarms',
  aws_cloudwatch_log_group: 'logs',
  aws_scheduler_schedule: 'heartbeats',
  aws_cloudwatch_event_rule: 'forwarding',
  aws_kms_key: 'KMS keys',
  aws_cloudwatch_dashboard: 'dashboard',
};

/** The two largest lines of a report, e.g. "CloudTrail 80%, heartbeats 5%". */
export function dominant(report: CostReport): string {
  const gross = Object.entries(report.byResourceType).filter(([type, usd]) => type !== FREE_TIER && usd > 0);
  const total = gross.reduce((sum, [, usd]) => sum + usd, 0);
  return gross
    .sort(([, a], [, b]) => b - a)
    .slice(0, 2)
    .map(([type, usd]) => `${LABELS[type] ?? type} ${Math.round((usd / total) * 100)}%`)
    .join(', ');
}

export function buyersMarkdown(rows: readonly BuyerRow[]): string {
  const usd = (value: number) => value.toFixed(2);
  return [
    `Generated by \`npx tsx bench/buyers-table.ts\` (cost model of ${PRICES_ISSUE_21_READ_ON}, default volumes: ${DEFAULT_VOLUMES.signInsPerAccountDay} sign-ins and ${DEFAULT_VOLUMES.trailEventsPerAccountDay} management events per account-day, ${DEFAULT_VOLUMES.otherTrailsWithManagementEvents} other trail delivering management events, ${DEFAULT_VOLUMES.deadLettersPerQueueMonth} dead letters). USD a month, all in, free tiers applied once per organization; shares of the gross total.`,
    '',
    table(
      ['Accounts', 'Existing trail: USD / month', 'USD / account-month', 'Dominated by', 'Own trail: USD / month', 'USD / account-month', 'Dominated by'],
      rows.map((row) => [
        row.accounts.toLocaleString('en-US'),
        usd(row.existing.totalMonthUsd),
        usd(row.existing.perAccountMonthUsd),
        dominant(row.existing),
        usd(row.own.totalMonthUsd),
        usd(row.own.perAccountMonthUsd),
        dominant(row.own),
      ]),
      'markdown',
    ),
  ].join('\n');
}

/**
 * The block with `rows` in it: rows of other sizes already in the document
 * are kept (so one size can be recomputed alone), all sorted by size.
 */
export function mergedBlock(document: string, rows: readonly BuyerRow[]): string {
  const { start, end } = sectionMarkers(BUYERS_SECTION);
  const old = document.includes(start) ? document.slice(document.indexOf(start) + start.length, document.indexOf(end)) : '';
  const size = (line: string) => Number(line.split('|')[1].trim().replace(/,/g, ''));
  const fresh = buyersMarkdown(rows).split('\n');
  const computed = new Set(rows.map((row) => row.accounts));
  const kept = old.split('\n').filter((line) => /^\| [\d,]+ \|/.test(line) && !computed.has(size(line)));
  const body = [...fresh.filter((line) => /^\| [\d,]+ \|/.test(line)), ...kept].sort((a, b) => size(a) - size(b));
  return [...fresh.filter((line) => !/^\| [\d,]+ \|/.test(line)), ...body].join('\n');
}

function main(argv: string[]): void {
  const index = argv.indexOf('--sizes');
  const sizes = index >= 0 ? argv[index + 1].split(',').map(Number) : [...COST_SIZES];
  const rows: BuyerRow[] = [];
  for (const size of sizes) {
    const started = Date.now();
    rows.push(buyerRow(size));
    // Written after every size: a long run that stops keeps what it computed.
    const document = readFileSync(COST_DOC, 'utf8');
    writeFileSync(COST_DOC, withGeneratedSection(document, BUYERS_SECTION, mergedBlock(document, rows)));
    process.stderr.write(`[buyers] ${size} accounts priced and written (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
}

if (require.main === module) main(process.argv.slice(2));
