/**
 * Turns bench results into the console table and docs/benchmarks.md.
 * Pure formatting: no measurement here.
 */
import type { MachineInfo } from './machine';
import type { Measurement } from './process-tree';
import type { HotSpot } from './cpu-profile';
import { megabytes, seconds, type TargetRow } from './targets';
import type { FloorComparison } from './synth-ratios';
import { DEFAULT_ENABLED_REGIONS, OPT_IN_REGIONS } from '../config/regions';

const DEFAULT_REGION_COUNT = DEFAULT_ENABLED_REGIONS.length;
const OPT_IN_REGION_COUNT = OPT_IN_REGIONS.length;

export interface SynthRow {
  label: string;
  accounts: number;
  stacks: number;
  resources: number;
  providers: number;
  measurement: Measurement;
  /** CPU milliseconds per synth phase (build, resolve, rules, write, release), when reported. */
  timings?: Record<string, number>;
  /** 1/5/15-minute load average when this synth ended. */
  loadAverage?: number[];
  /** Longest time without a progress line on stderr. */
  longestProgressGapMs?: number;
}

export interface PlanRow {
  label: string;
  org: string;
  stack: string;
  providers: number;
  resources: number;
  validate?: Measurement;
  plan: Measurement;
  /** Memory cap the plan ran under, when it had one. */
  capBytes?: number;
}

export interface BenchResults {
  machine: MachineInfo;
  loadBefore: number[];
  loadAfter: number[];
  totalMs: number;
  command: string;
  targets: TargetRow[];
  synth: SynthRow[];
  plans: PlanRow[];
  /** Per-account layout's largest stack, then the single stack, of the same organization. */
  layout?: { accounts: number; perAccount: PlanRow; single: PlanRow; singleSynth: SynthRow; perAccountMemberResources: number };
  profile?: { file: string; totalMs: number; bySelf: HotSpot[]; byTotal: HotSpot[] };
  /** signin-watch's synth of the large organization against cdktf's floor app, same run. */
  floor?: FloorComparison & { label: string; floorTimings: Record<string, number>; synthTimings: Record<string, number>; floorMeasurement: Measurement };
  notes: string[];
  /** Cost and heartbeat filter dimensions per organization size (bench/cost-scale.ts). */
  cost?: import('./cost-scale').CostRow[];
}

