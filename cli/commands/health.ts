/** `signin-watch health`: parsing only; the handler is runHealth in health/run.ts. */
import { Option, type Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';
import { configOption } from '../shared';

export function register(program: Command, context: CommandContext): void {
  program
    .command('health')
    .description('check member forwarders offline from heartbeat events (envelope account and region only): one JSON line per silent account-region; exit 1 when some are silent')
    .argument('<file...>', 'heartbeat events as the heartbeat log group stores them (JSON, JSON array, JSON lines, gzip); - reads stdin')
    .addOption(configOption())
    .addOption(new Option('--at <time>', 'when the check runs: ISO 8601 with a time zone, e.g. 2026-12-07T22:00:00Z').makeOptionMandatory())
    .action(
      context.action('health', (files: string[], options: { config: string; at: string }) => {
        const { runHealth } = load<typeof import('../../health/run')>(require.resolve('../../health/run'));
        return runHealth({ files, ...options }, context.io);
      }),
    );
}
