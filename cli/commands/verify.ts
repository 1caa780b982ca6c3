/** `signin-watch verify`: parsing only; the handler is runVerify in verify/run.ts. */
import type { Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';
import { configOption, positiveInteger } from '../shared';

export function register(program: Command, context: CommandContext): void {
  program
    .command('verify')
    .description('prove the synthesized Terraform with Terraform itself, offline: init, validate, and a mocked apply of four stacks')
    .addOption(configOption())
    .option('--synthesized <dir>', 'verify this existing synth output instead of synthesizing into .tmp/verify/')
    .option('--jobs <n>', 'stacks at a time (default: $SIGNIN_WATCH_VERIFY_JOBS, else 2, fewer with one core or little memory)', positiveInteger)
    .option('--no-test', 'validate only, no mocked apply')
    .option('--no-providers', 'skip the real-provider configuration check (every catalogue region)')
    .addHelpText('after', '\nOffline, SIGNIN_WATCH_PROVIDER_MIRROR names a provider mirror (<dir>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/).')
    .action(
      context.action('verify', (options: { config: string; synthesized?: string; jobs?: number; test: boolean; providers: boolean }) => {
        const { onInterrupt, runVerify } = load<typeof import('../../verify/run')>(require.resolve('../../verify/run'));
        onInterrupt();
        return runVerify(options);
      }),
    );
}
