/**
 * Structural diff of two JSON values for `changed-stacks --explain`: one line
 * per leaf that differs ("`target.input.weight`: 0.0588 → 0.0556"), never the
 * whole document. Strings holding JSON (IAM and resource policies, dashboard
 * bodies, event patterns, input templates) are decoded first. Policies are
 * compared statement by statement (by Sid, or by content when a statement has
 * none), dashboards widget by widget (by title), arrays of objects by a key
 * they all carry (alias, Sid, name), other arrays as sets of elements.
 */
import { stableStringify } from './stack-diff';

export type Json = unknown;

/** The longest value shown on a line; longer ones end in "…". */
export const VALUE_CHARS = 200;

/** Strings that hold a JSON object or array, decoded, at any depth. */
export function decodeJson(value: Json): Json {
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      return decodeJson(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(decodeJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, decodeJson(inner)]));
  return value;
}

/** A value on one line: compact JSON with sorted keys, at most VALUE_CHARS characters, no backticks. */
export function shown(value: Json): string {
  const text = stableStringify(value).replace(/`/g, "'");
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS - 1)}…` : text;
}

/** "0.058823529" reads better as "1/17". */
function fraction(value: Json): string | undefined {
  if (typeof value !== 'number' || value <= 0 || value >= 1) return undefined;
  const n = Math.round(1 / value);
  return n > 1 && Math.abs(1 / n - value) < 1e-6 ? `1/${n}` : undefined;
}

/** Around where two long strings differ, CONTEXT characters each side, so that a long pattern's change stays visible. */
const CONTEXT = 60;

function changeLine(where: string, before: Json, after: Json): string {
  if (typeof before === 'string' && typeof after === 'string' && Math.max(before.length, after.length) > VALUE_CHARS) {
    let start = 0;
    while (start < before.length && start < after.length && before[start] === after[start]) start += 1;
    let end = 0;
    while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end += 1;
    const from = Math.max(0, start - CONTEXT);
    const excerpt = (text: string) => {
      const to = Math.min(text.length, text.length - end + CONTEXT);
      const quoted = JSON.stringify(`${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`).replace(/`/g, "'");
      return quoted.length > 3 * VALUE_CHARS ? `${quoted.slice(0, 3 * VALUE_CHARS - 1)}…` : quoted;
    };
    return `${label(where)}${excerpt(before)} → ${excerpt(after)}`;
  }
  const a = fraction(before);
  const b = fraction(after);
  const ratio = a && b ? ` (${a} → ${b})` : '';
  return `${label(where)}${shown(before)} → ${shown(after)}${ratio}`;
}

function label(where: string): string {
  return where ? `\`${where}\`: ` : '';
}

function isObject(value: Json): value is Record<string, Json> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function join(where: string, key: string): string {
  return where ? `${where}.${key}` : key;
}

/** Lines describing how `after` differs from `before` (already decoded), each without a list marker. */
export function jsonChanges(before: Json, after: Json, where = ''): string[] {
  if (stableStringify(before) === stableStringify(after)) return [];
  if (isPolicy(before) && isPolicy(after)) return policyChanges(before, after, where);
  if (isDashboard(before) && isDashboard(after)) return dashboardChanges(before, after, where);
  if (Array.isArray(before) && Array.isArray(after)) return arrayChanges(before, after, where);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      if (!(key in before)) return [`${label(join(where, key))}added ${shown(after[key])}`];
      if (!(key in after)) return [`${label(join(where, key))}removed (was ${shown(before[key])})`];
      return jsonChanges(before[key], after[key], join(where, key));
    });
  }
  return [changeLine(where, before, after)];
}

/** What a whole value holds, for blocks added or removed: statements of a policy, widgets of a dashboard. */
export function jsonSummary(value: Json, where: string): string[] {
  if (isPolicy(value)) return statementsOf(value).map((statement) => `${label(where)}statement ${statementName(statement)}: ${shown(statement)}`);
  if (isDashboard(value)) return [`${label(where)}${widgetsOf(value).length} widgets: ${widgetsOf(value).map((widget) => JSON.stringify(widgetTitle(widget))).join(', ')}`];
  return [];
}

// --- policies ---------------------------------------------------------------

type Policy = { Statement: Json } & Record<string, Json>;

export function isPolicy(value: Json): value is Policy {
  return isObject(value) && 'Statement' in value && (Array.isArray(value.Statement) || isObject(value.Statement));
}

function statementsOf(policy: Policy): Json[] {
  return Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
}

function statementKey(statement: Json): string {
  return isObject(statement) && typeof statement.Sid === 'string' && statement.Sid ? `Sid:${statement.Sid}` : `content:${stableStringify(statement)}`;
}

function statementName(statement: Json): string {
  if (isObject(statement) && typeof statement.Sid === 'string' && statement.Sid) return `\`${statement.Sid}\``;
  const action = isObject(statement) ? statement.Action ?? statement.NotAction : undefined;
  const effect = isObject(statement) ? statement.Effect : undefined;
  return `(no Sid: ${String(effect ?? '?')} ${shown(action ?? '?')})`;
}

function policyChanges(before: Policy, after: Policy, where: string): string[] {
  const lines: string[] = [];
  const rest = (policy: Policy) => Object.fromEntries(Object.entries(policy).filter(([key]) => key !== 'Statement'));
  lines.push(...jsonChanges(rest(before), rest(after), where));
  const a = new Map(statementsOf(before).map((statement) => [statementKey(statement), statement]));
  const b = new Map(statementsOf(after).map((statement) => [statementKey(statement), statement]));
  for (const [key, statement] of a) if (!b.has(key)) lines.push(`${label(where)}statement ${statementName(statement)} removed: ${shown(statement)}`);
  for (const [key, statement] of b) {
    const old = a.get(key);
    if (old === undefined) lines.push(`${label(where)}statement ${statementName(statement)} added: ${shown(statement)}`);
    else if (stableStringify(old) !== stableStringify(statement)) {
      lines.push(...jsonChanges(old, statement, '').map((line) => `${label(where)}statement ${statementName(statement)} changed: ${line}`));
    }
  }
  return lines;
}

// --- dashboards -------------------------------------------------------------

type Dashboard = { widgets: Json[] } & Record<string, Json>;

export function isDashboard(value: Json): value is Dashboard {
  return isObject(value) && Array.isArray(value.widgets);
}

function widgetsOf(dashboard: Dashboard): Json[] {
  return dashboard.widgets;
}

function widgetTitle(widget: Json): string {
  const properties = isObject(widget) && isObject(widget.properties) ? widget.properties : {};
  if (typeof properties.title === 'string') return properties.title;
  if (typeof properties.markdown === 'string') return properties.markdown.split('\n')[0].slice(0, 60);
  return `(${isObject(widget) ? String(widget.type) : 'widget'} without title)`;
}

function dashboardChanges(before: Dashboard, after: Dashboard, where: string): string[] {
  const lines: string[] = [];
  const rest = (dashboard: Dashboard) => Object.fromEntries(Object.entries(dashboard).filter(([key]) => key !== 'widgets'));
  lines.push(...jsonChanges(rest(before), rest(after), where));
  const keyed = (dashboard: Dashboard) => {
    const map = new Map<string, Json>();
    for (const widget of widgetsOf(dashboard)) {
      let key = widgetTitle(widget);
      for (let n = 2; map.has(key); n += 1) key = `${widgetTitle(widget)} (${n})`;
      map.set(key, widget);
    }
    return map;
  };
  const a = keyed(before);
  const b = keyed(after);
  const title = (key: string) => `widget ${JSON.stringify(key)}`;
  for (const [key, widget] of a) if (!b.has(key)) lines.push(`${label(where)}${title(key)} removed (${widgetShape(widget)})`);
  for (const [key, widget] of b) {
    const old = a.get(key);
    if (old === undefined) lines.push(`${label(where)}${title(key)} added (${widgetShape(widget)})`);
    else lines.push(...jsonChanges(old, widget, '').map((line) => `${label(where)}${title(key)} changed: ${line}`));
  }
  return lines;
}

function widgetShape(widget: Json): string {
  const properties = isObject(widget) && isObject(widget.properties) ? widget.properties : {};
  const metrics = Array.isArray(properties.metrics) ? `, ${properties.metrics.length} metrics` : '';
  return `${isObject(widget) ? String(widget.type) : 'widget'}${metrics}`;
}

// --- arrays -----------------------------------------------------------------

const ARRAY_KEYS = ['alias', 'Sid', 'name', 'id', 'key', 'title'];

function arrayKey(a: Json[], b: Json[]): string | undefined {
  const all = [...a, ...b];
  return ARRAY_KEYS.find((key) => {
    if (all.length === 0 || !all.every((element) => isObject(element) && typeof element[key] === 'string')) return false;
    const unique = (list: Json[]) => new Set(list.map((element) => (element as Record<string, Json>)[key])).size === list.length;
    return unique(a) && unique(b);
  });
}

function arrayChanges(before: Json[], after: Json[], where: string): string[] {
  const key = arrayKey(before, after);
  if (key) {
    const a = new Map(before.map((element) => [String((element as Record<string, Json>)[key]), element]));
    const b = new Map(after.map((element) => [String((element as Record<string, Json>)[key]), element]));
    const lines: string[] = [];
    for (const [name, element] of a) if (!b.has(name)) lines.push(`${label(where)}removed ${key} ${JSON.stringify(name)}: ${shown(element)}`);
    for (const [name, element] of b) {
      if (!a.has(name)) lines.push(`${label(where)}added ${key} ${JSON.stringify(name)}: ${shown(element)}`);
      else lines.push(...jsonChanges(a.get(name), element, `${where}[${key}=${name}]`));
    }
    return lines;
  }
  if (before.length === after.length && before.length <= 3 && before.every(isObject) && after.every(isObject)) {
    return before.flatMap((element, index) => jsonChanges(element, after[index], `${where}[${index}]`));
  }
  // As sets: which elements left, which arrived (an order change alone says so).
  const a = before.map(stableStringify);
  const b = after.map(stableStringify);
  const removed = before.filter((_, index) => !b.includes(a[index]));
  const added = after.filter((_, index) => !a.includes(b[index]));
  if (removed.length === 0 && added.length === 0) return [`${label(where)}same elements, new order`];
  return [...removed.map((element) => `${label(where)}- ${shown(element)}`), ...added.map((element) => `${label(where)}+ ${shown(element)}`)];
}
