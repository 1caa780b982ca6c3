/** `signin-watch digest`: parsing only; the handler is runDigest in digest/run.ts. */
import type { Command } from 'commander';
import type { CommandContext } from '../program';
import { configOption } from '../shared';
import { load } from '../load';

export function register(program: Command, context: CommandContext): void {
  program
    .command('digest')
    .description('print the sign-in digest of CloudTrail records for a period, as it would be sent (per account: sign-ins by principal type, new principals, without MFA, failed, top source addresses)')
    .argument('<file...>', 'event files (JSON, JSON lines, CloudTrail log files, gzip); - reads stdin')
    .addOption(configOption())
    .requiredOption('--from <time>', 'start of the period (ISO 8601, inclusive); earlier records count as history')
    .requiredOption('--to <time>', 'end of the period (ISO 8601, exclusive)')
    .option('--render', 'print the digest as the email would read (required)', false)
    .action(
      context.action('digest', (files: string[], options: { config: string; from: string; to: string; render: boolean }) => {
        const { runDigest } = load<typeof import('../../digest/run')>(require.resolve('../../digest/run'));
        return runDigest({ files, ...options }, context.io);
      }),
    );
}
