/**
 * `signin-watch cost`: parsing only; the handler is runCost in cost/run.ts.
 * Its volume options come from the cost model (cost/volumes.ts), so
 * a new volume appears here and in --help without an edit.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';
import { configOption, nonNegativeNumber } from '../shared';
import { DEFAULT_VOLUMES, VOLUME_NAMES, volumeOption } from '../../cost/volumes';

export function register(program: Command, context: CommandContext): void {
  const command = program
    .command('cost')
    .description('monthly AWS cost of the deployment at given volumes, from the synthesized stacks')
    .addOption(configOption())
    .option('--synth <dir>', 'read a previous synth instead of synthesizing now')
    .option('--json', 'print the report as JSON', false);
  for (const name of VOLUME_NAMES) command.option(`--${volumeOption(name)} <n>`, `volume: ${name}`, nonNegativeNumber, DEFAULT_VOLUMES[name]);
  command.action(
    context.action('cost', (options: Record<string, string | number | boolean | undefined>) => {
      const { parseCostArgs, runCost } = load<typeof import('../../cost/run')>(require.resolve('../../cost/run'));
      const argv = ['--config', String(options.config)];
      if (options.synth) argv.push('--synth', String(options.synth));
      if (options.json) argv.push('--json');
      for (const name of VOLUME_NAMES) {
        const key = volumeOption(name).replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
        argv.push(`--${volumeOption(name)}`, String(options[key]));
      }
      return runCost(parseCostArgs(argv), context.io.out);
    }),
  );
}
