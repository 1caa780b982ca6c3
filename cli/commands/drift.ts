/** `signin-watch drift`: parsing only; the handler is runDrift in drift/run.ts. */
import type { Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';
import { configOption, positiveInteger } from '../shared';

export function register(program: Command, context: CommandContext): void {
  program
    .command('drift')
    .description('compare the live organization (accounts, opt-in regions) with the config; needs management-account credentials')
    .addOption(configOption())
    .option('--json', 'print the result as JSON', false)
    .option('--concurrency <n>', 'accounts whose regions are listed at a time', positiveInteger, 4)
    .option('--write', 'edit the config to match: add new accounts and newly enabled opt-in regions, remove closed or suspended accounts (comments kept)', false)
    .action(
      context.action('drift', (options: { config: string; json: boolean; concurrency: number; write: boolean }) => {
        const { runDrift } = load<typeof import('../../drift/run')>(require.resolve('../../drift/run'));
        return runDrift(options, { out: context.io.out, err: context.io.err, env: context.io.env });
      }),
    );
}
