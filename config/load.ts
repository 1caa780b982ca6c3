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
import { readFileSync, statSync } from 'node:fs';
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, LineCounter, type Alias, type Document, type Node, type Pair, type YAMLError } from 'yaml';
import { orgConfigSchema, type OrgConfig } from './schema';
import { structuralIssues, type PathIssue } from './structural-issues';
import { validateConfig, type CatalogueLimits } from './validate';
import { nodeAt, PositionFinder } from './yaml-positions';

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

/**
 * The file cannot be a config at all (missing, unreadable, binary, huge): one
 * line naming the file and why, never a made-up position and never its bytes.
 */
export class ConfigFileError extends ConfigError {
  constructor(file: string, reason: string) {
    super(file, []);
    this.message = `${file}: ${reason}`;
    this.name = 'ConfigFileError';
  }
}

/** Far above any real config (5,000 accounts take about 1 MB). */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** Why `bytes` is not YAML text, or undefined when it is. */
export function notYamlText(bytes: Buffer): string | undefined {
  if (bytes.length > MAX_CONFIG_BYTES) return `not a YAML text file (${(bytes.length / 1024 / 1024).toFixed(1)} MB; a config is at most ${MAX_CONFIG_BYTES / 1024 / 1024} MB)`;
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `not a YAML text file (binary: a NUL byte at offset ${nul})`;
  const text = bytes.toString('utf8');
  const invalid = text.indexOf('\uFFFD');
  if (invalid >= 0 && !bytes.includes(Buffer.from('\uFFFD', 'utf8'))) return `not a YAML text file (not UTF-8: invalid bytes at offset ${Buffer.byteLength(text.slice(0, invalid))})`;
  // YAML 1.2 allows tab, LF, CR and printable characters; other C0 controls mean a binary file.
  const control = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]/.exec(text);
  if (control) return `not a YAML text file (binary: control byte 0x${control[0].charCodeAt(0).toString(16).padStart(2, '0')} at offset ${Buffer.byteLength(text.slice(0, control.index))})`;
  return undefined;
}