/** A plain table: header row, separator, rows; columns padded (console) or piped (markdown). */
export function table(headers: string[], rows: string[][], style: 'console' | 'markdown'): string {
  if (style === 'markdown') {
    const line = (cells: string[]): string => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
    return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
  }
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function outcome(measurement: Measurement, capBytes?: number): string {
  if (measurement.stoppedBecause === 'rss-cap') return `stopped at the ${megabytes(capBytes ?? 0)} safety cap`;
  if (measurement.stoppedBecause === 'timeout') return 'stopped: timeout';
  return measurement.exitCode === 0 ? 'completed' : `failed (exit ${measurement.exitCode})`;
}

export function targetTable(results: BenchResults, style: 'console' | 'markdown'): string {
  return table(
    ['Target', 'Limit', 'Measured', 'Met?'],
    results.targets.map((row) => [row.what, row.target, row.measured, row.met]),
    style,
  );
}

export function synthTable(results: BenchResults, style: 'console' | 'markdown'): string {
  return table(
    ['Organization', 'Accounts', 'Stacks', 'Providers', 'Resources', 'Wall time', 'CPU time', 'CPU per resource', 'Peak RSS (synth process)', 'Peak (process tree)', 'Longest without progress', 'Load (1 min)'],
    results.synth.map((row) => [
      row.label,
      String(row.accounts),
      String(row.stacks),
      String(row.providers),
      String(row.resources),
      seconds(row.measurement.wallMs),
      seconds(row.measurement.cpuMs ?? 0),
      row.resources > 0 ? `${((row.measurement.cpuMs ?? 0) / row.resources).toFixed(2)} ms` : '-',
      megabytes(row.measurement.peakProcessRssBytes),
      megabytes(row.measurement.peakTreeMemoryBytes),
      row.longestProgressGapMs === undefined ? '-' : seconds(row.longestProgressGapMs),
      row.loadAverage ? row.loadAverage[0].toFixed(1) : '-',
    ]),
    style,
  );
}

export function planTable(results: BenchResults, style: 'console' | 'markdown'): string {
  return table(
    ['Stack', 'Organization', 'Providers', 'Resources', 'validate', 'validate memory', 'plan (offline)', 'plan CPU time', 'plan memory', 'of which private', 'Provider processes'],
    results.plans.map((row) => [
      `${row.label} (${row.stack})`,
      row.org,
      String(row.providers),
      String(row.resources),
      row.validate ? seconds(row.validate.wallMs) : '-',
      row.validate ? megabytes(row.validate.peakTreeMemoryBytes) : '-',
      seconds(row.plan.wallMs),
      seconds(row.plan.cpuMs ?? 0),
      megabytes(row.plan.peakTreeMemoryBytes),
      megabytes(row.plan.peakTreePrivateBytes),
      String(row.plan.peakProviderProcesses),
    ]),
    style,
  );
}

export function layoutTable(results: BenchResults, style: 'console' | 'markdown'): string {
  const layout = results.layout;
  if (!layout) return '(layout comparison not run)';
  const row = (name: string, plan: PlanRow): string[] => [
    name,
    plan.stack,
    String(plan.providers),
    String(plan.resources),
    String(plan.plan.peakProviderProcesses),
    megabytes(plan.plan.peakTreeMemoryBytes),
    seconds(plan.plan.wallMs),
    outcome(plan.plan, plan.capBytes),
  ];
  return table(
    ['Layout', 'Stack planned', 'Provider configurations', 'Resources', 'Provider processes (peak)', 'Peak memory', 'Wall time', 'Outcome'],
    [row('one stack per account (largest stack)', layout.perAccount), row('one stack for all accounts', layout.single)],
    style,
  );
}

export function consoleReport(results: BenchResults): string {
  return [
    `signin-watch bench — ${results.machine.date}, ${results.machine.cores} cores, ${megabytes(results.machine.memoryBytes)}, load ${results.loadBefore.map((l) => l.toFixed(1)).join(' ')}`,
    '',
    targetTable(results, 'console'),
    '',
    synthTable(results, 'console'),
    '',
    planTable(results, 'console'),
    '',
    layoutTable(results, 'console'),
    ...(results.notes.length ? ['', ...results.notes.map((note) => `note: ${note}`)] : []),
  ].join('\n');
}

const PHASES: Array<[string, string]> = [
  ['build', 'building the stacks (constructs)'],
  ['resolve', 'cdktf resolving each stack to Terraform JSON'],
  ['rules', 'the rule pack on that JSON'],
  ['write', "cdktf's synthesizer: validations, annotations, serializing, writing"],
  ['release', 'releasing written stacks and their tokens'],
];

const percent = (share: number): string => `${(share * 100).toFixed(0)}%`;

export function floorSection(results: BenchResults): string[] {
  const floor = results.floor;
  if (!floor) return [];
  const rows = PHASES.filter(([phase]) => floor.synthTimings[phase] !== undefined).map(([phase, what]) => [
    `signin-watch: ${what}`,
    seconds(floor.synthTimings[phase]),
    percent(floor.synthTimings[phase] / floor.synthMs),
  ]);
  rows.push(['signin-watch synth, in all', seconds(floor.synthMs), '100%']);
  rows.push(["cdktf's floor: building the app", seconds(floor.floorTimings.build ?? 0), '-']);
  rows.push(["cdktf's floor: app.synth()", seconds(floor.floorTimings.synth ?? 0), '-']);
  rows.push(["cdktf's floor, in all", seconds(floor.floorMs), '-']);
  return [
    "## Synth against cdktf's floor",
    '',
    `The ${floor.label} organization (${floor.resources} resources): CPU time of each phase of \`main.ts\` (\`synth/app.ts\`: stacks built, resolved once, checked and written one at a time), against cdktf's own floor in the same run: \`bench/floor-app.ts\` rebuilds the same stacks, provider configurations, resources and data sources (same types, names and attribute values, as literals: no construct logic, no token references) and synthesizes them with cdktf's standard \`app.synth()\`, no aspect. Both are measured inside the process (module loading and reading the input not counted). Ratios hold across machines better than times: this machine's speed varies about 2× from day to day.`,
    '',
    table(['Phase', 'CPU time', 'Share'], rows, 'markdown'),
    '',
    `- Synth CPU time per resource: ${(floor.synthMs / floor.resources).toFixed(3)} ms, cdktf's floor ${(floor.floorMs / floor.resources).toFixed(3)} ms: **${floor.ratio.toFixed(2)}×** the floor.`,
    `- The rule pack: **${percent(floor.rulesShare)}** of synth CPU time.`,
    '- Why signin-watch can be below the floor: cdktf\'s `app.synth()` resolves every stack twice (`prepareStack`, then `toTerraform`); the stack-by-stack synth resolves each stack once, in preparing mode, and hands the result to the synthesizer.',
    '',
  ];
}

function profileSection(results: BenchResults): string[] {
  const profile = results.profile;
  if (!profile) return [];
  const rows = (spots: HotSpot[]): string[][] => spots.map((spot) => [spot.fn, `${Math.round(spot.selfMs)} ms`, `${Math.round(spot.totalMs)} ms`]);
  return [
    '## Where the 500-account synth spends its time',
    '',
    `A separate synth of the 500-account organization under \`node --cpu-prof\` (profiling slows it down: ${seconds(profile.totalMs)} sampled). Top functions by self time, then by inclusive time (the project\'s and its libraries\' frames, without the module loader around them):`,
    '',
    table(['Function', 'Self', 'Total'], rows(profile.bySelf), 'markdown'),
    '',
    table(['Function', 'Self', 'Total'], rows(profile.byTotal), 'markdown'),
    '',
  ];
}

export function markdownReport(results: BenchResults): string {
  const m = results.machine;
  const layout = results.layout;
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run.ts). Do not edit by hand: re-run the bench. -->',
    '',
    `Measured ${m.date} with \`${results.command}\` (${seconds(results.totalMs)} in all).`,
    '',
    `- Machine: ${m.cores} × ${m.cpuModel}, ${megabytes(m.memoryBytes)} memory, ${m.os}`,
    `- Load average (1/5/15 min) before: ${results.loadBefore.map((l) => l.toFixed(2)).join(' / ')}, after: ${results.loadAfter.map((l) => l.toFixed(2)).join(' / ')}. Other work on the machine slows every figure; a load well above the core count means the wall times are pessimistic.`,
    `- Node ${m.node}, Terraform ${m.terraform}, cdktf ${m.cdktf}, cdktf-cli ${m.cdktfCli}, @cdktf/provider-aws ${m.providerAws}`,
    '',
    '## Targets',
    '',
    targetTable(results, 'markdown'),
    '',
    ...results.targets.filter((row) => row.note).map((row) => `- **${row.what}**: ${row.note}`),
    ...(results.targets.some((row) => row.note) ? [''] : []),
    '## Synth',
    '',
    'Each organization is generated from `config/org.yaml` (its settings, N accounts: every 5th account enables 2 opt-in regions, accounts 2, 52, 102, … enable 13, i.e. 30 regions), validated with `config/load.ts`, and synthesized by `tsx main.ts --config …` as a child process with `CDKTF_OUTDIR` in a temp directory. Peak RSS is the synth process\'s high-water mark (`VmHWM`); the tree adds the `tsx` launcher. "Longest without progress" is the longest time between two `[synth]` progress lines on stderr (or between the start or the end and the nearest line). The load average is read when each synth ends: above the core count, the wall and CPU times are pessimistic.',
    '',
    synthTable(results, 'markdown'),
    '',
    '## Offline plan of one stack',
    '',
    'Each stack\'s `cdk.tf.json` is copied to a fresh directory with a `terraform test` file holding one `mock_provider` per provider configuration and one `run { command = plan }`; `terraform init` (not timed) uses the provider mirror of `terraform/env.ts`. Memory is sampled from `/proc` every 100 ms over Terraform and all its provider processes: the anonymous resident memory of each process plus the shared provider binary\'s resident pages once (summing plain RSS would count those ~400 MB once per provider process). "Of which private" leaves the binary\'s pages out: it is what one more concurrent plan adds on a runner where another plan already has them in memory.',
    '',
    planTable(results, 'markdown'),
    '',
    '## One stack per account, or one stack for all',
    '',
    layout
      ? `The same ${layout.accounts}-account organization: its per-account layout's largest stack against all its member forwarders in one stack (${layout.single.resources} resources, ${layout.perAccountMemberResources} in the member stacks together; built by \`bench/single-stack-app.ts\`, synthesized in ${seconds(layout.singleSynth.measurement.wallMs)}). Only the plan is run on the single stack, under a safety cap on memory.`
      : 'Not run.',
    '',
    layoutTable(results, 'markdown'),
    '',
    ...floorSection(results),
    ...profileSection(results),
    ...(results.notes.length ? ['## Notes', '', ...results.notes.map((note) => `- ${note}`), ''] : []),
  ].join('\n');
}

