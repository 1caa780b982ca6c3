/** `signin-watch terraform-stacks` (deploy and pull-request workflows): parsing only; the handler is runTerraformStacks in review/terraform-stacks.ts. */
import { Argument, type Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';

export function register(program: Command, context: CommandContext): void {
  program
    .command('terraform-stacks')
    .description('run terraform plan or apply in synthesized stack directories, one stack after the other')
    .addArgument(new Argument('<mode>', 'plan or apply').choices(['plan', 'apply']))
    .requiredOption('--stacks <names>', 'stack names separated by spaces')
    .option('--synth <dir>', 'the synth output', 'cdktf.out')
    .option('--out <dir>', 'plan: directory of the per-stack summaries and saved plans', 'plans')
    .option('--plans <dir>', 'apply: directory of the saved plans to apply (plan --out); nothing else is applied')
    .action(
      context.action('terraform-stacks', (mode: string, options: { stacks: string; synth: string; out: string; plans?: string }) => {
        const { runTerraformStacks } = load<typeof import('../../review/terraform-stacks')>(require.resolve('../../review/terraform-stacks'));
        return runTerraformStacks(mode, options, context.io.env);
      }),
    );
}
