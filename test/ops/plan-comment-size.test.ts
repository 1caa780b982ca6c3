/**
 * The pull-request comment fits GitHub (≤ 60,000 characters, measured) at
 * 10, 150 and 5,000 accounts, for one account edited and for an
 * organization-wide change (the name prefix: every resource replaced). Plans,
 * explanation and coverage are generated at the size real ones have; no
 * Terraform runs.
 */
import { COMMENT_BUDGET, fitMarkdown, markdownBlocks } from '../../review/comment-budget';
import { summarizePlan, type StackPlan } from '../../review/plan-comment';
import { renderComment } from '../../review/plan-summary';

const ARTIFACTS = 'https://github.com/acme/signin-watch/actions/runs/123';
/** Resources of a 17-region member stack, per type (140 in all, as the bench's member stack). */
const MEMBER_TYPES: Record<string, number> = { aws_cloudwatch_event_rule: 34, aws_cloudwatch_event_target: 34, aws_sqs_queue: 17, aws_sqs_queue_policy: 17, aws_scheduler_schedule: 17, aws_iam_role: 11, aws_iam_role_policy: 10 };

const member = (index: number) => `member-business-unit-platform-engineering-${String(index).padStart(5, '0')}`;
const stacks = (accounts: number) => ['aggregator', 'management', ...Array.from({ length: accounts }, (_, index) => member(index))];

function planOf(stack: string, actions: string[], only?: number): StackPlan {
  const resource_changes = Object.entries(MEMBER_TYPES).flatMap(([type, count]) =>
    Array.from({ length: only ?? count }, (_, index) => ({ address: `${type}.r${index}_${'x'.repeat(40)}`, type, change: { actions } })),
  );
  return summarizePlan(stack, { resource_changes });
}

function explanationOf(names: string[]): string {
  // One section per stack with a decoded event pattern, as changed-stacks --explain writes it.
  return names
    .map((name) => `### Stack \`${name}\` (changed)\n\n- \`aws_cloudwatch_event_rule.forward\`: event_pattern\n\n\`\`\`json\n${JSON.stringify({ source: ['aws.signin'], detail: { eventName: ['ConsoleLogin'], name } }, null, 2)}\n\`\`\`\n`)
    .join('\n');
}

function coverageOf(accounts: number): string {
  const rows = Array.from({ length: accounts }, (_, index) => `| ${member(index).slice(7)} | 123456${String(index).padStart(6, '0')} | 17 | 15 | security@example.com |`);
  return ['## Sign-in alert coverage', '', '| account | id | regions | alerts | receivers |', '|---|---|--:|--:|---|', ...rows].join('\n');
}

function expectWellFormed(comment: string): void {
  expect(comment.length).toBeLessThanOrEqual(COMMENT_BUDGET);
  // The bound, spelled out: GitHub refuses comments over 65,536 characters.
  expect(comment.length).toBeLessThanOrEqual(60_000);
  const fences = comment.split('\n').filter((line) => /^\s*```/.test(line));
  expect(fences.length % 2).toBe(0);
  expect(comment.match(/<details>/g)?.length ?? 0).toBe(comment.match(/<\/details>/g)?.length ?? 0);
  expect(comment).toContain(ARTIFACTS);
}

describe.each([10, 150, 5000])('GIVEN an organization of %i accounts', (accounts) => {
  const names = stacks(accounts);

  it('WHEN one account is edited THEN the comment names the stack, counts the change, holds the whole explanation and fits', () => {
    const edited = member(Math.floor(accounts / 2));
    const explanation = explanationOf([edited]);
    const comment = renderComment({ plans: [planOf(edited, ['update'], 1)], removed: [], explanation, coverage: coverageOf(accounts), artifactsUrl: ARTIFACTS });
    expectWellFormed(comment);
    expect(comment).toContain(`| \`${edited}\` | 0 | 7 | 0 |  |`);
    expect(comment).toContain('| update `aws_cloudwatch_event_rule` | 1 | 1 |');
    expect(comment).toContain(`<summary>What changed inside each stack (policies and event patterns decoded)</summary>\n\n${explanation.trim()}\n\n</details>`);
  });

  it('WHEN an organization-wide setting changes THEN counts per kind cover every stack, names are bounded with "N more", details are shortened between blocks, and it fits', () => {
    const plans = names.map((name) => planOf(name, ['delete', 'create']));
    const explanation = explanationOf(names);
    const coverage = coverageOf(accounts);
    const comment = renderComment({ plans, removed: [], explanation, coverage, artifactsUrl: ARTIFACTS });
    expectWellFormed(comment);
    expect(comment).toContain(`${names.length} stacks planned: **${names.length * 140} to add, 0 to change, ${names.length * 140} to destroy**.`);
    expect(comment).toContain(`| replace \`aws_cloudwatch_event_rule\` | ${names.length * 34} | ${names.length} |`);
    if (names.length > 50) expect(comment).toContain(`| ${names.length - 50} more stacks | | | | |`);
    if (names.length > 10) expect(comment).toContain(`${names.length - 10} more stacks destroy or replace resources.`);
    if (explanation.length + coverage.length > COMMENT_BUDGET) expect(comment).toContain('shortened to fit a GitHub comment');
    else expect(comment).toContain(explanation.trim());
  });
});

describe('fitMarkdown', () => {
  const doc = ['# Title', 'para one', '```json\n{\n  "a": 1\n}\n```', 'para two'].join('\n\n');

  it('GIVEN room for everything THEN nothing is left out', () => {
    expect(fitMarkdown(doc, 1000)).toEqual({ text: doc, omitted: 0 });
  });

  it('GIVEN the budget ends inside a code block THEN the cut is before the block, never inside it', () => {
    const budget = doc.indexOf('"a"');
    const fitted = fitMarkdown(doc, budget);
    expect(fitted).toEqual({ text: '# Title\n\npara one', omitted: 2 });
  });

  it('GIVEN an unclosed fence THEN it is closed, so what follows never renders as code', () => {
    expect(markdownBlocks('text\n\n```\ncode')).toEqual(['text', '```\ncode\n```']);
  });

  it('GIVEN a paragraph longer than the budget THEN it is cut at a line end', () => {
    expect(fitMarkdown('line one\nline two\nline three', 17)).toEqual({ text: 'line one\nline two', omitted: 1 });
  });
});
