/**
 * Progress lines the docs show are lines the code prints: every inline-code
 * span of README.md or docs/*.md that starts with `[task] ` (and the `N/M …`
 * spans that follow it in the same document) must match a progress template
 * of the code: the labels passed to `progress.step/note/done` (and synth's
 * `tick`) in the folder that calls `createProgress('task', TOTAL)`, with
 * TOTAL checked when it is a constant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];
const SOURCE_DIRS = ['synth', 'review', 'coverage', 'drift', 'preflight', 'cost', 'verify', 'bench', 'classify'];

interface Task {
  /** A constant total, when the code passes one. */
  total?: number;
  steps: RegExp[];
  notes: RegExp[];
}

/** The template literal or string starting at `start` (a quote character), as a regular expression: `${…}` matches any text. */
function templateRegex(source: string, start: number): RegExp {
  const quote = source[start];
  let pattern = '';
  for (let i = start + 1; i < source.length && source[i] !== quote; i += 1) {
    if (quote === '`' && source.startsWith('${', i)) {
      let depth = 1;
      i += 2;
      while (depth > 0) {
        if (source[i] === '{') depth += 1;
        if (source[i] === '}') depth -= 1;
        i += 1;
      }
      i -= 1;
      // An interpolation may be empty (e.g. synth's "(N reused)" suffix when nothing was reused).
      pattern += '.*?';
    } else pattern += source[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

function codeTasks(): Map<string, Task> {
  const tasks = new Map<string, Task>();
  for (const dir of SOURCE_DIRS) {
    const files = readdirSync(path.join(ROOT, dir)).filter((file) => file.endsWith('.ts')).map((file) => readFileSync(path.join(ROOT, dir, file), 'utf8'));
    const steps: RegExp[] = [];
    const notes: RegExp[] = [];
    for (const source of files) {
      for (const call of source.matchAll(/(?:progress\??\.(step|note|done)|\btick)\(\s*(?:\(\) =>\s*)?([`'])/g)) {
        const regex = templateRegex(source, call.index + call[0].length - 1);
        if (call[1] === 'step') steps.push(regex);
        else notes.push(call[1] === 'done' ? new RegExp(`^done: ${regex.source.slice(1)}`) : regex);
      }
    }
    for (const source of files) {
      for (const [, task, total] of source.matchAll(/createProgress\('([a-z-]+)', ([A-Za-z0-9_.]+)/g)) {
        const constant = /^\d+$/.test(total) ? Number(total) : Number(new RegExp(`const ${total} = (\\d+);`).exec(source)?.[1] ?? Number.NaN);
        tasks.set(task, { total: Number.isNaN(constant) ? undefined : constant, steps, notes });
      }
    }
  }
  return tasks;
}

/** [doc, task, text] of every documented progress line, the elapsed time removed. */
function documentedLines(): Array<[string, string, string]> {
  const lines: Array<[string, string, string]> = [];
  for (const doc of DOCS) {
    const text = readFileSync(path.join(ROOT, doc), 'utf8').replace(/```[\s\S]*?```/g, '');
    let task: string | undefined;
    for (const [, span] of text.matchAll(/`([^`]+)`/g)) {
      const line = span.replace(/\s+/g, ' ').replace(/ \(\d+(\.\d+)? s\)$/, '');
      const tagged = /^\[([a-z-]+)\] (.+)$/.exec(line);
      if (tagged) {
        task = tagged[1];
        lines.push([doc, task, tagged[2]]);
      } else if (task && /^\d+\/\d+ /.test(line)) lines.push([doc, task, line]);
    }
  }
  return lines;
}

function problem(tasks: Map<string, Task>, task: string, text: string): string | undefined {
  const code = tasks.get(task);
  if (!code) return `no createProgress('${task}', …) in the code`;
  if (code.notes.some((regex) => regex.test(text))) return undefined;
  const step = /^(\d+)\/(\d+) (.+)$/.exec(text);
  if (!step) return 'matches no progress line of the code';
  if (code.total !== undefined && Number(step[2]) !== code.total) return `the code counts ${code.total} steps, not ${step[2]}`;
  return code.steps.some((regex) => regex.test(step[3])) ? undefined : 'matches no progress step of the code';
}

describe('progress lines in README.md and docs/', () => {
  const tasks = codeTasks();
  const lines = documentedLines();

  it('THEN the code has progress lines to compare with, and the docs show some (synth and drift in docs/operate.md)', () => {
    expect(tasks.get('synth')?.total).toBe(3);
    expect(lines.filter(([doc, task]) => doc === 'docs/operate.md' && task === 'synth').length).toBeGreaterThan(2);
    expect(lines.some(([doc, task]) => doc === 'docs/operate.md' && task === 'drift')).toBe(true);
  });

  it('THEN each one is a line the code prints', () => {
    const wrong = lines.map(([doc, task, text]) => [doc, `[${task}] ${text}`, problem(tasks, task, text)]).filter(([, , why]) => why !== undefined);
    expect(wrong).toEqual([]);
  });
});
