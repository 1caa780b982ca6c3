/**
 * npm run bench [-- --quick] [--out FILE] [--json FILE] [--scale FILE] [--cap-gb N] [--no-profile] [--keep]
 * npm run bench -- --render results.json [--out FILE] [--scale FILE]   (re-render a --json run, no measuring)
 *
 * Measures what decides whether signin-watch holds at 500 accounts (issue 7),
 * prints a table, writes docs/benchmarks.md and the figures block of docs/scale.md:
 *   1. synth wall time and peak memory of generated organizations (1, 10,
 *      100, 500 accounts) and of the example config;
 *   2. `terraform validate` and an offline plan (`terraform test`, mocked
 *      providers) of a 17-region and a 30-region member stack, and of every
 *      kind of stack of the 10- and the 500-account organization;
 *   3. a 20-account organization as one stack per account against one stack
 *      for all accounts (stopped at a memory safety cap);
 *   4. a CPU profile of the 500-account synth (hot spots);
 *   5. synth at scale (issue 13): 2,000 and 5,000 accounts (peak memory,
 *      longest time without a progress line), and the 500-account synth's
 *      CPU time against cdktf's own floor (bench/floor-app.ts) and
 *      the rule pack's share of it, ratios from the same run.
 * Needs Terraform on PATH and, offline, SIGNIN_WATCH_PROVIDER_MIRROR.
 * --quick runs small sizes only and writes nothing unless --out is given.
 * Not part of `npm test`: it takes minutes and its figures depend on the machine.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../command/io';
import { MIRROR_VARIABLE, prepareTerraformEnv } from '../terraform/env';
import { hotSpots } from './cpu-profile';
import { incrementalLine, measureIncrementalSynth } from './incremental';
import { machineInfo } from './machine';
import { generateOrg } from './org-generator';
import { COST_SIZES, costMarkdown, costRow, costTable, type CostRow } from './cost-scale';
import { benchPlan } from './plan';
import { consoleReport, markdownReport, readmeFigures, replaceScaleBlock, scaleFigures, type BenchResults, type PlanRow, type SynthRow } from './report';
import { largestStack, REPO_ROOT, runSynth, type StackSummary, type SynthRun } from './synth';
import { compareWithFloor, longestProgressGapMs } from './synth-ratios';
import { atMost, doesNotGrow, GB, megabytes, seconds, TARGETS, type TargetRow } from './targets';
import { AGGREGATOR_STACK, MANAGEMENT_STACK, MEMBER_STACK_PREFIX } from '../config/names';
import { DEFAULT_ENABLED_REGIONS } from '../config/regions';

const DEFAULT_OUT = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
const DEFAULT_SCALE = path.join(REPO_ROOT, 'docs', 'scale.md');
const DEFAULT_README = path.join(REPO_ROOT, 'README.md');
/** Headroom left to the rest of the machine when capping the single-stack plan. */
const HEADROOM_BYTES = 3 * GB;
/** The single-stack plan is stopped after this long (it is expected to hit the memory cap first). */
const SINGLE_STACK_TIMEOUT_MS = 4 * 60_000;

interface Plan {
  sizes: number[];
  largeSize: number;
  smallSize: number;
  layoutAccounts: number;
  profile: boolean;
}

/** Issue 13: synth at scale. */
const SCALE_SIZES = Object.keys(TARGETS.scaleSynthBytes).map(Number);

const FULL: Plan = { sizes: [1, 10, 100, TARGETS.largeOrgAccounts, ...SCALE_SIZES], largeSize: TARGETS.largeOrgAccounts, smallSize: 10, layoutAccounts: 20, profile: true };
const QUICK: Plan = { sizes: [1, 10], largeSize: 10, smallSize: 1, layoutAccounts: 4, profile: false };

function availableMemoryBytes(): number {
  const match = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
  return match ? Number(match[1]) * 1024 : os.freemem();
}

