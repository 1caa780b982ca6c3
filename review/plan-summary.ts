/**
 * signin-watch plan-summary --changes changed-stacks.json [--plans DIR] [--coverage coverage.md]
 *
 * Writes the pull-request comment (Markdown, stdout) from the per-stack plan
 * summaries of review/terraform-stacks.ts, the changed-stacks JSON and the
 * coverage report. Exit 0, or 2 on error. Arguments are parsed in cli/commands/plan-summary.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROCESS_IO, type CommandIo } from '../command/io';
import { renderSummary, type StackPlan } from './plan-comment';
import type { StackChanges } from './stack-diff';

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
  /** Markdown of `changed-stacks --explain`, folded under the summary. */
  explain?: string;
}

/** GitHub refuses comments over 65,536 characters: the explanation gets what the rest leaves, with room to spare. */
const MAX_EXPLANATION = 40_000;

export function explanationSection(markdown: string): string {
  const body = markdown.length > MAX_EXPLANATION ? `${markdown.slice(0, MAX_EXPLANATION)}\n\n… cut at ${MAX_EXPLANATION} characters: run \`signin-watch changed-stacks --explain FILE\` locally for the rest.\n` : markdown;
  return `\n<details><summary>What changed inside each stack (policies and event patterns decoded)</summary>\n\n${body}\n</details>\n`;
}

export function runPlanSummary(options: PlanSummaryOptions, io: CommandIo = PROCESS_IO): number {
  const changes = JSON.parse(readFileSync(options.changes, 'utf8')) as StackChanges;
  const plans = readPlans(options.plans ?? 'plans');
  const planned = new Set(plans.map((plan) => plan.stack));
  const missing = [...changes.changed, ...changes.added].filter((name) => !planned.has(name)).sort();
  const coverage = options.coverage && existsSync(options.coverage) ? readFileSync(options.coverage, 'utf8') : undefined;
  const explanation = options.explain && existsSync(options.explain) ? explanationSection(readFileSync(options.explain, 'utf8')) : '';
  io.out(renderSummary({ plans, removed: changes.removed, missing, coverage }) + explanation);
  return 0;
}
