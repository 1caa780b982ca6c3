/**
 * `changed-stacks --explain`: what changed inside each changed stack, for a
 * reviewer without credentials. Per stack: the blocks added, changed and
 * removed; for a changed block, each attribute that differs, as a line diff
 * of pretty JSON. Attributes holding JSON text (IAM and resource policies,
 * EventBridge event patterns, input templates) are decoded first, so a
 * reviewer reads `"aws:PrincipalOrgID": ...` instead of an escaped string.
 * Added and removed blocks show their decoded policies and patterns whole.
 */
import type { SynthesizedStack } from '../synth/output';
import { blocksOf, type StackChanges } from './stack-diff';

type Json = unknown;

/** Pretty JSON with sorted keys; strings that hold a JSON object or array are decoded; other strings (metric filter patterns) are shown as written. */
export function prettyJson(value: Json): string {
  const decoded = decode(value);
  return typeof decoded === 'string' ? decoded : JSON.stringify(decoded, sortedKeys, 2);
}

function decode(value: Json): Json {
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      return decode(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, decode(inner)]));
  return value;
}

function sortedKeys(_key: string, value: Json): Json {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, (value as Record<string, Json>)[key]]));
  }
  return value;
}

/** Line diff (longest common subsequence): ' ' kept, '-' removed, '+' added. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push(`  ${a[i]}`);
      i += 1;
      j += 1;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) lines.push(`- ${a[i++]}`);
    else lines.push(`+ ${b[j++]}`);
  }
  while (i < a.length) lines.push(`- ${a[i++]}`);
  while (j < b.length) lines.push(`+ ${b[j++]}`);
  return lines;
}

/** Attributes worth showing whole for added and removed blocks. */
const DECODED_ATTRIBUTES = /policy|pattern|input_template|assume_role/;

function attributes(body: Json): Record<string, Json> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, Json>) : { value: body };
}

function fenced(lines: string[]): string[] {
  return ['```diff', ...lines, '```'];
}

function explainBlock(address: string, before: Json, after: Json): string[] {
  if (before === undefined) {
    const shown = Object.entries(attributes(after)).filter(([key]) => DECODED_ATTRIBUTES.test(key));
    return [`- added \`${address}\``, ...shown.flatMap(([key, value]) => [`  \`${key}\`:`, ...fenced(prettyJson(value).split('\n').map((line) => `+ ${line}`))])];
  }
  if (after === undefined) {
    const shown = Object.entries(attributes(before)).filter(([key]) => DECODED_ATTRIBUTES.test(key));
    return [`- removed \`${address}\``, ...shown.flatMap(([key, value]) => [`  \`${key}\`:`, ...fenced(prettyJson(value).split('\n').map((line) => `- ${line}`))])];
  }
  const a = attributes(before);
  const b = attributes(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changed = keys.filter((key) => prettyJson(a[key] ?? null) !== prettyJson(b[key] ?? null));
  return [
    `- changed \`${address}\`: ${changed.map((key) => `\`${key}\``).join(', ')}`,
    ...changed.flatMap((key) => [`  \`${key}\`:`, ...fenced(lineDiff(a[key] === undefined ? '' : prettyJson(a[key]), b[key] === undefined ? '' : prettyJson(b[key])))]),
  ];
}

/** Markdown: one section per changed, added or removed stack. */
export function explainChanges(base: Map<string, SynthesizedStack>, current: Map<string, SynthesizedStack>, changes: StackChanges): string {
  const sections: string[] = [];
  const stacks = [...changes.changed.map((name) => ({ name, what: 'changed' })), ...changes.added.map((name) => ({ name, what: 'added' })), ...changes.removed.map((name) => ({ name, what: 'removed' }))];
  for (const { name, what } of stacks) {
    const before = base.get(name) ? blocksOf(base.get(name)!.terraform) : new Map<string, Json>();
    const after = current.get(name) ? blocksOf(current.get(name)!.terraform) : new Map<string, Json>();
    const addresses = [...new Set([...before.keys(), ...after.keys()])].sort();
    const differing = addresses.filter((address) => prettyJson(before.get(address) ?? null) !== prettyJson(after.get(address) ?? null));
    const counts = {
      added: differing.filter((address) => !before.has(address)).length,
      changed: differing.filter((address) => before.has(address) && after.has(address)).length,
      removed: differing.filter((address) => !after.has(address)).length,
    };
    sections.push(`### Stack \`${name}\` (${what}): ${counts.added} added, ${counts.changed} changed, ${counts.removed} removed`, '');
    // A whole new or removed stack lists its blocks without their bodies: the plan shows them.
    if (what !== 'changed') {
      sections.push(...differing.map((address) => `- ${what} \`${address}\``), '');
      continue;
    }
    for (const address of differing) sections.push(...explainBlock(address, before.get(address), after.get(address)));
    sections.push('');
  }
  return sections.length === 0 ? 'No stack changed.\n' : `${sections.join('\n').trimEnd()}\n`;
}
