/**
 * Turns `terraform show -json <planfile>` into counts per stack, and the
 * counts of every planned stack into the pull-request comment. Only counts
 * and resource addresses leave the plan job: a plan file may hold secrets.
 */
import { boundedList, cutLine } from './comment-budget';

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
  /** Resources per kind of change, `<action> <resource type>` (create, update, delete, replace), e.g. `update aws_cloudwatch_event_rule`. */
  kinds?: Record<string, number>;
}

interface PlanJson {
  resource_changes?: Array<{ address?: string; type?: string; change?: { actions?: string[] } }>;
}

function kindOf(actions: string[]): string | undefined {
  const creates = actions.includes('create');
  const deletes = actions.includes('delete');
  if (creates && deletes) return 'replace';
  if (creates) return 'create';
  if (deletes) return 'delete';
  if (actions.includes('update')) return 'update';
  return undefined;
}

/** Counts like Terraform's "Plan: X to add, Y to change, Z to destroy." (a replacement is one add and one destroy). */
export function summarizePlan(stack: string, plan: PlanJson): StackPlan {
  const summary: StackPlan = { stack, add: 0, change: 0, destroy: 0, destroyed: [], replaced: [], kinds: {} };
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
    const kind = kindOf(actions);
    const type = resource.type ?? address.split('.').slice(-2, -1)[0] ?? 'unknown';
    if (kind) summary.kinds![`${kind} ${type}`] = (summary.kinds![`${kind} ${type}`] ?? 0) + 1;
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
  /** Stacks changed-stacks listed but for which no plan arrived (a plan job that died). */
  missing?: string[];
}

/**
 * Bounds that keep the summary a few thousand characters at any size of
 * organization; whatever they leave out is in the `review` artifact.
 */
export const LIMITS = { stackRows: 50, kindRows: 25, names: 40, addressStacks: 10, addresses: 10, failures: 10, errorLength: 300 };

const NAME_LENGTH = 80;
const code = (name: string): string => `\`${cutLine(name, NAME_LENGTH).replace(/`/g, "'")}\``;

/** Failed first, then stacks that destroy, then by name: what a reviewer must see is never in the "more". */
function byAttention(a: StackPlan, b: StackPlan): number {
  const rank = (plan: StackPlan) => (plan.error ? 0 : plan.destroy > 0 ? 1 : 2);
  return rank(a) - rank(b) || a.stack.localeCompare(b.stack);
}

function kindRows(plans: StackPlan[]): string[] {
  const kinds = new Map<string, { resources: number; stacks: number }>();
  for (const plan of plans) {
    for (const [kind, count] of Object.entries(plan.kinds ?? {})) {
      const entry = kinds.get(kind) ?? { resources: 0, stacks: 0 };
      kinds.set(kind, { resources: entry.resources + count, stacks: entry.stacks + 1 });
    }
  }
  if (kinds.size === 0) return [];
  const sorted = [...kinds].sort(([a, x], [b, y]) => y.resources - x.resources || a.localeCompare(b));
  const rows = ['', '| Change | Resources | Stacks |', '|---|--:|--:|'];
  for (const [kind, entry] of sorted.slice(0, LIMITS.kindRows)) {
    const [action, type] = kind.split(' ');
    rows.push(`| ${action} ${code(type ?? '')} | ${entry.resources} | ${entry.stacks} |`);
  }
  if (sorted.length > LIMITS.kindRows) rows.push(`| ${sorted.length - LIMITS.kindRows} more kinds | | |`);
  return rows;
}

function stackRows(plans: StackPlan[]): string[] {
  const rows = ['', '| Stack | Add | Change | Destroy | |', '|---|--:|--:|--:|---|'];
  for (const plan of plans.slice(0, LIMITS.stackRows)) {
    const note = plan.error ? '❌ plan failed' : plan.destroy > 0 ? '⚠️ destroys' : '';
    rows.push(`| ${code(plan.stack)} | ${plan.add} | ${plan.change} | ${plan.destroy} | ${note} |`);
  }
  if (plans.length > LIMITS.stackRows) rows.push(`| ${plans.length - LIMITS.stackRows} more stacks | | | | |`);
  return rows;
}

function destroyLines(plans: StackPlan[]): string[] {
  const lines: string[] = [];
  const destroying = plans.filter((candidate) => candidate.destroyed.length + candidate.replaced.length > 0);
  for (const plan of destroying.slice(0, LIMITS.addressStacks)) {
    lines.push('', `**${cutLine(plan.stack, NAME_LENGTH)}** destroys or replaces:`);
    const addresses = [...plan.destroyed.map((address) => `- destroy ${code(address)}`), ...plan.replaced.map((address) => `- replace ${code(address)}`)];
    lines.push(...addresses.slice(0, LIMITS.addresses));
    if (addresses.length > LIMITS.addresses) lines.push(`- and ${addresses.length - LIMITS.addresses} more`);
  }
  if (destroying.length > LIMITS.addressStacks) lines.push('', `${destroying.length - LIMITS.addressStacks} more stacks destroy or replace resources.`);
  return lines;
}

/** The head of the pull-request comment: totals, counts per kind of change, the stacks; bounded whatever the number of stacks. */
export function renderSummary(input: SummaryInput): string {
  const plans = [...input.plans].sort(byAttention);
  const total = plans.reduce((sum, plan) => ({ add: sum.add + plan.add, change: sum.change + plan.change, destroy: sum.destroy + plan.destroy }), {
    add: 0,
    change: 0,
    destroy: 0,
  });
  const failed = plans.filter((plan) => plan.error);
  const missing = input.missing ?? [];
  const lines = [COMMENT_MARKER, '## signin-watch plan', ''];
  if (plans.length === 0 && input.removed.length === 0 && missing.length === 0) {
    lines.push('No stack changes: nothing to plan.');
  } else {
    lines.push(
      `${plans.length} stack${plans.length === 1 ? '' : 's'} planned: **${total.add} to add, ${total.change} to change, ${total.destroy} to destroy**${failed.length > 0 ? `; **${failed.length} failed**` : ''}.`,
      ...kindRows(plans),
      ...stackRows(plans),
    );
  }
  lines.push(...destroyLines(plans));
  for (const plan of failed.slice(0, LIMITS.failures)) lines.push('', `**${cutLine(plan.stack, NAME_LENGTH)}**: ${cutLine(plan.error!, LIMITS.errorLength)}`);
  if (failed.length > LIMITS.failures) lines.push('', `${failed.length - LIMITS.failures} more stacks failed to plan (see the plan jobs).`);
  if (missing.length > 0) lines.push('', `⚠️ No plan arrived for: ${boundedList(missing, LIMITS.names, code)} (see the plan jobs).`);
  if (input.removed.length > 0) {
    lines.push(
      '',
      `⚠️ Removed from the config: ${boundedList(input.removed, LIMITS.names, code)}. The pipeline never destroys a stack: destroy it by hand (docs/operate.md, "Removing an account").`,
    );
  }
  return `${lines.join('\n')}\n`;
}