/** Markers of the block of docs/scale.md the bench rewrites, so the README's figures come from the last run. */
export const SCALE_BLOCK_START = '<!-- bench:figures:start (generated by npm run bench; do not edit) -->';
export const SCALE_BLOCK_END = '<!-- bench:figures:end -->';

/** Memory left to the OS and the CI agent on a runner. */
export const RUNNER_HEADROOM_BYTES = 1024 * 1024 * 1024;

/**
 * How many plans of one stack kind fit on a runner at once: the first pays for
 * the provider binary's pages, each further one only its private memory.
 */
export function concurrentPlans(runnerBytes: number, firstBytes: number, extraBytes: number, headroomBytes = RUNNER_HEADROOM_BYTES): number {
  const usable = runnerBytes - headroomBytes;
  if (usable < firstBytes) return 0;
  return 1 + Math.floor((usable - firstBytes) / Math.max(extraBytes, 1));
}

/** The memory a plan job of this stack needs: the larger of validate and plan. */
export function jobMemory(row: PlanRow): { first: number; extra: number } {
  const runs = [row.plan, ...(row.validate ? [row.validate] : [])];
  return { first: Math.max(...runs.map((run) => run.peakTreeMemoryBytes)), extra: Math.max(...runs.map((run) => run.peakTreePrivateBytes)) };
}