function synthRow(run: SynthRun, label = run.label): SynthRow {
  const sum = (pick: (stack: StackSummary) => number): number => run.stacks.reduce((total, stack) => total + pick(stack), 0);
  return {
    label,
    accounts: run.accounts,
    stacks: run.stacks.length,
    resources: sum((s) => s.resources),
    providers: sum((s) => s.providers),
    measurement: { ...run.measurement, stdout: '', stderr: '' },
    timings: run.timings,
    loadAverage: run.loadAverage,
    longestProgressGapMs: longestProgressGapMs(run.measurement.stderr, run.measurement.wallMs),
  };
}

function stackByName(run: SynthRun, name: string): StackSummary {
  const stack = run.stacks.find((candidate) => candidate.name === name);
  if (!stack) throw new Error(`${run.label}: no stack ${name} (stacks: ${run.stacks.map((s) => s.name).slice(0, 5).join(', ')}, …)`);
  return stack;
}

const isMember = (stack: StackSummary): boolean => stack.name.startsWith(MEMBER_STACK_PREFIX);

/** A member stack of exactly `regions` regions (largest resource count first). */
function memberWithRegions(run: SynthRun, regions: number): StackSummary | undefined {
  return run.stacks.filter((stack) => isMember(stack) && stack.providers === regions).sort((a, b) => b.resources - a.resources)[0];
}

