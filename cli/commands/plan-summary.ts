/** `signin-watch plan-summary` (pull-request workflow): parsing only; the handler is runPlanSummary in review/plan-summary.ts. */
import type { Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';

export function register(program: Command, context: CommandContext): void {
  program
    .command('plan-summary')
    .description('write the pull-request comment (Markdown) from per-stack plan summaries, changed-stacks JSON and coverage')
    .requiredOption('--changes <file>', 'the JSON of changed-stacks --out')
    .option('--plans <dir>', 'directory of per-stack plan summaries (terraform-stacks plan --out)', 'plans')
    .option('--coverage <file>', 'coverage report (Markdown) to include')
    .option('--explain <file>', 'changed-stacks --explain output to fold under the summary')
    .option('--artifacts-url <url>', 'link to the workflow run whose artifacts hold the full explanation and coverage report')
    .action(
      context.action('plan-summary', (options: { changes: string; plans: string; coverage?: string; explain?: string; artifactsUrl?: string }) => {
        const { runPlanSummary } = load<typeof import('../../review/plan-summary')>(require.resolve('../../review/plan-summary'));
        return runPlanSummary(options, context.io);
      }),
    );
}
