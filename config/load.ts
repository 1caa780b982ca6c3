/**
 * Reads the organization YAML and returns a validated config, or throws a
 * ConfigError listing every problem as FILE:LINE:COL key.path: message.
 *
 * Three phases, each run only when the previous one found nothing, so that a
 * later phase never reports a consequence of an earlier problem:
 *   1. YAML syntax (the `yaml` parser's errors);
 *   2. structure (config/schema.ts, via config/structural-issues.ts);
 *   3. meaning and cross-references (config/validate.ts).
 * Within a phase every problem is reported, sorted by position.
 */
import { readFileSync } from 'node:fs';
import { parseDocument, LineCounter, type Document, type YAMLError } from 'yaml';
import { orgConfigSchema, type OrgConfig } from './schema';
import { structuralIssues, type PathIssue } from './structural-issues';
import { validateConfig } from './validate';
import { PositionFinder } from './yaml-positions';

export interface ConfigIssue {
  file: string;
  line: number;
  col: number;
  /** Dotted key path, e.g. accounts.2.id; "(root)" for the document itself. */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`${file} has ${issues.length} issue${issues.length === 1 ? '' : 's'}:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.col} ${issue.path}: ${issue.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

export function loadConfig(file: string): OrgConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(file, [{ file, line: 1, col: 1, path: '(root)', message: reason }]);
  }
  return parseConfig(text, file);
}

function byPosition(a: ConfigIssue, b: ConfigIssue): number {
  return a.line - b.line || a.col - b.col;
}

function fail(file: string, issues: ConfigIssue[]): never {
  throw new ConfigError(file, [...issues].sort(byPosition));
}

/**
 * The parser reports an unclosed quote where the file ends; the author needs
 * the opening quote instead (the last one before the end: an unclosed quoted
 * string swallows every later line).
 */
function errorOffset(error: YAMLError, text: string): number {
  const quote = /Missing closing (["'])quote/.exec(error.message)?.[1];
  if (error.code === 'MISSING_CHAR' && quote) {
    const opening = text.lastIndexOf(quote, error.pos[0] - 1);
    if (opening >= 0) return opening;
  }
  return error.pos[0];
}

function syntaxIssues(doc: Document, text: string, positions: PositionFinder, file: string): ConfigIssue[] {
  return doc.errors.map((error) => {
    const offset = errorOffset(error, text);
    const { line, col } = positions.at(offset);
    const message = error.code === 'MULTIPLE_DOCS' ? 'the file holds a second YAML document ("---"); keep only one' : error.message.split('\n')[0];
    return { file, line, col, path: formatPath(positions.pathAt(offset)), message: `YAML syntax: ${message}` };
  });
}

function place(issue: PathIssue, positions: PositionFinder, file: string): ConfigIssue {
  const path = issue.key === undefined ? issue.path : [...issue.path, issue.key];
  const { line, col } = issue.key === undefined ? positions.of(issue.path) : positions.ofKey(issue.path, issue.key);
  return { file, line, col, path: formatPath(path), message: issue.message };
}

export function parseConfig(text: string, file: string): OrgConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const positions = new PositionFinder(doc, lineCounter);

  if (doc.errors.length > 0) fail(file, syntaxIssues(doc, text, positions, file));

  if (doc.contents === null) {
    fail(file, [{ file, line: 1, col: 1, path: '(root)', message: 'the file has no content: expected the organization config map' }]);
  }

  const result = orgConfigSchema.safeParse(doc.toJS());
  if (!result.success) {
    fail(file, structuralIssues(result.error, { doc, text, schema: orgConfigSchema }).map((issue) => place(issue, positions, file)));
  }

  const semantic = validateConfig(result.data);
  if (semantic.length > 0) fail(file, semantic.map((issue) => place(issue, positions, file)));

  return result.data;
}
