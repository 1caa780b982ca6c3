/**
 * Phase 1 of validation: turns zod's structural issues into messages a person
 * editing the YAML can act on, each anchored to a key path of the file.
 * Phase 2 (cross-references) is config/validate.ts.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { didYouMean } from './suggest';
import { nodeAt, type KeyPath } from './yaml-positions';

export interface PathIssue {
  path: PropertyKey[];
  message: string;
  /** Point at this key of the map at `path` rather than at `path` itself (unknown keys). */
  key?: string;
}

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** What a YAML node is, in the words a YAML author uses. */
function describeNode(node: Node | null | undefined): string {
  if (node === undefined) return 'nothing';
  if (node === null) return 'no value';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null) return 'no value';
    if (typeof node.value === 'number') return `the number ${node.source ?? node.value}`;
    if (typeof node.value === 'boolean') return `the boolean ${node.value}`;
    return `the string "${node.value}"`;
  }
  return 'an alias';
}

function expectedWords(expected: string): string {
  const words: Record<string, string> = { object: 'a map', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false' };
  return words[expected] ?? expected;
}

/** The text of a scalar exactly as written in the file (before YAML turned it into a number). */
function sourceText(text: string, node: Node): string {
  const range = node.range;
  return range ? text.slice(range[0], range[1]) : String(isScalar(node) ? node.value : '');
}

const ACCOUNT_REFERENCE_KEYS = new Set(['managementAccount', 'account']);

function isAccountIdPath(path: KeyPath): boolean {
  const last = path[path.length - 1];
  if (typeof last === 'string' && ACCOUNT_REFERENCE_KEYS.has(last)) return true;
  return path.length === 3 && path[0] === 'accounts' && last === 'id';
}

function numberWhereStringExpected(path: KeyPath, written: string, value: unknown): string {
  if (isAccountIdPath(path)) {
    const reading = written !== String(value) ? `YAML reads ${written} as ${value}: leading zeros are lost` : 'YAML reads unquoted digits as a number and drops leading zeros';
    return `account id written as a number (${reading}); quote it: "${written}"`;
  }
  return `expected a string, got the number ${written}; quote it: "${written}"`;
}

/** The keys the schema accepts at `path` (every option of a union), for "did you mean". */
export function knownKeys(schema: AnySchema, path: KeyPath): string[] {
  const keys = new Set<string>();
  const visit = (current: AnySchema, rest: KeyPath): void => {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
        return visit(def.innerType as AnySchema, rest);
      case 'pipe':
        return visit(def.in as AnySchema, rest);
      case 'union':
        return (def.options as AnySchema[]).forEach((option) => visit(option, rest));
      case 'array':
        return rest.length > 0 ? visit(def.element as AnySchema, rest.slice(1)) : undefined;
      case 'record':
        return rest.length > 0 ? visit(def.valueType as AnySchema, rest.slice(1)) : undefined;
      case 'object': {
        const shape = def.shape as Record<string, AnySchema>;
        if (rest.length === 0) Object.keys(shape).forEach((key) => keys.add(key));
        else if (shape[String(rest[0])]) visit(shape[String(rest[0])], rest.slice(1));
        return;
      }
      default:
        return;
    }
  };
  visit(schema, path);
  return [...keys];
}

function unknownKeyMessage(key: string, known: string[]): string {
  const suggestion = didYouMean(key, known.filter((candidate) => candidate !== key));
  if (suggestion) return `unknown key "${key}"${suggestion}`;
  return `unknown key "${key}" (allowed here: ${known.join(', ')})`;
}

