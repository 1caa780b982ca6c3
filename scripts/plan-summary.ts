/**
 * npx tsx scripts/plan-summary.ts --plans DIR --changes changed-stacks.json [--coverage coverage.md]
 *
 * Writes the pull-request comment (Markdown, stdout) from the per-stack plan
 * summaries of scripts/terraform-stacks.ts, the changed-stacks JSON and the
 * coverage report. Exit 0, or 2 on error.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs, runCli, UsageError } from './lib/args';
import { renderSummary, type StackPlan } from './lib/plan-summary';
import type { StackChanges } from './lib/stack-diff';

export function readPlans(dir: string): StackPlan[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as StackPlan);
}

function main(argv: string[]): number {
  const args = parseArgs(argv, { values: ['plans', 'changes', 'coverage'] });
  if (!args.values.changes) throw new UsageError('--changes <changed-stacks.json> is required');
  const changes = JSON.parse(readFileSync(args.values.changes, 'utf8')) as StackChanges;
  const plans = readPlans(args.values.plans ?? 'plans');
  const planned = new Set(plans.map((plan) => plan.stack));
  const missing = [...changes.changed, ...changes.added].filter((name) => !planned.has(name)).sort();
  const coverage = args.values.coverage && existsSync(args.values.coverage) ? readFileSync(args.values.coverage, 'utf8') : undefined;
  process.stdout.write(renderSummary({ plans, removed: changes.removed, missing, coverage }));
  return 0;
}

if (require.main === module) runCli('plan-summary', main);
