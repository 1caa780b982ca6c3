/** `signin-watch coverage`: parsing only; the handler is runCoverage in coverage/run.ts. */
import { Option, type Command } from 'commander';
import type { CoverageFormat } from '../../coverage/render';
import type { CommandContext } from '../program';
import { load } from '../load';
import { configOption } from '../shared';

export function register(program: Command, context: CommandContext): void {
  program
    .command('coverage')
    .description('which accounts and regions forward sign-ins, which alerts are on and who gets them, and the gaps')
    .addOption(configOption())
    .option('--synth <dir>', 'read a previous synth of the same config instead of synthesizing now')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown']).default('text'))
    .option('--strict', 'exit 1 when a gap of level error exists', false)
    .action(
      context.action('coverage', (options: { config: string; synth?: string; format: CoverageFormat; strict: boolean }) => {
        const { runCoverage } = load<typeof import('../../coverage/run')>(require.resolve('../../coverage/run'));
        return runCoverage(options, context.io);
      }),
    );
}
