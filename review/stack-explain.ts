/**
 * `changed-stacks --explain`: what changed inside each changed stack, for a
 * reviewer without credentials, in a size that stays readable at any
 * organization size.
 *
 * - Per changed block, one line per changed leaf (json-diff.ts): policies by
 *   statement, dashboards by widget, never a whole JSON document.
 * - The same change in many blocks of one type (one per region) is one line
 *   with the count; a block's own region reads `<region>`.
 * - Changes are grouped under their cause when the stacks show it: an opt-in
 *   region added to or removed from an account (the stack's provider aliases),
 *   an alert kind enabled or disabled (its blocks appear or leave).
 * - Stacks with the same explanation (their own account id read as
 *   `<account-id>`) are explained once, with the list of stacks, bounded.
 * - The whole text is bounded (EXPLAIN_BUDGET), cut only between blocks
 *   (comment-budget.ts): never inside a code block.
 */
import { ALERT_KIND_IDS } from '../config/alert-kinds';
import type { SynthesizedStack } from '../synth/output';
import { fitMarkdown } from './comment-budget';
import { decodeJson, jsonChanges, jsonSummary, type Json } from './json-diff';
import { blocksOf, stableStringify, type StackChanges } from './stack-diff';

/** The explanation never exceeds this many characters. */
export const EXPLAIN_BUDGET = 1_500_000;
/** Stack names listed for one explanation shared by many stacks. */
export const STACKS_LISTED = 10;
/** Addresses listed per group of added or removed blocks. */
const ADDRESSES_LISTED = 8;
/** Lines shown per changed block (or group of blocks). */
const LINES_PER_CHANGE = 20;
/** Items per cause in one stack's explanation. */
const ITEMS_PER_CAUSE = 60;

const KINDS_LONGEST_FIRST = [...ALERT_KIND_IDS].sort((a, b) => b.length - a.length);

export function bounded(names: string[], limit: number, show: (name: string) => string = (name) => `\`${name}\``): string {
  const listed = names.slice(0, limit).map(show).join(', ');
  return names.length > limit ? `${listed} and ${names.length - limit} more` : listed;
}

interface StackFacts {
  accountId?: string;
  regions: Set<string>;
  kinds: Set<string>;
}

function factsOf(stack: SynthesizedStack | undefined, blocks: Map<string, Json>): StackFacts {
  const configs = (stack?.terraform.provider?.aws ?? []) as Array<Record<string, unknown>>;
  const regions = new Set(configs.map((config) => String(config.alias ?? config.region)).filter((region) => region !== 'undefined'));
  const ids = configs[0]?.allowed_account_ids;
  const kinds = new Set([...blocks.keys()].map(kindOf).filter((kind): kind is string => kind !== undefined));
  return { accountId: Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : undefined, regions, kinds };
}

function kindOf(address: string): string | undefined {
  return KINDS_LONGEST_FIRST.find((kind) => address.includes(kind));
}

function regionOf(address: string, body: Json, regions: Set<string>): string | undefined {
  const provider = body && typeof body === 'object' ? (body as Record<string, unknown>).provider : undefined;
  if (typeof provider === 'string' && provider.startsWith('aws.')) return provider.slice(4);
  const name = address.split('.').slice(-1)[0];
  return [...regions].find((region) => name.startsWith(`${region}_`));
}

interface Cause {
  text: string;
  block: (address: string, region: string | undefined) => boolean;
  line: (text: string) => boolean;
}

/** What the stack itself shows as the reason of its changes. */
function causesOf(before: StackFacts, after: StackFacts): Cause[] {
  const causes: Cause[] = [];
  const ratio = `(1/${before.regions.size} → 1/${after.regions.size})`;
  for (const [from, to, verb] of [[before.regions, after.regions, 'added to'], [after.regions, before.regions, 'removed from']] as const) {
    for (const region of [...to].filter((r) => !from.has(r)).sort()) {
      causes.push({
        text: `region \`${region}\` was ${verb} account <account>`,
        block: (_address, blockRegion) => blockRegion === region,
        line: (text) => text.includes(region) || text.includes(ratio),
      });
    }
  }
  for (const [from, to, verb] of [[before.kinds, after.kinds, 'enabled'], [after.kinds, before.kinds, 'disabled']] as const) {
    for (const kind of [...to].filter((k) => !from.has(k)).sort()) {
      causes.push({ text: `alert kind \`${kind}\` was ${verb}`, block: (address) => kindOf(address) === kind, line: (text) => text.includes(kind) });
    }
  }
  return causes;
}

interface Item {
  cause: number;
  lines: string[];
}

function typeOf(address: string): string {
  return address.includes('.') ? address.slice(0, address.lastIndexOf('.')) : address;
}