/** The required keys an object option of a union lacks, when that is its only problem. */
function missingKeysOnly(issues: Issue[]): string[] | undefined {
  const missing = issues.filter((issue) => issue.path.length === 1 && issue.code === 'invalid_type' && issue.input === undefined);
  const lacksLiteral = issues.filter((issue) => issue.path.length === 1 && issue.code === 'invalid_value' && issue.input === undefined);
  if (missing.length + lacksLiteral.length !== issues.length) return undefined;
  const literal = (issue: Issue): string => (issue.code === 'invalid_value' && issue.values.length === 1 ? `: ${JSON.stringify(issue.values[0])}` : '');
  return [...missing, ...lacksLiteral].map((issue) => `"${String(issue.path[0])}${literal(issue)}"`);
}

/**
 * Translates one zod issue (possibly a union of alternatives) into path issues.
 * The document is consulted to tell a missing key from an explicit null and to report
 * numbers as they were written.
 */
export interface Source {
  doc: Document;
  text: string;
  schema: AnySchema;
}

function translate(issue: Issue, source: Source, prefix: PropertyKey[] = []): PathIssue[] {
  const { doc, text, schema } = source;
  const path = [...prefix, ...issue.path];
  const node = nodeAt(doc, path);
  const present = node !== undefined;

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schema, path);
      return issue.keys.map((key) => ({ path, key, message: unknownKeyMessage(key, known) }));
    }
    case 'invalid_type': {
      if (!present) return [{ path, message: `required key "${String(path[path.length - 1])}" is missing (${expectedWords(issue.expected)})` }];
      if (issue.expected === 'string' && isScalar(node) && typeof node.value === 'number') {
        return [{ path, message: numberWhereStringExpected(path, sourceText(text, node), node.value) }];
      }
      return [{ path, message: `expected ${expectedWords(issue.expected)}, got ${describeNode(node)}` }];
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map((option) => `"${String(option)}"`).join(' or ');
        return [{ path, message: present ? `must be ${options}, got ${describeNode(node)}` : `required key "${issue.discriminator}" is missing (${options})` }];
      }
      const alternatives = issue.errors;
      if (alternatives.length === 0) return [{ path, message: issue.message }];
      const missingPerOption = alternatives.map(missingKeysOnly);
      if (missingPerOption.every((missing) => missing !== undefined) && isMap(node) && node.items.length === 0) {
        const choices = missingPerOption.map((missing) => missing!.join(' and ')).join(', or ');
        return [{ path, message: `give either ${choices}` }];
      }
      // The alternative the author most likely meant: the one that knows most of the keys written, then the one with the fewest complaints.
      const unknownKeys = (option: Issue[]): number =>
        option.reduce((count, inner) => count + (inner.code === 'unrecognized_keys' && inner.path.length === 0 ? inner.keys.length : 0), 0);
      const closestOption = alternatives.reduce((best, option) => {
        const difference = unknownKeys(option) - unknownKeys(best) || option.length - best.length;
        return difference < 0 ? option : best;
      });
      return closestOption.flatMap((inner) => translate(inner, source, path));
    }
    case 'invalid_value': {
      if (!present) return [{ path, message: `required key "${String(path[path.length - 1])}" is missing (${issue.values.map((v) => JSON.stringify(v)).join(' or ')})` }];
      return [{ path, message: `must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}, got ${describeNode(node)}` }];
    }
    case 'too_small':
    case 'too_big': {
      // zod's default wording ("Too small: expected number to be >=1"); custom messages are kept as written.
      const isDefaultMessage = /^Too (small|big):/.test(issue.message);
      if (isDefaultMessage && issue.origin === 'number') {
        const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
        return [{ path, message: `must be ${bound}, got ${describeNode(node)}` }];
      }
      if (isDefaultMessage && issue.origin === 'string') {
        const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
        return [{ path, message: `must be ${bound} characters long` }];
      }
      return [{ path, message: issue.message }];
    }
    default:
      return [{ path, message: issue.message.replace(/^Invalid (input|option): /, '') }];
  }
}

export function structuralIssues(error: z.ZodError, source: Source): PathIssue[] {
  return error.issues.flatMap((issue) => translate(issue as Issue, source));
}
