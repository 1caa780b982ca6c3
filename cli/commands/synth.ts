/** `signin-watch synth`: parsing only; the handler is runSynth in synth/run.ts (main.ts, what `npm run cdktf -- synth` runs, calls this command). */
import { Option, type Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';
import { configOption } from '../shared';

export function register(program: Command, context: CommandContext): void {
  program
    .command('synth')
    .description('validate the organization config and synthesize one Terraform configuration per stack')
    .addOption(configOption())
    .addOption(new Option('--output <dir>', 'output directory (Terraform state in it is kept)').env('CDKTF_OUTDIR').default('cdktf.out'))
    .action(
      context.action('synth', (options: { config: string; output: string }) => {
        const { runSynth } = load<typeof import('../../synth/run')>(require.resolve('../../synth/run'));
        return runSynth(options);
      }),
    );
}