function countsByType(addresses: string[]): string {
  const counts = new Map<string, number>();
  for (const address of addresses) counts.set(typeOf(address), (counts.get(typeOf(address)) ?? 0) + 1);
  return [...counts].map(([type, count]) => `${count} \`${type}\``).join(', ');
}

/** A block's attributes; a block that is no object (a provider's list of configurations) is one unnamed attribute. */
function attributesOf(body: Json): Record<string, Json> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, Json>) : { '': body };
}

function capped(lines: string[], limit: number, indent: string): string[] {
  const shownLines = lines.slice(0, limit).map((line) => `${indent}- ${line}`);
  return lines.length > limit ? [...shownLines, `${indent}- … and ${lines.length - limit} more`] : shownLines;
}

/** Added or removed blocks, by cause: one item per cause and direction. */
function blockItems(sign: 'added' | 'removed', addresses: string[], blocks: Map<string, Json>, facts: StackFacts, causes: Cause[]): Item[] {
  const byCause = new Map<number, string[]>();
  for (const address of addresses) {
    const cause = causes.findIndex((candidate) => candidate.block(address, regionOf(address, blocks.get(address), facts.regions)));
    byCause.set(cause, [...(byCause.get(cause) ?? []), address]);
  }
  return [...byCause].map(([cause, list]) => {
    const details = cause >= 0 ? [] : list.flatMap((address) => Object.entries(attributesOf(blocks.get(address))).flatMap(([key, value]) => jsonSummary(decodeJson(value), `${address} ${key}`)));
    return {
      cause,
      lines: [`- ${sign} ${list.length} block${list.length === 1 ? '' : 's'}: ${countsByType(list)}`, ...capped(list.map((address) => `\`${address}\``), ADDRESSES_LISTED, '  '), ...capped(details, LINES_PER_CHANGE, '  ')],
    };
  });
}

/** Changed blocks: leaf changes per block; the same changes in several blocks of one type are one item. */
function changedItems(addresses: string[], before: Map<string, Json>, after: Map<string, Json>, facts: StackFacts, causes: Cause[]): Item[] {
  const groups = new Map<string, { type: string; lines: string[]; addresses: string[]; regions: string[] }>();
  for (const address of addresses) {
    const a = attributesOf(before.get(address));
    const b = attributesOf(after.get(address));
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    const region = regionOf(address, after.get(address), facts.regions);
    const lines = keys
      .filter((key) => stableStringify(a[key] ?? null) !== stableStringify(b[key] ?? null))
      .flatMap((key) => (key in a && key in b ? jsonChanges(decodeJson(a[key]), decodeJson(b[key]), key) : [`\`${key}\`: ${key in a ? 'removed' : 'added'}`]))
      .map((line) => (region ? line.split(region).join('<region>') : line));
    const key = `${typeOf(address)}\n${lines.join('\n')}`;
    const group = groups.get(key) ?? { type: typeOf(address), lines, addresses: [], regions: [] };
    group.addresses.push(address);
    if (region) group.regions.push(region);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => {
    const single = group.addresses.length === 1;
    const lines = single && group.regions.length === 1 ? group.lines.map((line) => line.split('<region>').join(group.regions[0])) : group.lines;
    const where = single
      ? `\`${group.addresses[0]}\``
      : `${group.addresses.length} \`${group.type}\` blocks (${group.regions.length === group.addresses.length ? `one per region, \`<region>\` each block's own: ${bounded(group.regions, ADDRESSES_LISTED, (r) => r)}` : bounded(group.addresses, ADDRESSES_LISTED)})`;
    const cause = causes.findIndex((candidate) => lines.some((line) => candidate.line(line)));
    return { cause, lines: lines.length === 1 ? [`- ${where}: ${lines[0]}`] : [`- ${where}:`, ...capped(lines, LINES_PER_CHANGE, '  ')] };
  });
}

interface StackSection {
  name: string;
  what: 'changed' | 'added' | 'removed';
  counts: string;
  /** The explanation with the stack's own account id read as `<account-id>`. */
  body: string;
  accountId?: string;
}

function explainStack(name: string, what: StackSection['what'], base?: SynthesizedStack, current?: SynthesizedStack): StackSection {
  const before = base ? blocksOf(base.terraform) : new Map<string, Json>();
  const after = current ? blocksOf(current.terraform) : new Map<string, Json>();
  const factsBefore = factsOf(base, before);
  const factsAfter = factsOf(current, after);
  const accountId = factsAfter.accountId ?? factsBefore.accountId;
  const added = [...after.keys()].filter((address) => !before.has(address)).sort();
  const removed = [...before.keys()].filter((address) => !after.has(address)).sort();
  const changed = [...after.keys()].filter((address) => before.has(address) && stableStringify(before.get(address)) !== stableStringify(after.get(address))).sort();
  const counts = `${added.length} added, ${changed.length} changed, ${removed.length} removed`;
  let body: string;
  if (what !== 'changed') {
    // A whole new or removed stack: its blocks by type; the plan shows them.
    body = `- ${what} ${what === 'added' ? added.length : removed.length} blocks: ${countsByType(what === 'added' ? added : removed)}`;
  } else {
    const causes = causesOf(factsBefore, factsAfter);
    const items = [
      ...blockItems('removed', removed, before, factsBefore, causes),
      ...blockItems('added', added, after, factsAfter, causes),
      ...changedItems(changed, before, after, factsAfter, causes),
    ];
    const paragraphs: string[] = [];
    for (const [index, cause] of [...causes.entries(), [-1, undefined] as const]) {
      const lines = items.filter((item) => item.cause === index).flatMap((item) => item.lines);
      if (lines.length === 0) continue;
      const heading = cause ? `Because ${cause.text}:` : causes.length > 0 ? 'Other changes:' : '';
      const kept = lines.slice(0, ITEMS_PER_CAUSE * 4);
      if (kept.length < lines.length) kept.push(`- … and ${lines.length - kept.length} more lines`);
      paragraphs.push([...(heading ? [heading] : []), ...kept].join('\n'));
    }
    body = paragraphs.join('\n\n');
  }
  if (accountId) body = body.split(accountId).join('<account-id>');
  body = body.split(name).join('<stack>');
  return { name, what, counts, body, accountId };
}

function render(sections: StackSection[]): string {
  const [first] = sections;
  if (sections.length === 1) {
    const account = first.accountId ? `\`${first.name.replace(/^member-/, '')}\` (${first.accountId})` : 'this stack';
    const body = first.body.split('<account>').join(account).split('<account-id>').join(first.accountId ?? '<account-id>').split('<stack>').join(first.name);
    return `### Stack \`${first.name}\` (${first.what}): ${first.counts}\n\n${body}`;
  }
  const names = sections.map((section) => section.name);
  const heading = `### ${sections.length} stacks (${first.what}), the same change in each: ${bounded(names, STACKS_LISTED)}; each ${first.counts}`;
  const notes = [first.body.includes('<account-id>') ? "`<account-id>` stands for each stack's own account id" : '', first.body.includes('<stack>') ? '`<stack>` for its name' : ''].filter(Boolean);
  const note = notes.length > 0 ? `\n\n${notes.join(', ')}.` : '';
  return `${heading}${note}\n\n${first.body.split('<account>').join("(each stack's own)")}`;
}

