/** `signin-watch classify`: parsing only; the handler is runClassify in classify/run.ts. */
import { Option, type Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';

export function register(program: Command, context: CommandContext): void {
  program
    .command('classify')
    .description('replay CloudTrail records or EventBridge events through the alert catalogue: one JSON line per event')
    .argument('<file...>', 'event files (JSON, JSON lines, CloudTrail log files, gzip); - reads stdin')
    .option('--config <file>', 'organization config: its enabled alerts and alerts.ignorePrincipals (default: the full catalogue, nothing suppressed)')
    .option('--render', 'add the messages the deployed alert engine would send, with their destinations (needs --config)', false)
    .option('--summary', 'print counts per alert on stderr', false)
    .addOption(new Option('--format <format>', 'with --render: json (one JSON line per event) or text (each message as the email would read)').choices(['json', 'text']).default('json'))
    .action(
      context.action('classify', (files: string[], options: { config?: string; summary: boolean; render: boolean; format: 'json' | 'text' }) => {
        const { runClassify } = load<typeof import('../../classify/run')>(require.resolve('../../classify/run'));
        return runClassify({ files, ...options }, context.io);
      }),
    );
}
