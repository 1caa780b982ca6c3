/**
 * The coverage report of the example organization, read from what buildApp
 * synthesized, and the gaps it must call out.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../detection/org-config';
import { AGGREGATOR_STACK, centralBusArn, findAccount, forwarderRuleName, MANAGEMENT_STACK, memberStackName } from '../../config/names';
import { enabledRegions, OPT_IN_REGIONS } from '../../config/regions';
import { ALERT_KIND_IDS, type OrgConfig } from '../../config/schema';
import { fullAlertCatalogue } from '../../detection/catalogue';
import { buildApp } from '../../stacks/app';
import { buildCoverage, SAFETY_NET_PROMISE, type CoverageReport } from '../../coverage/model';
import { renderCoverage } from '../../coverage/render';
import { coverageOf } from '../../coverage/run';
import { readSynthOutput, type SynthesizedStack } from '../../synth/output';

const EXAMPLE = path.join(__dirname, '..', '..', 'config', 'org.yaml');
const work = mkdtempSync(path.join(tmpdir(), 'signin-watch-coverage-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function synthesized(config: OrgConfig, name: string): Map<string, SynthesizedStack> {
  const outdir = path.join(work, name);
  buildApp(config, outdir).app.synth();
  return readSynthOutput(outdir);
}

describe('GIVEN the example organization, synthesized', () => {
  const config = loadConfig(EXAMPLE);
  const prod = findAccount(config, 'workload-prod');
  let stacks: Map<string, SynthesizedStack>;
  let report: CoverageReport;
  beforeAll(() => {
    stacks = synthesized(config, 'example');
    report = buildCoverage(config, stacks);
  });

  it('THEN every account forwards from exactly its enabled regions, through its member stack', () => {
    expect(report.accounts).toEqual(
      config.accounts.map((account) => ({
        name: account.name,
        id: account.id,
        stack: memberStackName(account),
        enabled: enabledRegions(account),
        forwarded: enabledRegions(account),
        excluded: [],
      })),
    );
    // workload-prod enables the 17 default regions plus af-south-1 and eu-central-2: the widest set.
    expect(report.regions).toEqual(enabledRegions(prod));
    expect(report.regions).toHaveLength(19);
    expect(report.accounts.reduce((sum, account) => sum + account.forwarded.length, 0)).toBe(4 * 17 + 19);
  });

  it('THEN every alert is on, each with its rule on the central bus, but console-login-outside-sso (off by default)', () => {
    const titles = Object.fromEntries(fullAlertCatalogue().map((kind) => [kind.id, kind.title]));
    const on = (id: string) => id !== 'console-login-outside-sso';
    expect(report.alerts).toEqual(ALERT_KIND_IDS.map((id) => ({ id, title: titles[id], enabled: on(id), deployed: on(id) })));
  });

  it('THEN the receivers are the configured address, on the aggregator and management topics', () => {
    expect(report.receivers).toEqual([
      { stack: AGGREGATOR_STACK, protocol: 'email', endpoint: 'security-alerts@example.com' },
      { stack: MANAGEMENT_STACK, protocol: 'email', endpoint: 'security-alerts@example.com' },
    ]);
  });

  it('THEN each suppression shows its full reason', () => {
    expect(report.suppressions).toEqual([
      { kind: 'ignored principal', subject: 'arn:aws:iam::111111111111:user/break-glass-auditor', reason: 'Quarterly break-glass test, announced in #security beforehand.' },
      ...config.acknowledgements.map((ack) => ({ kind: 'acknowledged rule', subject: ack.rule, reason: ack.reason })),
    ]);
    // The example acknowledges nothing: member forwarder alarms are event-routed (SW-ALARM-4 accepts them).
    expect(config.acknowledgements).toEqual([]);
  });

  it('THEN the only gap is the information that 15 opt-in regions are enabled nowhere', () => {
    const unused = OPT_IN_REGIONS.filter((region) => !prod.optInRegions.includes(region));
    expect(unused).toHaveLength(15);
    expect(report.gaps).toEqual([
      {
        level: 'info',
        message: `opt-in regions enabled in no account (covered by the organization trail only; run npm run drift to check): ${unused.join(', ')}`,
      },
    ]);
  });

  it('THEN the text format prints the matrix, one row per account', () => {
    const lines = renderCoverage(report, 'text').split('\n');
    expect(lines[0]).toBe('Sign-in alert coverage: organization o-exampleorg1, aggregator security in eu-west-1');
    expect(lines[1]).toBe(`5 accounts, 19 regions, 87 forwarders to ${centralBusArn(config)}; 0 error gaps`);
    expect(lines[3]).toBe('Forwarders (Y forwarder, x excluded: organization trail alarms only, ! enabled without forwarder, . not enabled):');
    expect(lines[4]).toBe(`Account                       ${enabledRegions(prod).join(' ')}`);
    const row = (label: string, marks: string[]) =>
      `${label.padEnd(28)}  ${marks.map((mark, index) => mark.padStart(Math.ceil((report.regions[index].length + 1) / 2)).padEnd(report.regions[index].length)).join(' ')}`.trimEnd();
    expect(lines[8]).toBe(row('workload-prod (444444444444)', Array(19).fill('Y')));
    expect(lines[9]).toBe(row('workload-dev (055555555555)', [...Array(17).fill('Y'), '.', '.']));
    expect(lines.slice(11, 18)).toEqual([
      'Alerts:',
      '  on   console-login-success: Console sign-in',
      '  on   console-login-failure: Console sign-in failed',
      '  on   console-login-without-mfa: Console sign-in without MFA',
      '  on   root-console-login: Root user console sign-in',
      '  on   mfa-failure: MFA failure',
      '  on   identity-center-sign-in-failure: Identity Center sign-in failed',
    ]);
  });

  it('THEN the Markdown format has a table row per account with a mark per region', () => {
    const markdown = renderCoverage(report, 'markdown');
    expect(markdown).toContain(`| Account | ${enabledRegions(prod).join(' | ')} |\n|---|${Array(19).fill(':-:').join('|')}|\n`);
    expect(markdown).toContain(`| workload-dev (055555555555) | ${[...Array(17).fill('✅'), '·', '·'].join(' | ')} |\n`);
    expect(markdown).toContain('| ignored principal | `arn:aws:iam::111111111111:user/break-glass-auditor` | Quarterly break-glass test, announced in #security beforehand. |\n');
    expect(markdown).toContain('| Console sign-in (`console-login-success`) | yes | yes |\n');
  });

  describe('WHEN a synthesized forwarder is missing and a member stack is gone', () => {
    let gapped: CoverageReport;
    beforeAll(() => {
      const broken = new Map(stacks);
      broken.delete(memberStackName(findAccount(config, 'workload-dev')));
      // Drop workload-prod's af-south-1 sign-in forwarder target from a copy of its stack (the pipeline forwarder's stays).
      const member = structuredClone(stacks.get(memberStackName(prod))!);
      const targets = member.terraform.resource!.aws_cloudwatch_event_target;
      const rules = member.terraform.resource!.aws_cloudwatch_event_rule;
      const signInRule = (target: { rule?: unknown }) => rules[/^\$\{aws_cloudwatch_event_rule\.([^.]+)\.name\}$/.exec(String(target.rule))?.[1] ?? '']?.name === forwarderRuleName(config);
      const inCapeTown = Object.keys(targets).filter((name) => targets[name].provider === 'aws.af-south-1' && signInRule(targets[name]));
      expect(inCapeTown).toHaveLength(1);
      delete targets[inCapeTown[0]];
      broken.set(member.name, member);
      broken.set('member-gone', { ...member, name: 'member-gone' });
      gapped = buildCoverage(config, broken);
    });

    it('THEN each is an error gap, and the matrix marks the hole', () => {
      expect(gapped.gaps.filter((gap) => gap.level !== 'info')).toEqual([
        { level: 'error', message: 'account workload-prod (444444444444) enables af-south-1 but has no forwarder there' },
        { level: 'error', message: 'account workload-dev (055555555555) has no member stack (member-workload-dev): its sign-ins are not forwarded' },
        { level: 'warning', message: 'stack member-gone belongs to no account of the config (stale synth output?)' },
      ]);
      const text = renderCoverage(gapped, 'text');
      expect(text).toContain('workload-prod (444444444444)      Y');
      expect(text.split('\n').find((line) => line.startsWith('workload-prod'))!.replace(/\s+/g, '')).toBe(`workload-prod(444444444444)${'Y'.repeat(17)}!Y`);
    });
  });
});

describe('GIVEN an alert switched off and an aggregator region the aggregator account does not enable', () => {
  let report: CoverageReport;
  beforeAll(() => {
    const config = loadConfig(EXAMPLE);
    config.alerts.enabled['console-login-success'] = false;
    const security = findAccount(config, 'security');
    config.aggregator.region = 'af-south-1';
    security.optInRegions = ['af-south-1'];
    const stacks = synthesized(config, 'alert-off');
    // The validator refuses a config whose aggregator region is not enabled; the report must still say so.
    security.optInRegions = [];
    report = buildCoverage(config, stacks);
  });

  it('THEN the disabled alert is a warning, has no rule, and the region is an error', () => {
    expect(report.alerts.find((alert) => alert.id === 'console-login-success')).toEqual({
      id: 'console-login-success',
      title: 'Console sign-in',
      enabled: false,
      deployed: false,
    });
    expect(report.gaps.filter((gap) => gap.level !== 'info')).toEqual([
      { level: 'error', message: 'aggregator region af-south-1 is not enabled in security (333333333333): add it to its optInRegions' },
      { level: 'warning', message: 'alert console-login-success is disabled (alerts.enabled.console-login-success: false)' },
    ]);
  });
});

describe('GIVEN --synth DIR synthesized from another organization', () => {
  const config = loadConfig(EXAMPLE);
  let dir: string;
  let otherConfig: string;
  beforeAll(() => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const other = text.replace(config.organization.id, 'o-zz99zz99zz').replace(/111111111111/g, '999999999999');
    otherConfig = path.join(work, 'other-org.yaml');
    writeFileSync(otherConfig, other);
    dir = path.join(work, 'other-org');
    buildApp(loadConfig(otherConfig), dir).app.synth();
  });

  it('THEN coverage with the example config refuses to mix them, naming both organizations', () => {
    expect(() => coverageOf(EXAMPLE, dir)).toThrow(
      new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} was synthesized from another config than ${EXAMPLE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: it names organization o-zz99zz99zz \\(the config is ${config.organization.id}\\) and account 999999999999 not in the config`),
    );
  });

  it('THEN the same directory with its own config is accepted', () => {
    expect(coverageOf(otherConfig, dir).accounts.length).toBe(config.accounts.length);
  });
});

describe('GIVEN af-south-1 excluded organization-wide and ap-south-1 excluded in workload-dev, with reasons', () => {
  let report: CoverageReport;
  let config: OrgConfig;
  beforeAll(() => {
    config = loadConfig(EXAMPLE);
    config.excludedRegions = [{ region: 'af-south-1', reason: 'Control Tower region deny control' }];
    findAccount(config, 'workload-dev').excludedRegions = [{ region: 'ap-south-1', reason: 'dev OU SCP denies ap-south-1' }];
    report = buildCoverage(config, synthesized(config, 'excluded'));
  });

  it('THEN each excluded account-region is listed, with its reason, as covered only by the organization trail alarms', () => {
    const warnings = report.gaps.filter((gap) => gap.level === 'warning').map((gap) => gap.message);
    expect(warnings).toEqual([
      `account workload-prod (444444444444) region af-south-1: no forwarder (excludedRegions: Control Tower region deny control); covered only by the organization trail alarms: ${SAFETY_NET_PROMISE}`,
      `account workload-dev (055555555555) region ap-south-1: no forwarder (accounts.4.excludedRegions: dev OU SCP denies ap-south-1); covered only by the organization trail alarms: ${SAFETY_NET_PROMISE}`,
    ]);
    expect(report.gaps.filter((gap) => gap.level === 'error')).toEqual([]);
  });

  it('THEN the matrix marks exactly those cells as excluded, and the forwarders are exactly the rest', () => {
    const prod = report.accounts.find((account) => account.name === 'workload-prod')!;
    expect(prod.excluded).toEqual([{ region: 'af-south-1', reason: 'Control Tower region deny control', scope: 'organization' }]);
    expect(prod.forwarded).toEqual(prod.enabled.filter((region) => region !== 'af-south-1'));
    const dev = report.accounts.find((account) => account.name === 'workload-dev')!;
    expect(dev.forwarded).toEqual(dev.enabled.filter((region) => region !== 'ap-south-1'));
    const text = renderCoverage(report, 'text');
    const row = (name: string) => text.split('\n').find((line) => line.startsWith(name))!.replace(/\s+/g, '');
    const afSouth = report.regions.indexOf('af-south-1');
    expect(row('workload-prod').slice('workload-prod(444444444444)'.length)[afSouth]).toBe('x');
    expect(row('workload-dev').slice('workload-dev(055555555555)'.length)[report.regions.indexOf('ap-south-1')]).toBe('x');
    expect(renderCoverage(report, 'markdown')).toContain('⚠️ excluded (excludedRegions): organization trail alarms only');
  });

  it('THEN both formats state what the safety net promises', () => {
    expect(report.safetyNet).toContain('at least one notification per burst');
    expect(renderCoverage(report, 'text')).toContain(`Safety net:\n  organization trail alarms (management account), every account and region: ${SAFETY_NET_PROMISE}\n`);
    expect(renderCoverage(report, 'markdown')).toContain('### Safety net\n\nBeside the real-time forwarders: organization trail alarms');
  });
});