/**
 * A key equal for two stack pairs that differ only in their account id and
 * stack name (the JSON text with both replaced), and that id.
 */
function sameButAccount(name: string, what: string, base?: SynthesizedStack, current?: SynthesizedStack): { key: string; accountId: string } | undefined {
  const accountId = factsOf(current ?? base, new Map()).accountId;
  if (!accountId) return undefined;
  const text = (stack?: SynthesizedStack) => (stack ? JSON.stringify(stack.terraform).split(accountId).join('<account-id>').split(name).join('<stack>') : '');
  return { key: `${what}\n${text(base)}\n${text(current)}`, accountId };
}

/** Markdown: one section per distinct change, naming the stacks that share it. */
export function explainChanges(base: Map<string, SynthesizedStack>, current: Map<string, SynthesizedStack>, changes: StackChanges): string {
  const all = [...changes.changed.map((name) => ['changed', name] as const), ...changes.added.map((name) => ['added', name] as const), ...changes.removed.map((name) => ['removed', name] as const)];
  if (all.length === 0) return 'No stack changed.\n';
  const groups = new Map<string, StackSection[]>();
  // Stacks that are the same but for their account id (member stacks of one shape) are explained once.
  const explained = new Map<string, StackSection>();
  for (const [what, name] of all) {
    const memo = sameButAccount(name, what, base.get(name), current.get(name));
    const known = memo ? explained.get(memo.key) : undefined;
    const section = known ? { ...known, name, accountId: memo!.accountId } : explainStack(name, what, base.get(name), current.get(name));
    if (memo && !known) explained.set(memo.key, section);
    const key = `${what}\n${section.counts}\n${section.body}`;
    groups.set(key, [...(groups.get(key) ?? []), section]);
  }
  const summary = `${changes.changed.length} stacks changed, ${changes.added.length} added, ${changes.removed.length} removed; ${groups.size} distinct change${groups.size === 1 ? '' : 's'} below.`;
  const text = [summary, ...[...groups.values()].map(render)].join('\n\n');
  const fitted = fitMarkdown(text, EXPLAIN_BUDGET - 200);
  const tail = fitted.omitted > 0 ? `\n\n… ${fitted.omitted} more paragraphs left out: the explanation is bounded to ${EXPLAIN_BUDGET.toLocaleString('en-US')} characters.` : '';
  return `${fitted.text.trimEnd()}${tail}\n`;
}
