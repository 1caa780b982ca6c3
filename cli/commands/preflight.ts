/**
 * `signin-watch preflight`: parsing only; the handler is runPreflight in
 * preflight/run.ts. It still takes an argument list (it landed
 * with its own parser), so the options parsed here are handed back to it as
 * `--name value` pairs: commander has already refused anything unknown.
 */
import { Option, type Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';
import { configOption, positiveInteger } from '../shared';

interface Parsed {
  config: string;
  json: boolean;
  concurrency: number;
  roles?: string;
  managementRole?: string;
}

export function register(program: Command, context: CommandContext): void {
  program
    .command('preflight')
    .description('read-only checks that the config can deploy into the live organization (docs/preflight.md); exit 0 ready, 1 problems, 2 could not check')
    .addOption(configOption())
    .option('--json', 'print the result as JSON', false)
    .option('--concurrency <n>', 'accounts checked at a time', positiveInteger, 4)
    .option('--roles <kinds>', 'roles to check in each account: deployment, plan, or both comma-separated (default: both)')
    .addOption(new Option('--management-role <kind>', 'role to use in the management account').choices(['deployment', 'plan']))
    .action(
      context.action('preflight', (options: Parsed) => {
        const { runPreflight } = load<typeof import('../../preflight/run')>(require.resolve('../../preflight/run'));
        const argv = ['--config', options.config, '--concurrency', String(options.concurrency)];
        if (options.json) argv.push('--json');
        if (options.roles) argv.push('--roles', options.roles);
        if (options.managementRole) argv.push('--management-role', options.managementRole);
        return runPreflight(argv, { out: context.io.out, err: context.io.err, env: context.io.env });
      }),
    );
}
