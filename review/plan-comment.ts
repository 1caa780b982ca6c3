/**
 * Turns `terraform show -json <planfile>` into counts per stack, and the
 * counts of every planned stack into the pull-request comment. Only counts
 * and resource addresses leave the plan job: a plan file may hold secrets.
 */

export interface StackPlan {
  stack: string;
  /** Set when init or plan failed; the counts are then zero. */
  error?: string;
  add: number;
  change: number;
  destroy: number;
  /** Addresses destroyed or replaced: reviewers look at these first. */
  destroyed: string[];
  replaced: string[];
}

interface PlanJson {
  resource_changes?: Array<{ address?: string; change?: { actions?: string[] } }>;
}

/** Counts like Terraform's "Plan: X to add, Y to change, Z to destroy." (a replacement is one add and one destroy). */
export function summarizePlan(stack: string, plan: PlanJson): StackPlan {
  const summary: StackPlan = { stack, add: 0, change: 0, destroy: 0, destroyed: [], replaced: [] };
  for (const resource of plan.resource_changes ?? []) {
    const actions = resource.change?.actions ?? [];
    const address = resource.address ?? '(unknown)';
    const creates = actions.includes('create');
    const deletes = actions.includes('delete');
    if (creates) summary.add += 1;
    if (deletes) summary.destroy += 1;
    if (actions.includes('update')) summary.change += 1;
    if (creates && deletes) summary.replaced.push(address);
    else if (deletes) summary.destroyed.push(address);
  }
  summary.destroyed.sort();
  summary.replaced.sort();
  return summary;
}

export const COMMENT_MARKER = '<!-- signin-watch-plan -->';

export interface SummaryInput {
  plans: StackPlan[];
  /** Stacks in the base but no longer synthesized: never destroyed by the pipeline. */
  removed: string[];
  /** Markdown of `npm run coverage -- --format markdown`, if any. */
  coverage?: string;
  /** Stacks changed-stacks listed but for which no plan arrived (a plan job that died). */
  missing?: string[];
}

export function renderSummary(input: SummaryInput): string {
  const plans = [...input.plans].sort((a, b) => a.stack.localeCompare(b.stack));
  const total = plans.reduce((sum, plan) => ({ add: sum.add + plan.add, change: sum.change + plan.change, destroy: sum.destroy + plan.destroy }), {
    add: 0,
    change: 0,
    destroy: 0,
  });
  const failed = plans.filter((plan) => plan.error);
  const lines = [COMMENT_MARKER, '## signin-watch plan', ''];
  if (plans.length === 0 && input.removed.length === 0 && (input.missing ?? []).length === 0) {
    lines.push('No stack changes: nothing to plan.');
  } else {
    lines.push(
      `${plans.length} stack${plans.length === 1 ? '' : 's'} planned: **${total.add} to add, ${total.change} to change, ${total.destroy} to destroy**${failed.length > 0 ? `; **${failed.length} failed**` : ''}.`,
      '',
      '| Stack | Add | Change | Destroy | |',
      '|---|--:|--:|--:|---|',
    );
    for (const plan of plans) {
      const note = plan.error ? '❌ plan failed' : plan.destroy > 0 ? '⚠️ destroys' : '';
      lines.push(`| \`${plan.stack}\` | ${plan.add} | ${plan.change} | ${plan.destroy} | ${note} |`);
    }
  }
  for (const plan of plans.filter((candidate) => candidate.destroyed.length + candidate.replaced.length > 0)) {
    lines.push('', `**${plan.stack}** destroys or replaces:`);
    for (const address of plan.destroyed) lines.push(`- destroy \`${address}\``);
    for (const address of plan.replaced) lines.push(`- replace \`${address}\``);
  }
  for (const plan of failed) lines.push('', `**${plan.stack}**: ${plan.error}`);
  if ((input.missing ?? []).length > 0) lines.push('', `⚠️ No plan arrived for: ${input.missing!.map((name) => `\`${name}\``).join(', ')} (see the plan jobs).`);
  if (input.removed.length > 0) {
    lines.push(
      '',
      `⚠️ Removed from the config: ${input.removed.map((name) => `\`${name}\``).join(', ')}. The pipeline never destroys a stack: destroy it by hand (docs/operate.md, "Removing an account").`,
    );
  }
  const body = `${lines.join('\n')}\n`;
  if (!input.coverage) return body;
  const withCoverage = `${body}\n<details><summary>Coverage report</summary>\n\n${input.coverage.trim()}\n\n</details>\n`;
  // GitHub rejects comments over 65536 characters; a large organization's matrix can exceed it.
  if (withCoverage.length <= MAX_COMMENT_LENGTH) return withCoverage;
  return `${body}\nThe coverage report is too long for a comment: see coverage.md in the \`synth\` artifact of this run.\n`;
}

export const MAX_COMMENT_LENGTH = 65_000;
