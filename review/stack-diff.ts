/**
 * Compares two synthesized outputs stack by stack. Two stacks are "the same"
 * when their Terraform JSON is equal after dropping what never reaches a plan:
 * cdktf's "//" metadata (construct paths, cdktf version) and the absolute
 * directory the synth ran in (the local backend's state path).
 */
import * as path from 'node:path';
import type { SynthesizedStack, TerraformJson } from '../synth/output';

export interface StackChanges {
  changed: string[];
  added: string[];
  removed: string[];
}

export function diffStacks(base: Map<string, SynthesizedStack>, current: Map<string, SynthesizedStack>): StackChanges {
  const changes: StackChanges = { changed: [], added: [], removed: [] };
  for (const [name, stack] of current) {
    const before = base.get(name);
    if (!before) changes.added.push(name);
    else if (canonicalTerraform(before.terraform) !== canonicalTerraform(stack.terraform)) changes.changed.push(name);
  }
  for (const name of base.keys()) if (!current.has(name)) changes.removed.push(name);
  for (const list of Object.values(changes)) list.sort();
  return changes;
}

export interface ResourceChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/**
 * Which resources, data sources, providers and other top-level blocks of one
 * stack differ, as Terraform-like addresses ("aws_sns_topic.alerts",
 * "provider.aws", "terraform"), for reviewers and tests.
 */
/** Every block of a stack by Terraform-like address, volatile fields removed. */
export function blocksOf(terraform: TerraformJson): Map<string, unknown> {
  const blocks = new Map<string, unknown>();
  const cleaned = withoutVolatileFields(terraform) as Record<string, unknown>;
  for (const [section, body] of Object.entries(cleaned)) {
    if ((section === 'resource' || section === 'data') && body && typeof body === 'object') {
      for (const [type, byName] of Object.entries(body as Record<string, Record<string, unknown>>)) {
        for (const [name, resource] of Object.entries(byName)) blocks.set(`${section === 'data' ? 'data.' : ''}${type}.${name}`, resource);
      }
    } else if (section === 'provider' && body && typeof body === 'object') {
      for (const [name, configs] of Object.entries(body as Record<string, unknown>)) blocks.set(`provider.${name}`, configs);
    } else {
      blocks.set(section, body);
    }
  }
  return blocks;
}

export function resourceChanges(before: TerraformJson, after: TerraformJson): ResourceChanges {
  const flatten = (terraform: TerraformJson) => new Map([...blocksOf(terraform)].map(([address, body]) => [address, stableStringify(body)]));
  const a = flatten(before);
  const b = flatten(after);
  const result: ResourceChanges = { added: [], changed: [], removed: [] };
  for (const [address, text] of b) {
    if (!a.has(address)) result.added.push(address);
    else if (a.get(address) !== text) result.changed.push(address);
  }
  for (const address of a.keys()) if (!b.has(address)) result.removed.push(address);
  for (const list of Object.values(result)) list.sort();
  return result;
}

/** Stable text of a stack's Terraform JSON without volatile fields. */
export function canonicalTerraform(terraform: TerraformJson): string {
  return stableStringify(withoutVolatileFields(terraform));
}

function withoutVolatileFields(terraform: TerraformJson): unknown {
  const cleaned = stripMetadata(terraform) as TerraformJson;
  const local = cleaned.terraform?.backend?.local;
  // cdktf's default local backend path is absolute (process.cwd()): keep only the file name.
  if (local && typeof local.path === 'string') local.path = path.basename(local.path);
  return cleaned;
}

function stripMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => key !== '//')
        .map(([key, inner]) => [key, stripMetadata(inner)]),
    );
  }
  return value;
}

export function stableStringify(value: unknown): string {
  const parts: string[] = [];
  writeStable(value, parts);
  return parts.join('');
}

/** stableStringify's writer: one array of parts, no intermediate strings per level (1,000-stack diffs). */
function writeStable(value: unknown, parts: string[]): void {
  if (Array.isArray(value)) {
    parts.push('[');
    for (let index = 0; index < value.length; index++) {
      if (index > 0) parts.push(',');
      writeStable(value[index], parts);
    }
    parts.push(']');
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    parts.push('{');
    const keys = Object.keys(record).sort();
    for (let index = 0; index < keys.length; index++) {
      parts.push(index > 0 ? ',' : '', JSON.stringify(keys[index]), ':');
      writeStable(record[keys[index]], parts);
    }
    parts.push('}');
  } else parts.push(JSON.stringify(value ?? null));
}

/** One line for people: "2 stacks changed: member-a, aggregator; 1 added: member-b; none removed". */
export function describeChanges(changes: StackChanges): string {
  const part = (label: string, names: string[]) => (names.length === 0 ? `none ${label}` : `${names.length} ${label}: ${names.join(', ')}`);
  if (changes.changed.length + changes.added.length + changes.removed.length === 0) return 'no stack changed';
  return [part('changed', changes.changed), part('added', changes.added), part('removed', changes.removed)].join('; ');
}
