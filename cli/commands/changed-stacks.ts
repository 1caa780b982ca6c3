/** `signin-watch changed-stacks`: parsing only; the handler is runChangedStacks in review/changed-stacks.ts. */
import type { Command } from 'commander';
import type { CommandContext } from '../program';
import { load } from '../load';
import { configOption, positiveInteger } from '../shared';

export function register(program: Command, context: CommandContext): void {
  program
    .command('changed-stacks')
    .description('list the stacks whose synthesized Terraform differs from a base (git ref or synth directory): JSON on stdout')
    .option('--base <ref-or-dir>', 'git ref (branch, tag, sha) or the directory of a previous synth')
    .option('--all', 'no base: every current stack counts as added', false)
    .option('--current <dir>', 'compare this synth directory instead of synthesizing now')
    .addOption(configOption())
    .option('--out <file>', 'also write the JSON to this file')
    .option('--github-output', 'append step outputs for GitHub Actions to $GITHUB_OUTPUT', false)
    .option('--explain <file>', 'write, per changed stack, the resources added, changed and removed, with policies and event patterns decoded and diffed (Markdown)')
    .option('--shards <n>', 'members per matrix are cut into at most this many jobs', positiveInteger, 8)
    .action(
      context.action('changed-stacks', (options: { base?: string; all: boolean; current?: string; config: string; out?: string; githubOutput: boolean; shards: number; explain?: string }) => {
        const { runChangedStacks } = load<typeof import('../../review/changed-stacks')>(require.resolve('../../review/changed-stacks'));
        return runChangedStacks(options, context.io);
      }),
    );
}