const RUNNER_SIZES_GB = [4, 7, 16, 32];

export function scaleFigures(results: BenchResults): string {
  const members = results.plans.filter((row) => row.validate && row.stack.startsWith('member-'));
  const largest = Math.max(...results.synth.map((row) => row.accounts));
  // The 500-account organization and larger ones (all of them when the run had none that large).
  const largeSynths = results.synth.filter((row) => row.accounts >= Math.min(500, largest) && !row.label.startsWith('example'));
  const lines: string[] = [
    SCALE_BLOCK_START,
    '',
    `Figures from \`npm run bench\` on ${results.machine.date.slice(0, 10)} (${results.machine.cores} cores, ${megabytes(results.machine.memoryBytes)}, load average ${results.loadBefore[0].toFixed(1)} when it started; all of them in [benchmarks.md](benchmarks.md)):`,
    '',
    ...largeSynths.map(
      (row) =>
        `- Synth of ${row.accounts} accounts (${row.stacks} stacks, ${row.resources} resources): ${seconds(row.measurement.wallMs)} (${seconds(row.measurement.cpuMs ?? 0)} of CPU), ${megabytes(row.measurement.peakProcessRssBytes)} peak.`,
    ),
  ];
  if (results.floor) {
    lines.push(
      `- Synth CPU time per resource: ${results.floor.ratio.toFixed(2)}× cdktf's own floor (same stacks, providers and resources, measured in the same run); the security rule pack takes ${percent(results.floor.rulesShare)} of it.`,
    );
  }
  for (const row of members) {
    const need = jobMemory(row);
    lines.push(
      `- Member stack of ${row.providers} regions (${row.resources} resources): validate ${seconds(row.validate!.wallMs)}, offline plan ${seconds(row.plan.wallMs)}, ${row.plan.peakProviderProcesses} provider processes; a job needs ${megabytes(need.first)}, each further concurrent job on the same runner ${megabytes(need.extra)}.`,
    );
  }
  if (members.length >= 2) {
    const [narrow, wide] = [...members].sort((a, b) => a.providers - b.providers).slice(-2);
    const perRegion = (jobMemory(wide).first - jobMemory(narrow).first) / (wide.providers - narrow.providers);
    const widest = DEFAULT_REGION_COUNT + OPT_IN_REGION_COUNT;
    lines.push(
      `- Each region more costs about ${megabytes(perRegion)} (between the ${narrow.providers}- and the ${wide.providers}-region stack): an account with all ${widest} regions would need about ${megabytes(jobMemory(wide).first + perRegion * (widest - wide.providers))} (extrapolated, not measured).`,
    );
  }
  const layout = results.layout;
  if (layout) {
    const single = layout.single;
    const outcome =
      single.plan.stoppedBecause === 'rss-cap'
        ? `was stopped at the ${megabytes(single.capBytes ?? 0)} safety cap after ${seconds(single.plan.wallMs)}, with ${single.plan.peakProviderProcesses} of ${single.providers} provider processes started`
        : single.plan.stoppedBecause === 'timeout'
          ? `was stopped after ${seconds(single.plan.wallMs)} with ${single.plan.peakProviderProcesses} provider processes and ${megabytes(single.plan.peakTreeMemoryBytes)}`
          : `took ${seconds(single.plan.wallMs)} and ${megabytes(single.plan.peakTreeMemoryBytes)} with ${single.plan.peakProviderProcesses} provider processes`;
    lines.push(
      `- ${layout.accounts} accounts as one stack (${single.providers} provider configurations, ${single.resources} resources): the offline plan ${outcome}; the per-account layout's largest stack plans with ${megabytes(layout.perAccount.plan.peakTreeMemoryBytes)} and ${layout.perAccount.plan.peakProviderProcesses} provider processes, whatever the number of accounts.`,
    );
  }
  if (members.length > 0) {
    lines.push('', 'Concurrent member-stack plan jobs per runner (1 GB left to the OS and the CI agent):', '');
    lines.push(
      table(
        ['Runner memory', ...members.map((row) => `${row.providers}-region member stacks`)],
        RUNNER_SIZES_GB.map((gb) => [`${gb} GB`, ...members.map((row) => String(concurrentPlans(gb * 1024 ** 3, jobMemory(row).first, jobMemory(row).extra)))]),
        'markdown',
      ),
    );
  }
  lines.push('', SCALE_BLOCK_END);
  return lines.join('\n');
}

/** `text` with the generated block replaced; unchanged when it has no markers. */
/** The figures block as the README quotes it: the same text, links relative to the repository root. */
export function readmeFigures(scaleBlock: string): string {
  return scaleBlock.replace(/\]\((benchmarks|scale)\.md\)/g, '](docs/$1.md)');
}

export function replaceScaleBlock(text: string, block: string): string {
  const start = text.indexOf(SCALE_BLOCK_START);
  const end = text.indexOf(SCALE_BLOCK_END);
  if (start < 0 || end < start) return text;
  return `${text.slice(0, start)}${block}${text.slice(end + SCALE_BLOCK_END.length)}`;
}
