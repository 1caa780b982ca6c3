/**
 * signin-watch plan-summary --changes changed-stacks.json [--plans DIR] [--coverage coverage.md]
 *
 * Writes the pull-request comment (Markdown, stdout) from the per-stack plan
 * summaries of scripts/terraform-stacks.ts, the changed-stacks JSON and the
 * coverage report. Exit 0, or 2 on error. Arguments are parsed in cli/commands/plan-summary.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROCESS_IO, type CommandIo } from '../cli/shared';
import { renderSummary, type StackPlan } from './lib/plan-summary';
import type { StackChanges } from './lib/stack-diff';

export function readPlans(dir: string): StackPlan[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as StackPlan);
}

export interface PlanSummaryOptions {
  changes: string;
  plans?: string;
  coverage?: string;
}

export function runPlanSummary(options: PlanSummaryOptions, io: CommandIo = PROCESS_IO): number {
  const changes = JSON.parse(readFileSync(options.changes, 'utf8')) as StackChanges;
  const plans = readPlans(options.plans ?? 'plans');
  const planned = new Set(plans.map((plan) => plan.stack));
  const missing = [...changes.changed, ...changes.added].filter((name) => !planned.has(name)).sort();
  const coverage = options.coverage && existsSync(options.coverage) ? readFileSync(options.coverage, 'utf8') : undefined;
  io.out(renderSummary({ plans, removed: changes.removed, missing, coverage }));
  return 0;
}
