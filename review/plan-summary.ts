/**
 * signin-watch plan-summary --changes changed-stacks.json [--plans DIR] [--coverage coverage.md]
 *
 * Writes the pull-request comment (Markdown, stdout) from the per-stack plan
 * summaries of review/terraform-stacks.ts, the changed-stacks JSON and the
 * coverage report, within COMMENT_BUDGET characters at any size (review/comment-budget.ts).
 * Exit 0, or 2 on error. Arguments are parsed in cli/commands/plan-summary.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROCESS_IO, type CommandIo } from '../command/io';
import { COMMENT_BUDGET, fitMarkdown } from './comment-budget';
import { renderSummary, type StackPlan, type SummaryInput } from './plan-comment';
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
  /** Where the full explanation and coverage report are (the workflow run's artifacts). */
  artifactsUrl?: string;
}

export interface CommentInput extends SummaryInput {
  coverage?: string;
  explanation?: string;
  artifactsUrl?: string;
}

/** Share of what the summary leaves that the explanation may take; the coverage report gets the rest. */
const EXPLANATION_SHARE = 0.6;

function artifactsLine(url: string | undefined): string {
  const where = url ? `the [\`review\` artifact](${url})` : 'the `review` artifact of this workflow run';
  return `Full explanation (explain.md), coverage report (coverage.md) and plan counts: ${where}.`;
}

function details(summary: string, markdown: string, budget: number, artifacts: string): string {
  const open = `<details><summary>${summary}</summary>\n\n`;
  const close = '\n\n</details>\n';
  const note = `\n\n… shortened to fit a GitHub comment: the rest is in ${artifacts}.`;
  const room = budget - open.length - close.length - note.length;
  if (room <= 0) return '';
  const fitted = fitMarkdown(markdown.trim(), room);
  if (fitted.text === '') return `${open}Too long for a comment: see ${artifacts}.${close}`;
  return `${open}${fitted.text}${fitted.omitted > 0 ? note : ''}${close}`;
}

/**
 * The pull-request comment: the bounded summary, a link to the artifacts, then
 * the explanation and the coverage report folded, each shortened at a block
 * boundary so the whole stays within COMMENT_BUDGET.
 */
export function renderComment(input: CommentInput): string {
  const head = `${renderSummary(input)}\n${artifactsLine(input.artifactsUrl)}\n`;
  const artifacts = input.artifactsUrl ? `the [\`review\` artifact](${input.artifactsUrl})` : 'the `review` artifact';
  let room = COMMENT_BUDGET - head.length;
  let explanation = '';
  if (input.explanation?.trim()) {
    const share = input.coverage?.trim() ? Math.floor(room * EXPLANATION_SHARE) : room;
    explanation = `\n${details('What changed inside each stack (policies and event patterns decoded)', input.explanation, share - 1, artifacts)}`;
    room -= explanation.length;
  }
  const coverage = input.coverage?.trim() ? `\n${details('Coverage report', input.coverage, room - 1, artifacts)}` : '';
  return head + explanation + coverage;
}

export function runPlanSummary(options: PlanSummaryOptions, io: CommandIo = PROCESS_IO): number {
  const changes = JSON.parse(readFileSync(options.changes, 'utf8')) as StackChanges;
  const plans = readPlans(options.plans ?? 'plans');
  const planned = new Set(plans.map((plan) => plan.stack));
  const missing = [...changes.changed, ...changes.added].filter((name) => !planned.has(name)).sort();
  const coverage = options.coverage && existsSync(options.coverage) ? readFileSync(options.coverage, 'utf8') : undefined;
  const explanation = options.explain && existsSync(options.explain) ? readFileSync(options.explain, 'utf8') : undefined;
  io.out(renderComment({ plans, removed: changes.removed, missing, coverage, explanation, artifactsUrl: options.artifactsUrl }));
  return 0;
}
