/**
 * Generated artefacts of the config model (config/schema.ts), both committed
 * and both checked for staleness by test/config/generated.test.ts:
 * - config/org.schema.json: draft-07 JSON Schema for editors (the example
 *   YAML's `# yaml-language-server: $schema=./org.schema.json` modeline);
 * - the "Configuration reference" block of docs/configuration.md (between its
 *   `generated:config-reference` markers).
 * The markdown is rendered from the JSON Schema, so both always agree.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { orgConfigSchema } from '../config/schema';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const SCHEMA_FILE = path.join(REPO_ROOT, 'config', 'org.schema.json');
export const REFERENCE_DOC_FILE = path.join(REPO_ROOT, 'docs', 'configuration.md');
export const REFERENCE_SECTION = 'config-reference';

/** A JSON Schema node, as far as the renderer reads it. */
interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** The schema an editor validates the YAML as written (defaults not yet applied: io "input"). */
export function generateJsonSchema(): JsonSchema & Record<string, unknown> {
  return z.toJSONSchema(orgConfigSchema, { target: 'draft-7', io: 'input' }) as JsonSchema & Record<string, unknown>;
}

export function renderJsonSchema(): string {
  return `${JSON.stringify(generateJsonSchema(), null, 2)}\n`;
}

/** Largest safe integer: zod's `.int()` upper bound, not a real limit worth printing. */
const NO_MAXIMUM = Number.MAX_SAFE_INTEGER;

function alternatives(node: JsonSchema): JsonSchema[] | undefined {
  return node.anyOf ?? node.oneOf;
}

function typeOf(node: JsonSchema): string {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' | ');
  const options = alternatives(node);
  if (options) return 'one of the forms below';
  switch (node.type) {
    case 'array':
      return `list of ${node.items ? typeOf(node.items) : 'values'}`;
    case 'object':
      return typeof node.additionalProperties === 'object' ? `map of ${typeOf(node.additionalProperties)}` : 'map';
    case 'integer':
    case 'number': {
      const range = [node.minimum !== undefined ? `≥ ${node.minimum}` : '', node.maximum !== undefined && node.maximum !== NO_MAXIMUM ? `≤ ${node.maximum}` : '']
        .filter(Boolean)
        .join(', ');
      return range ? `${node.type} (${range})` : String(node.type);
    }
    default:
      return node.format ? `${node.type} (${node.format})` : String(node.type ?? 'any');
  }
}

function defaultOf(node: JsonSchema, required: boolean): string {
  const { default: value } = node;
  // A map's default is the defaults of its keys, listed on their own rows.
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 1) return 'see its keys';
  if (value !== undefined) return `\`${JSON.stringify(value)}\``;
  return required ? '**required**' : '—';
}

/** Markdown table cells may not contain raw pipes or newlines; `<prefix>` would be read as an HTML tag. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface Row {
  key: string;
  node: JsonSchema;
  required: boolean;
}

/** Rows for every key under `node`, nested keys dotted (`bucket.create`), list items as `[]`. */
function rows(node: JsonSchema, prefix: string): Row[] {
  const result: Row[] = [];
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = `${prefix}${key}`;
    result.push({ key: name, node: child, required: required.has(key) });
    result.push(...childRows(child, name));
  }
  return result;
}

function childRows(child: JsonSchema, name: string): Row[] {
  if (child.properties) return rows(child, `${name}.`);
  if (child.type === 'array' && child.items?.properties) return rows(child.items, `${name}[].`);
  const options = alternatives(child);
  if (!options) return [];
  return options.flatMap((option, index) => {
    const form: Row = { key: `${name} (form ${index + 1})`, node: { ...option, type: 'object' }, required: false };
    return option.properties ? [form, ...rows(option, `${name}.`)] : [];
  });
}

function table(entries: Row[]): string {
  const lines = ['| Key | Type | Default | Description |', '| --- | --- | --- | --- |'];
  for (const { key, node, required } of entries) {
    lines.push(`| \`${key}\` | ${cell(typeOf(node))} | ${cell(defaultOf(node, required))} | ${cell(node.description ?? '')} |`);
  }
  return lines.join('\n');
}

export function renderConfigReference(): string {
  const schema = generateJsonSchema();
  const required = new Set(schema.required ?? []);
  const sections = Object.entries(schema.properties ?? {}).map(([key, node]) => {
    const isRequired = required.has(key);
    const entries = [{ key, node, required: isRequired }, ...childRows(node, key)];
    return `### \`${key}\`\n\n${node.description ?? ''}\n\n${table(entries)}\n`;
  });
  return [
    '<!-- Generated by `npm run schema` from config/schema.ts; do not edit (test/config/generated.test.ts fails when stale). -->',
    '## Configuration reference',
    '',
    'The organization is described by one YAML file, `config/org.yaml` by default (`--config PATH` or `SIGNIN_WATCH_CONFIG` choose another).',
    'Editors that run the YAML language server validate and complete it through the `# yaml-language-server: $schema=./org.schema.json` modeline.',
    'Unknown keys are errors. Every problem is reported at once as `FILE:LINE:COL key.path: message` on stderr, and the run exits 1 without synthesizing anything.',
    'A failed run also removes the generated configuration of an earlier run from `cdktf.out` (Terraform state and `.terraform/` stay), so nothing stale can be planned or applied by mistake.',
    '',
    'Besides the structure below, `npm run synth` checks: account names, ids and emails are unique; every account reference (`organization.managementAccount`, `aggregator.account`, `identityCenter.account`) names an account of `accounts` by name or id; every region code exists; `optInRegions` lists only opt-in regions, each once; the aggregator, Identity Center and trail regions are enabled in their account; emails are valid; every ignored principal and acknowledgement gives a reason; every `alerts.ignorePrincipals` ARN pattern names one 12-digit account (a wildcard account is refused: any member admin could create that name and silence their own sign-ins) and can be written as a metric filter (no `**`), and together they keep the console-login-success metric filter within CloudWatch Logs\' 1024 characters; excluding `us-east-1` (organization-wide or per account) is refused, naming the alert kinds that lose their per-event alerts (IAM, Organizations and Account Management events reach EventBridge only in us-east-1), unless `acknowledgements` accepts it with `rule: SW-CONFIG-US-EAST-1` (optional `resource: <account name>`) and a reason; such an acknowledgement that accepts nothing is refused too (docs/regions.md).',
    '',
    ...sections,
  ].join('\n');
}