export function accountsLabel(count: number): string {
  return `${count} account${count === 1 ? '' : 's'}`;
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Options of `signin-watch bench` (parsed in cli/commands/bench.ts), in the shape the run reads them. */
export interface BenchOptions {
  values: Partial<Record<'out' | 'json' | 'scale' | 'cap-gb' | 'render' | 'incremental', string>>;
  flags: Set<'quick' | 'no-profile' | 'no-scale' | 'keep'>;
  /** The command line as given, quoted in the report. */
  argv?: string[];
}

export async function runBench(args: BenchOptions): Promise<number> {
  const chosen = args.flags.has('quick') ? QUICK : FULL;
  // --no-scale: without the 2,000- and 5,000-account synths (they take the longest).
  const shape = args.flags.has('no-scale') ? { ...chosen, sizes: chosen.sizes.filter((size) => !SCALE_SIZES.includes(size)) } : chosen;
  const out = args.values.out ? path.resolve(args.values.out) : args.flags.has('quick') ? undefined : DEFAULT_OUT;
  // docs/scale.md quotes the figures of the run that wrote docs/benchmarks.md.
  const scale = args.values.scale ? path.resolve(args.values.scale) : out === DEFAULT_OUT ? DEFAULT_SCALE : undefined;
  const capGb = Number(args.values['cap-gb'] ?? 12);
  if (!(capGb > 0)) throw new UsageError('--cap-gb needs a positive number');
  if (args.values.render) {
    publish(JSON.parse(readFileSync(args.values.render, 'utf8')) as BenchResults, { out, scale });
    return 0;
  }
  if (args.values.incremental) return runIncremental(Number(args.values.incremental), args.flags.has('keep'));
  const started = process.hrtime.bigint();
  const notes: string[] = [];

  const { env: tfEnv, mirror } = prepareTerraformEnv();
  if (!mirror) notes.push(`${MIRROR_VARIABLE} was not set: Terraform installed the AWS provider from the registry.`);
  const machine = machineInfo(tfEnv);
  const loadBefore = os.loadavg();
  const work = mkdtempSync(path.join(os.tmpdir(), 'signin-watch-bench-'));
  log(`work directory ${work}; ${machine.cores} cores, load ${loadBefore.map((l) => l.toFixed(1)).join(' ')}`);

  const bench: Bench = { work, tfEnv, notes, plans: [] };
  try {
    const synthesized = await synthPhase(bench, shape);
    const { synthRuns } = synthesized;
    const large = synthRuns.get(shape.largeSize)!;
    const small = synthRuns.get(shape.smallSize)!;
    const floor = await floorPhase(bench, large);
    const cost = await costPhase(bench, args.flags.has('quick') ? [10] : COST_SIZES, synthesized);
    const planned = await planPhase(bench, large, small);
    const layout = await layoutPhase(bench, shape, capGb, planned);
    const profile = shape.profile && !args.flags.has('no-profile') ? await profilePhase(bench, shape) : undefined;
    const targets = benchTargets({ shape, synthesized, large, floor, planned, machine });

    const results: BenchResults = {
      machine,
      loadBefore,
      loadAfter: os.loadavg(),
      totalMs: Number(process.hrtime.bigint() - started) / 1e6,
      command: `signin-watch bench${args.argv?.length ? ` ${args.argv.join(' ')}` : ''}`,
      targets,
      synth: synthesized.synth,
      plans: bench.plans,
      layout,
      profile,
      floor,
      notes,
      cost,
    };
    publish(results, { out, scale, json: args.values.json });
    return 0;
  } finally {
    if (args.flags.has('keep')) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** `--incremental N`: only the incremental synth's figure (bench/incremental.ts), printed on stdout. */
async function runIncremental(accounts: number, keep: boolean): Promise<number> {
  if (!Number.isInteger(accounts) || accounts < 4) throw new UsageError('--incremental needs a number of accounts of at least 4');
  const work = mkdtempSync(path.join(os.tmpdir(), 'signin-watch-bench-'));
  log(`incremental synth of ${accounts} accounts in ${work}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    const figures = await measureIncrementalSynth(accounts, work);
    process.stdout.write(`${incrementalLine(figures)}\n`);
    return figures.identical ? 0 : 1;
  } finally {
    if (keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** What every phase of one bench run shares: its work directory, Terraform's environment, the notes and plan rows gathered so far. */
interface Bench {
  work: string;
  tfEnv: NodeJS.ProcessEnv;
  notes: string[];
  plans: PlanRow[];
}

interface Synthesized {
  exampleRow: SynthRow;
  synth: SynthRow[];
  synthRuns: Map<number, SynthRun>;
  costBySize: Map<number, CostRow>;
}

/** 1. Synth: the example, then generated organizations. */
async function synthPhase(bench: Bench, shape: Plan): Promise<Synthesized> {
  const { work } = bench;
  const synthRuns = new Map<number, SynthRun>();
  const costBySize = new Map<number, CostRow>();
  const synth: SynthRow[] = [];
  log('synth: example organization (config/org.yaml)');
  const example = await runSynth('example (config/org.yaml)', 0, readFileSync(path.join(REPO_ROOT, 'config', 'org.yaml'), 'utf8'), path.join(work, 'example'));
  const exampleRow = synthRow(example);
  exampleRow.accounts = example.stacks.filter((stack) => isMember(stack)).length;
  synth.push(exampleRow);
  for (const size of shape.sizes) {
    log(`synth: ${accountsLabel(size)}`);
    const run = await runSynth(accountsLabel(size), size, generateOrg(size).yaml, path.join(work, `org-${size}`));
    synthRuns.set(size, run);
    synth.push(synthRow(run));
    log(`synth: ${accountsLabel(size)}: ${seconds(run.measurement.wallMs)}, ${megabytes(run.measurement.peakProcessRssBytes)} peak, load ${run.loadAverage[0].toFixed(1)}`);
    // Cost is read from the synthesized output before a scale run's output is removed.
    if ((COST_SIZES as readonly number[]).includes(size)) {
      log(`cost: ${accountsLabel(size)}`);
      costBySize.set(size, costRow(generateOrg(size).config, run.outdir));
    }
    // The scale runs' outputs are large (5,000 stacks) and not planned: only their summaries are kept.
    if (SCALE_SIZES.includes(size)) rmSync(run.outdir, { recursive: true, force: true });
  }
  return { exampleRow, synth, synthRuns, costBySize };
}

/** 1b. cdktf's floor for the large organization, in the same run. */
async function floorPhase(bench: Bench, large: SynthRun): Promise<BenchResults['floor']> {
  const { notes } = bench;
  let floor: BenchResults['floor'];
  log(`floor: cdktf's floor app for the ${large.label} organization`);
  const floorRun = await runSynth(`${large.label}, cdktf's floor`, large.accounts, '', path.join(bench.work, 'floor'), {
    program: 'bench/floor-app.ts',
    programArgs: ['--from', large.outdir],
  }).catch((error: Error) => {
    notes.push(`cdktf's floor app failed: ${error.message.split('\n')[0]}`);
    return undefined;
  });
  if (large.timings && floorRun?.timings) {
    const resources = synthRow(large).resources;
    floor = { ...compareWithFloor(large.timings, floorRun.timings, resources), label: large.label, synthTimings: large.timings, floorTimings: floorRun.timings, floorMeasurement: { ...floorRun.measurement, stdout: '', stderr: '' } };
    const floorResources = synthRow(floorRun).resources;
    if (floorResources !== resources) notes.push(`cdktf's floor app wrote ${floorResources} resources, the synth ${resources}: bench/floor-app.ts no longer rebuilds every resource.`);
  } else {
    notes.push('The synth or the floor app reported no CPU timings: the floor ratio and the rule-pack share are not measured.');
  }
  return floor;
}

/** Cost and heartbeat filter dimensions per organization size (bench/cost-scale.ts). */
async function costPhase(bench: Bench, sizes: readonly number[], synthesized: Synthesized): Promise<CostRow[]> {
  const { costBySize, synthRuns } = synthesized;
  const cost: CostRow[] = [];
  for (const size of sizes) {
    const measured = costBySize.get(size);
    if (measured) {
      cost.push(measured);
      continue;
    }
    const run = await runSynth(accountsLabel(size), size, generateOrg(size).yaml, path.join(bench.work, `org-${size}`));
    log(`cost: ${accountsLabel(size)}`);
    cost.push(costRow(generateOrg(size).config, run.outdir));
    if (!synthRuns.has(size)) rmSync(run.outdir, { recursive: true, force: true });
  }
  return cost;
}

/** Validate (when asked) and plan offline one stack; the row joins the run's plan table. */
async function planStack(bench: Bench, label: string, org: string, stack: StackSummary, validate: boolean): Promise<PlanRow> {
  log(`plan: ${label}: ${stack.name} of the ${org} organization (${stack.providers} providers)`);
  const run = await benchPlan(stack.name, stack.file, path.join(bench.work, 'plan', `${org}-${stack.name}`), { env: bench.tfEnv, skipValidate: !validate });
  const row: PlanRow = { label, org, stack: stack.name, providers: run.providers, resources: run.resources, validate: validate ? run.validate : undefined, plan: run.plan };
  bench.plans.push(row);
  return row;
}

interface Planned {
  plan17: PlanRow | undefined;
  planWide: PlanRow;
  widest: StackSummary;
  large: SynthRun;
  growth: Array<{ kind: string; small: PlanRow; large: PlanRow }>;
}

async function planPhase(bench: Bench, large: SynthRun, small: SynthRun): Promise<Planned> {
  // 2. One member stack of 17 and one of 30 regions (from the large org), validate + offline plan.
  const defaultRegions = DEFAULT_ENABLED_REGIONS.length;
  const member17 = memberWithRegions(large, defaultRegions);
  const widest = largestStack(large.stacks, isMember);
  const plan17 = member17 ? await planStack(bench, `member, ${defaultRegions} regions`, large.label, member17, true) : undefined;
  const planWide = await planStack(bench, `member, ${widest.providers} regions`, large.label, widest, true);

  // 3. Memory to plan each kind of stack: small org against large org.
  const growth: Planned['growth'] = [];
  for (const name of [AGGREGATOR_STACK, MANAGEMENT_STACK]) {
    const smallRow = await planStack(bench, name, small.label, stackByName(small, name), false);
    const largeRow = await planStack(bench, name, large.label, stackByName(large, name), false);
    growth.push({ kind: `${name} stack`, small: smallRow, large: largeRow });
  }
  // The same member shape in both: a member stack depends on its own account only.
  const smallWidest = memberWithRegions(small, widest.providers) ?? largestStack(small.stacks, isMember);
  const smallWideRow = await planStack(bench, `member, ${smallWidest.providers} regions`, small.label, smallWidest, false);
  growth.push({ kind: `member stack of ${smallWidest.providers} regions`, small: smallWideRow, large: planWide });
  return { plan17, planWide, widest, large, growth };
}

/** 4. Layout: N accounts per account vs one stack. */
async function layoutPhase(bench: Bench, shape: Plan, capGb: number, planned: Planned): Promise<BenchResults['layout']> {
  const { work, notes } = bench;
  const { planWide, widest, large } = planned;
  log(`layout: ${accountsLabel(shape.layoutAccounts)}, per-account synth`);
  const layoutOrg = generateOrg(shape.layoutAccounts).yaml;
  const perAccount = await runSynth(accountsLabel(shape.layoutAccounts), shape.layoutAccounts, layoutOrg, path.join(work, 'layout-per-account'));
  const perAccountLargest = largestStack(perAccount.stacks);
  let perAccountPlan: PlanRow;
  if (readFileSync(perAccountLargest.file, 'utf8') === readFileSync(widest.file, 'utf8')) {
    // Byte-identical to the stack planned above (a member stack depends on its own account only): measured once.
    perAccountPlan = { ...planWide, org: perAccount.label };
    notes.push(`The per-account layout's largest stack (${perAccountLargest.name}, ${perAccountLargest.providers} providers) is byte-identical to ${widest.name} of the ${large.label} organization: its plan was measured once.`);
  } else {
    perAccountPlan = await planStack(bench, 'largest stack, per-account layout', perAccount.label, perAccountLargest, false);
    bench.plans.pop(); // shown in the layout table, not twice
  }
  log(`layout: ${shape.layoutAccounts} accounts in one stack, synth`);
  const singleSynth = await runSynth(`${shape.layoutAccounts} accounts, one stack`, shape.layoutAccounts, layoutOrg, path.join(work, 'layout-single'), {
    program: 'bench/single-stack-app.ts',
  });
  const single = singleSynth.stacks[0];
  const capBytes = Math.min(capGb * GB, Math.max(GB, availableMemoryBytes() - HEADROOM_BYTES));
  if (capBytes < capGb * GB) notes.push(`The single-stack plan ran under a ${megabytes(capBytes)} cap instead of ${capGb} GB: only that much memory was available with ${megabytes(HEADROOM_BYTES)} left to the rest of the machine.`);
  log(`layout: plan ${single.name} (${single.providers} providers) under a ${megabytes(capBytes)} cap`);
  const singleRun = await benchPlan(single.name, single.file, path.join(work, 'plan', 'single'), {
    env: bench.tfEnv,
    skipValidate: true,
    rssCapBytes: capBytes,
    timeoutMs: SINGLE_STACK_TIMEOUT_MS,
  });
  const memberResources = perAccount.stacks.filter((stack) => isMember(stack)).reduce((sum, stack) => sum + stack.resources, 0);
  if (memberResources !== single.resources) {
    notes.push(`The single stack holds ${single.resources} resources but the member stacks ${memberResources}: bench/single-stack-app.ts no longer composes what stacks/member.ts does; update it.`);
  }
  if (singleRun.plan.stoppedBecause === 'timeout') {
    notes.push(`The one-stack plan of ${shape.layoutAccounts} accounts was stopped after ${seconds(SINGLE_STACK_TIMEOUT_MS)} with ${singleRun.plan.peakProviderProcesses} provider processes running and ${megabytes(singleRun.plan.peakTreeMemoryBytes)} in use.`);
  }
  if (singleRun.plan.stoppedBecause === 'rss-cap') {
    notes.push(
      `The one-stack plan of ${shape.layoutAccounts} accounts (${single.providers} provider configurations) was stopped when Terraform and its providers passed ${megabytes(capBytes)}, after ${seconds(singleRun.plan.wallMs)} with ${singleRun.plan.peakProviderProcesses} provider processes running: that layout does not fit a ${capGb} GB runner.`,
    );
  }
  return {
    accounts: shape.layoutAccounts,
    perAccount: perAccountPlan,
    single: { label: 'one stack', org: perAccount.label, stack: single.name, providers: singleRun.providers, resources: singleRun.resources, plan: singleRun.plan, capBytes },
    singleSynth: synthRow(singleSynth),
    perAccountMemberResources: memberResources,
  };
}

/** 5. Profile of the large synth (a separate run: profiling slows it down). */
async function profilePhase(bench: Bench, shape: Plan): Promise<BenchResults['profile']> {
  const { work } = bench;
  let profile: BenchResults['profile'];
  log(`profile: synth of ${accountsLabel(shape.largeSize)} under --cpu-prof`);
  const profileDir = path.join(work, 'profile');
  try {
    await runSynth(`${accountsLabel(shape.largeSize)} (profiled)`, shape.largeSize, generateOrg(shape.largeSize).yaml, path.join(work, 'org-profiled'), {
      nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
    });
    // tsx's loader thread writes a small profile of its own: the program's is the largest.
    const files = readdirSync(profileDir).map((file) => path.join(profileDir, file));
    const biggest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    const spots = hotSpots(biggest, 60);
    // Inclusive time: the project's and cdktf's own frames, not the module loader wrapping everything.
    const byTotal = spots.byTotal.filter((spot) => !/(^| )(node:|tsx\/dist)|^\(root\)| :0$/.test(spot.fn)).slice(0, 15);
    profile = { file: path.basename(biggest), totalMs: spots.totalMs, bySelf: spots.bySelf.slice(0, 12), byTotal };
  } catch (error) {
    bench.notes.push(`The profiled synth failed: ${(error as Error).message.split('\n')[0]}`);
  }
  return profile;
}

/** Targets: each measured figure against its target (bench/targets.ts), a missed one with its reason. */
function benchTargets(measured: {
  shape: Plan;
  synthesized: Synthesized;
  large: SynthRun;
  floor: BenchResults['floor'];
  planned: Planned;
  machine: BenchResults['machine'];
}): TargetRow[] {
  const { shape, synthesized, large, floor, planned, machine } = measured;
  const { synthRuns, exampleRow } = synthesized;
  const targets: TargetRow[] = [];
  const largeSynth = synthRuns.get(TARGETS.largeOrgAccounts);
  targets.push(atMost('example organization synth', TARGETS.exampleSynthSeconds * 1000, exampleRow.measurement.wallMs, seconds, `≤ ${TARGETS.exampleSynthSeconds} s`));
  targets.push(atMost(`${TARGETS.largeOrgAccounts}-account synth time`, TARGETS.largeOrgSynthSeconds * 1000, largeSynth?.measurement.wallMs, seconds, `≤ ${TARGETS.largeOrgSynthSeconds} s`));
  targets.push(atMost(`${TARGETS.largeOrgAccounts}-account synth memory`, TARGETS.largeOrgSynthBytes, largeSynth?.measurement.peakProcessRssBytes, megabytes, `≤ ${megabytes(TARGETS.largeOrgSynthBytes)}`));
  targets.push({
    what: `synth CPU time per resource, ${large.label}, against cdktf's floor`,
    target: `≤ ${TARGETS.floorRatio}×`,
    measured: floor ? `${floor.ratio.toFixed(2)}× (${seconds(floor.synthMs)} against ${seconds(floor.floorMs)} of CPU)` : 'not measured',
    met: floor ? (floor.ratio <= TARGETS.floorRatio ? 'yes' : 'NO') : 'n/a',
  });
  targets.push({
    what: `rule pack share of synth CPU time, ${large.label}`,
    target: `≤ ${TARGETS.rulesShare * 100}%`,
    measured: floor ? `${(floor.rulesShare * 100).toFixed(0)}% (${seconds(floor.rulesMs)} of ${seconds(floor.synthMs)})` : 'not measured',
    met: floor ? (floor.rulesShare <= TARGETS.rulesShare ? 'yes' : 'NO') : 'n/a',
  });
  for (const size of SCALE_SIZES) {
    const run = synthRuns.get(size);
    const limit = TARGETS.scaleSynthBytes[size];
    targets.push(atMost(`${size}-account synth memory`, limit, run?.measurement.peakProcessRssBytes, megabytes, `≤ ${megabytes(limit)}`));
  }
  const progressRun = synthRuns.get(Math.max(...shape.sizes))!;
  targets.push(
    atMost(
      `longest time without a progress line, ${progressRun.label} synth`,
      TARGETS.progressGapSeconds * 1000,
      longestProgressGapMs(progressRun.measurement.stderr, progressRun.measurement.wallMs),
      seconds,
      `≤ ${TARGETS.progressGapSeconds} s`,
    ),
  );
  for (const row of [planned.plan17, planned.planWide]) {
    if (row) targets.push(atMost(`offline plan, ${row.label}`, TARGETS.memberPlanSeconds * 1000, row.plan.wallMs, seconds, `≤ ${TARGETS.memberPlanSeconds} s`));
  }
  for (const { kind, small: s, large: l } of planned.growth) {
    targets.push(doesNotGrow(`plan memory, ${kind}, ${s.org} → ${l.org}`, s.plan.peakTreeMemoryBytes, l.plan.peakTreeMemoryBytes));
  }
  for (const row of targets) annotate(row);
  const synthTime = targets.find((row) => row.what === `${TARGETS.largeOrgAccounts}-account synth time`);
  if (synthTime && synthTime.met === 'NO' && largeSynth) {
    const resources = synthRow(largeSynth).resources;
    synthTime.note = `${seconds(largeSynth.measurement.cpuMs)} of CPU time for ${resources} resources (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${machine.cores} cores while the bench ran: other work competes for the cores). What is left is cdktf resolving every token of every resource, linear in the number of resources: see [Large organizations](scale.md), "Synth at 500 accounts".`;
  }
  return targets;
}

/** Prints the report and writes the files asked for. */
function publish(results: BenchResults, files: { out?: string; scale?: string; json?: string }): void {
  const { out, scale, json } = files;
  console.log(consoleReport(results));
  if (results.cost) console.log(`\nMonthly AWS cost (cost model, default volumes) and heartbeat filter dimensions:\n${costTable(results.cost, 'console')}`);
  if (json) writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  if (out) {
    writeFileSync(out, markdownReport(results) + (results.cost ? costMarkdown(results.cost) : ''));
    log(`wrote ${path.relative(process.cwd(), out)}`);
  }
  if (scale && existsSync(scale)) {
    const figures = scaleFigures(results);
    // The README's "Large organizations" section quotes the same figures.
    const targets = [
      { file: scale, block: figures },
      ...(scale === DEFAULT_SCALE ? [{ file: DEFAULT_README, block: readmeFigures(figures) }] : []),
    ];
    for (const { file, block } of targets) {
      const before = readFileSync(file, 'utf8');
      const after = replaceScaleBlock(before, block);
      if (after !== before) writeFileSync(file, after);
      log(after === before ? `${path.relative(process.cwd(), file)}: no figures block to update` : `updated the figures of ${path.relative(process.cwd(), file)}`);
    }
  }
}

/** The reason under a missed target, pointing at docs/scale.md. */
function annotate(row: TargetRow): void {
  if (row.met !== 'NO') return;
  if (row.what.startsWith('offline plan')) {
    row.note = 'Terraform starts one provider process per region of the stack; the plan time is dominated by starting and configuring them, not by the resources (see [Large organizations](scale.md)).';
  } else if (row.what.startsWith('plan memory')) {
    row.note = 'This stack holds per-account resources, so its plan grows with the organization (see [Large organizations](scale.md)).';
  } else {
    row.note = 'See [Large organizations](scale.md).';
  }
}
