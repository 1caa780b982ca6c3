/** `signin-watch bench`: parsing only; the handler is runBench in bench/run.ts. */
import type { Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';
import { positiveNumber } from '../shared';
import { TARGETS } from '../../bench/targets';

/** The largest organization the full bench synthesizes (bench/run.ts: FULL sizes). */
export const BENCH_MAX_ACCOUNTS = Math.max(TARGETS.largeOrgAccounts, ...Object.keys(TARGETS.scaleSynthBytes).map(Number));

interface Parsed {
  quick: boolean;
  out?: string;
  json?: string;
  capGb: number;
  render?: string;
  profile: boolean;
  scale: string | boolean | undefined;
  keep: boolean;
  incremental?: number;
}

export function register(program: Command, context: CommandContext): void {
  program
    .command('bench')
    .description(`measure synth and plan time and memory at 1 to ${BENCH_MAX_ACCOUNTS.toLocaleString('en-US')} accounts; writes docs/benchmarks.md (minutes; not part of npm test)`)
    .option('--quick', 'small sizes only; writes nothing unless --out is given', false)
    .option('--out <file>', 'Markdown report (default: docs/benchmarks.md, none with --quick)')
    .option('--json <file>', 'also write the raw figures as JSON')
    .option('--scale <file>', 'file whose figures block is updated (default: docs/scale.md when --out is the default)')
    .option('--cap-gb <n>', 'memory safety cap of the single-stack plan, in GB', positiveNumber, 12)
    .option('--render <file>', 're-render the report of a --json run, measuring nothing')
    .option('--no-profile', 'skip the CPU profile of the largest synth')
    .option('--no-scale', 'skip the 2,000- and 5,000-account synths (they take the longest)')
    .option('--keep', 'keep the work directory', false)
    .option('--incremental <accounts>', 'only measure a one-account edit re-synthesized into the same directory against a fresh full synth of that many accounts (ratio, load average, byte-identical check); exit 1 when the outputs differ', positiveNumber)
    .action(
      context.action('bench', (options: Parsed) => {
        const { runBench } = load<typeof import('../../bench/run')>(require.resolve('../../bench/run'));
        const values = { out: options.out, json: options.json, scale: typeof options.scale === 'string' ? options.scale : undefined, 'cap-gb': String(options.capGb), render: options.render, incremental: options.incremental === undefined ? undefined : String(options.incremental) };
        const flags = new Set<'quick' | 'no-profile' | 'no-scale' | 'keep'>();
        if (options.quick) flags.add('quick');
        if (!options.profile) flags.add('no-profile');
        if (options.keep) flags.add('keep');
        if (options.scale === false) flags.add('no-scale');
        return runBench({ values, flags, argv: process.argv.slice(process.argv.indexOf('bench') + 1) });
      }),
    );
}