/** Control characters (a key with a newline, a tab) shown escaped, so an issue stays one line. */
function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1));
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.col} ${issue.path}: ${escapeControl(issue.message)}`;
}

/** Dotted key path; a key that is not a plain word (a dot, a space, a newline inside) is shown JSON-quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment: unknown) => (typeof segment === 'symbol' ? (segment.description ?? '') : typeof segment === 'object' && segment !== null ? '(complex key)' : segment))
    .map((segment) => (typeof segment === 'string' && segment !== '(complex key)' && !/^[\w$<-]+$/.test(segment) ? JSON.stringify(segment) : String(segment)))
    .join('.');
}

export function loadConfig(file: string, limits: CatalogueLimits): OrgConfig {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new ConfigFileError(file, 'is a directory, not a config file');
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof ConfigFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigFileError(file, code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (error as Error).message);
  }
  return parseConfigBytes(bytes, file, limits);
}

/** A config file's bytes: refused in one line when they are not YAML text, else parsed and validated. */
export function parseConfigBytes(bytes: Buffer, file: string, limits: CatalogueLimits): OrgConfig {
  const reason = notYamlText(bytes);
  if (reason) throw new ConfigFileError(file, reason);
  return parseConfig(bytes.toString('utf8'), file, limits);
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
  // An unclosed `[` or `{` is reported where the parser gave up (a later line); point at the opening bracket.
  const bracket = /end with a ([\]}])/.exec(error.message)?.[1];
  if (bracket) {
    const opening = unclosedBracket(text, error.pos[0], bracket === ']' ? '[' : '{', bracket);
    if (opening >= 0) return opening;
  }
  return error.pos[0];
}

/** Offset of the last `open` before `end` that no `close` before `end` matches (quotes and comments skipped), or -1. */
function unclosedBracket(text: string, end: number, open: string, close: string): number {
  const stack: number[] = [];
  let quote: string | undefined;
  for (let index = 0; index < end; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === '\\' && quote === '"') index += 1;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(text[index - 1]))) {
      const newline = text.indexOf('\n', index);
      index = newline < 0 ? end : newline;
    } else if (char === open) {
      stack.push(index);
    } else if (char === close) {
      stack.pop();
    }
  }
  return stack.length > 0 ? stack[stack.length - 1] : -1;
}

/** Where the first occurrence of the key a DUPLICATE_KEY error points at is written. */
function firstOccurrence(doc: Document, positions: PositionFinder, offset: number): { line: number; col: number } | undefined {
  const path = positions.pathAt(offset);
  const map = nodeAt(doc, path.slice(0, -1));
  if (!isMap(map)) return undefined;
  const key = path[path.length - 1];
  const first = (map.items as Pair<Node, Node | null>[]).find((pair) => isScalar(pair.key) && String(pair.key.value) === String(key));
  const start = first?.key?.range?.[0];
  return start === undefined || start === offset ? undefined : positions.at(start);
}

function syntaxIssues(doc: Document, text: string, positions: PositionFinder, file: string): ConfigIssue[] {
  return doc.errors.map((error) => {
    const offset = errorOffset(error, text);
    const { line, col } = positions.at(offset);
    let message = error.code === 'MULTIPLE_DOCS' ? 'the file holds a second YAML document ("---"); keep only one' : error.message.split('\n')[0];
    if (error.code === 'DUPLICATE_KEY') {
      const first = firstOccurrence(doc, positions, offset);
      if (first) message = `duplicate key: first written at ${file}:${first.line}:${first.col}; keep one`;
    }
    if (/end with a [\]}]/.test(message) && offset !== error.pos[0]) message = `this ${text[offset]} is never closed (expected ${text[offset] === '[' ? ']' : '}'})`;
    return { file, line, col, path: formatPath(positions.pathAt(offset)), message: `YAML syntax: ${message}` };
  });
}

function place(issue: PathIssue, positions: PositionFinder, file: string): ConfigIssue {
  const path = issue.key === undefined ? issue.path : [...issue.path, issue.key];
  const { line, col } = issue.key === undefined ? positions.of(issue.path) : positions.ofKey(issue.path, issue.key);
  return { file, line, col, path: formatPath(path), message: issue.message };
}

/** Aliases that expand to more nodes than this are refused (an "alias bomb"); a real config uses a handful. */
export const MAX_ALIAS_COUNT = 1000;

/**
 * The document as plain data, or positioned issues for what `toJS` cannot
 * resolve: an alias used before (or without) its anchor, and aliases that
 * expand beyond MAX_ALIAS_COUNT.
 */
function toData(doc: Document, positions: PositionFinder, file: string): unknown {
  const aliases: Alias[] = [];
  visit(doc, { Alias: (_key, node) => void aliases.push(node) });
  const issueAt = (node: Node, message: string): ConfigIssue => {
    const offset = node.range?.[0] ?? 0;
    return { file, ...positions.at(offset), path: formatPath(positions.pathAt(offset)), message };
  };
  const unresolved = aliases.filter((alias) => alias.resolve(doc) === undefined);
  if (unresolved.length > 0) {
    fail(file, unresolved.map((alias) => issueAt(alias, `YAML alias *${alias.source} is used before its anchor &${alias.source} is defined (or it is never defined): define the anchor first`)));
  }
  const badMerges: Node[] = [];
  const mergeKeys: Node[] = [];
  visit(doc, {
    Pair: (_key, pair) => {
      // With merge keys on, the parser turns the `<<` key into a symbol.
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if ((typeof key === 'symbol' ? key.description : key) !== '<<') return;
      mergeKeys.push(pair.key as Node);
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      const isMapSource = (source: unknown) => isMap(source) || (isAlias(source) && isMap(source.resolve(doc)));
      if (!sources.every(isMapSource)) badMerges.push(pair.key as Node);
    },
  });
  if (badMerges.length > 0) {
    fail(file, badMerges.map((key) => issueAt(key, 'YAML merge key "<<" takes a map or an alias of one (e.g. <<: *account-defaults, with &account-defaults on a map above)')));
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && aliases.length > 0) {
      fail(file, [issueAt(aliases[0], `YAML aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT}; an alias bomb?): use fewer aliases`)]);
    }
    // A merge source the check above could not see through (an alias of an alias, a reused anchor name).
    if (/^Merge sources/.test((error as Error).message) && mergeKeys.length > 0) {
      fail(file, mergeKeys.map((key) => issueAt(key, 'YAML merge key "<<" takes a map or an alias of one; one of these does not resolve to a map')));
    }
    throw error;
  }
}

export function parseConfig(text: string, file: string, limits: CatalogueLimits): OrgConfig {
  const lineCounter = new LineCounter();
  // merge: YAML merge keys (`<<: *defaults`) work, e.g. for settings shared by accounts.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
  const positions = new PositionFinder(doc, lineCounter);

  if (doc.errors.length > 0) fail(file, syntaxIssues(doc, text, positions, file));

  if (doc.contents === null) {
    fail(file, [{ file, line: 1, col: 1, path: '(root)', message: 'the file has no content: expected the organization config map' }]);
  }

  const result = orgConfigSchema.safeParse(toData(doc, positions, file));
  if (!result.success) {
    fail(file, structuralIssues(result.error, { doc, text, schema: orgConfigSchema }).map((issue) => place(issue, positions, file)));
  }

  const semantic = validateConfig(result.data, limits);
  if (semantic.length > 0) fail(file, semantic.map((issue) => place(issue, positions, file)));

  return result.data;
}
