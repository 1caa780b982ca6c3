/**
 * Offline CloudWatch Logs JSON filter patterns, per the CloudWatch Logs user
 * guide ("Filter pattern syntax ...", "Using filter patterns to match terms in
 * JSON log events"): `{ … }` with `$.a.b` / `[n]` selectors, `=`, `!=`, `<`,
 * `>`, `<=`, `>=`, `EXISTS`, `NOT EXISTS`, `IS NULL`, `IS TRUE`, `IS FALSE`,
 * `&&`, `||`, parentheses (precedence () > && > ||), quoted and unquoted
 * strings, `*` wildcards. Anything else (text terms, space-delimited `[...]`
 * patterns, regex `%...%`) is a LogsFilterSyntaxError naming the column.
 * No dependency, no cdktf import.
 *
 * Documented assumptions:
 * - `=` / `!=` compare only value nodes (strings and numbers): a selector on an
 *   object, array, null or boolean matches neither (the guide: "both
 *   {$.users = 1} and {$.users != 1} fail to match ... where users is an array").
 * - Whether `!=` matches a MISSING property is unverified. Default: it does not
 *   (a missing property is not a value node); `notEqualsMatchesMissing: true`
 *   gives the other reading. The catalogue's filters hold under both.
 * - `*` is a wildcard only at the start and/or end of a value ("*Event",
 *   "Event*"); inside a value it is literal ("Ev*ent" matches only "Ev*ent").
 *   A value of only `*` matches any value node.
 * - An unquoted number compares numerically with a JSON number and as text
 *   with a JSON string; a quoted value compares as text (a JSON number by its
 *   decimal text).
 */

export class LogsFilterSyntaxError extends Error {
  constructor(message: string, readonly pattern: string, readonly column: number) {
    super(`filter pattern, column ${column}: ${message}\n  ${pattern}\n  ${' '.repeat(Math.max(0, column - 1))}^`);
    this.name = 'LogsFilterSyntaxError';
  }
}

export interface LogsFilterOptions {
  /** Whether `!=` matches a property that is absent. Default false. */
  notEqualsMatchesMissing?: boolean;
}

type Segment = { kind: 'key'; name: string } | { kind: 'index'; index: number };
type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=';
type Literal = { text: string; quoted: boolean; number?: number };

type Node =
  | { type: 'and' | 'or'; left: Node; right: Node }
  | { type: 'compare'; selector: Segment[]; operator: Operator; value: Literal }
  | { type: 'exists' | 'notExists' | 'isNull' | 'isTrue' | 'isFalse'; selector: Segment[] };

type Token =
  | { type: 'selector'; segments: Segment[]; column: number }
  | { type: 'operator'; value: Operator; column: number }
  | { type: 'and' | 'or' | 'lparen' | 'rparen'; column: number }
  | { type: 'word'; value: string; column: number }
  | { type: 'string'; value: string; column: number };

const NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/;
const KEY_CHAR = /[A-Za-z0-9_-]/;
const WORD_STOP = /[\s()&|}]/;

function tokenize(body: string, pattern: string, offset: number): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const fail = (message: string, at = index): never => {
    throw new LogsFilterSyntaxError(message, pattern, offset + at + 1);
  };
  while (index < body.length) {
    const char = body[index];
    const column = offset + index + 1;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '(' || char === ')') {
      tokens.push({ type: char === '(' ? 'lparen' : 'rparen', column });
      index += 1;
    } else if (body.startsWith('&&', index) || body.startsWith('||', index)) {
      tokens.push({ type: char === '&' ? 'and' : 'or', column });
      index += 2;
    } else if (char === '&' || char === '|') {
      fail(`"${char}" must be doubled ("${char}${char}")`);
    } else if (char === '$') {
      const segments: Segment[] = [];
      index += 1;
      while (index < body.length && (body[index] === '.' || body[index] === '[')) {
        if (body[index] === '.') {
          const start = index + 1;
          index = start;
          while (index < body.length && KEY_CHAR.test(body[index])) index += 1;
          if (index === start) fail('expected a property name after "."');
          segments.push({ kind: 'key', name: body.slice(start, index) });
        } else {
          const close = body.indexOf(']', index);
          const digits = close < 0 ? '' : body.slice(index + 1, close);
          if (!/^\d+$/.test(digits)) fail('expected an array index like [0]');
          if (segments.length === 0) fail('an array index must follow a property');
          segments.push({ kind: 'index', index: Number(digits) });
          index = close + 1;
        }
      }
      if (segments.length === 0) fail('a selector must start with "$." (e.g. $.eventName)');
      if (index < body.length && !/[\s()=!<>&|]/.test(body[index])) fail(`unexpected "${body[index]}" in selector`);
      tokens.push({ type: 'selector', segments, column });
    } else if (char === '!' || char === '=' || char === '<' || char === '>') {
      const two = body.slice(index, index + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ type: 'operator', value: two, column });
        index += 2;
      } else if (char === '!') {
        fail('expected "!="');
      } else {
        tokens.push({ type: 'operator', value: char as Operator, column });
        index += 1;
      }
    } else if (char === '"') {
      let value = '';
      index += 1;
      while (index < body.length && body[index] !== '"') {
        if (body[index] === '\\' && index + 1 < body.length) {
          value += body[index + 1];
          index += 2;
        } else {
          value += body[index];
          index += 1;
        }
      }
      if (index >= body.length) fail('unterminated quoted string', column - offset - 1);
      index += 1;
      tokens.push({ type: 'string', value, column });
    } else if (char === '%') {
      fail('regular expressions (%...%) are not supported');
    } else {
      const start = index;
      while (index < body.length && !WORD_STOP.test(body[index])) index += 1;
      tokens.push({ type: 'word', value: body.slice(start, index), column });
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly pattern: string,
  ) {}

  parse(): Node {
    if (this.tokens.length === 0) this.fail('empty JSON filter', this.pattern.length);
    const node = this.parseOr();
    const extra = this.tokens[this.position];
    if (extra) this.fail(`unexpected ${describe(extra)}`, extra.column);
    return node;
  }

  private fail(message: string, column: number): never {
    throw new LogsFilterSyntaxError(message, this.pattern, column);
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private parseOr(): Node {
    let left = this.parseAnd();
    while (this.peek()?.type === 'or') {
      this.position += 1;
      left = { type: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Node {
    let left = this.parseUnary();
    while (this.peek()?.type === 'and') {
      this.position += 1;
      left = { type: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Node {
    const token = this.peek();
    if (!token) this.fail('expected a condition, found the end of the pattern', this.pattern.length);
    if (token.type === 'lparen') {
      this.position += 1;
      const node = this.parseOr();
      const close = this.peek();
      if (close?.type !== 'rparen') this.fail(`expected ")" to close "(" at column ${token.column}`, close?.column ?? this.pattern.length);
      this.position += 1;
      return node;
    }
    if (token.type !== 'selector') this.fail(`expected a selector such as $.eventName, found ${describe(token)}`, token.column);
    this.position += 1;
    return this.parseCondition(token.segments);
  }

  private word(expected: string): boolean {
    const token = this.peek();
    if (token?.type === 'word' && token.value === expected) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private parseCondition(selector: Segment[]): Node {
    const token = this.peek();
    if (!token) this.fail('expected an operator, EXISTS, NOT EXISTS or IS …', this.pattern.length);
    if (token.type === 'operator') {
      this.position += 1;
      return { type: 'compare', selector, operator: token.value, value: this.parseValue(token.value, token.column) };
    }
    if (this.word('EXISTS')) return { type: 'exists', selector };
    if (this.word('NOT')) {
      if (this.word('EXISTS')) return { type: 'notExists', selector };
      this.fail('expected EXISTS after NOT', this.peek()?.column ?? this.pattern.length);
    }
    if (this.word('IS')) {
      if (this.word('NULL')) return { type: 'isNull', selector };
      if (this.word('TRUE')) return { type: 'isTrue', selector };
      if (this.word('FALSE')) return { type: 'isFalse', selector };
      this.fail('expected NULL, TRUE or FALSE after IS', this.peek()?.column ?? this.pattern.length);
    }
    return this.fail(`expected an operator, EXISTS, NOT EXISTS or IS …, found ${describe(token)}`, token.column);
  }

  private parseValue(operator: Operator, column: number): Literal {
    const token = this.peek();
    if (!token || (token.type !== 'word' && token.type !== 'string')) {
      this.fail(`expected a value after "${operator}"`, token?.column ?? column);
    }
    this.position += 1;
    if (token.type === 'string') {
      if (operator !== '=' && operator !== '!=') this.fail(`"${operator}" compares numbers, found a quoted string`, token.column);
      return { text: token.value, quoted: true };
    }
    const number = NUMBER.test(token.value) ? Number(token.value) : undefined;
    if (operator !== '=' && operator !== '!=' && number === undefined) this.fail(`"${operator}" needs a number, found "${token.value}"`, token.column);
    if (/[^A-Za-z0-9_.*+-]/.test(token.value)) this.fail(`"${token.value}" has characters that need double quotes`, token.column);
    return { text: token.value, quoted: false, number };
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'selector':
      return 'a selector';
    case 'operator':
      return `"${token.value}"`;
    case 'word':
      return `"${token.value}"`;
    case 'string':
      return `"\\"${token.value}\\""`;
    case 'and':
      return '"&&"';
    case 'or':
      return '"||"';
    case 'lparen':
      return '"("';
    case 'rparen':
      return '")"';
  }
}

/** Value at a selector; undefined when any step is missing or of the wrong kind. */
function select(event: unknown, selector: Segment[]): unknown {
  let current: unknown = event;
  for (const segment of selector) {
    if (segment.kind === 'key') {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(current, segment.name)) return undefined;
      current = (current as Record<string, unknown>)[segment.name];
    } else {
      if (!Array.isArray(current) || segment.index >= current.length) return undefined;
      current = current[segment.index];
    }
  }
  return current;
}

function textMatches(actual: string, expected: string): boolean {
  if (expected === '*') return true;
  const leading = expected.startsWith('*');
  const trailing = expected.length > 1 && expected.endsWith('*');
  const core = expected.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return actual.includes(core);
  if (leading) return actual.endsWith(core);
  if (trailing) return actual.startsWith(core);
  return actual === expected;
}

function equals(value: string | number, literal: Literal): boolean {
  if (typeof value === 'number' && literal.number !== undefined && !literal.quoted) return value === literal.number;
  return textMatches(typeof value === 'number' ? String(value) : value, literal.text);
}

function evaluate(node: Node, event: unknown, options: LogsFilterOptions): boolean {
  switch (node.type) {
    case 'and':
      return evaluate(node.left, event, options) && evaluate(node.right, event, options);
    case 'or':
      return evaluate(node.left, event, options) || evaluate(node.right, event, options);
    case 'exists':
      return select(event, node.selector) !== undefined;
    case 'notExists':
      return select(event, node.selector) === undefined;
    case 'isNull':
      return select(event, node.selector) === null;
    case 'isTrue':
      return select(event, node.selector) === true;
    case 'isFalse':
      return select(event, node.selector) === false;
    case 'compare': {
      const value = select(event, node.selector);
      if (value === undefined) return node.operator === '!=' && options.notEqualsMatchesMissing === true;
      if (typeof value !== 'string' && typeof value !== 'number') return false;
      switch (node.operator) {
        case '=':
          return equals(value, node.value);
        case '!=':
          return !equals(value, node.value);
        default: {
          if (typeof value !== 'number') return false;
          const bound = node.value.number!;
          if (node.operator === '<') return value < bound;
          if (node.operator === '<=') return value <= bound;
          if (node.operator === '>') return value > bound;
          return value >= bound;
        }
      }
    }
  }
}

export interface CompiledLogsFilter {
  pattern: string;
  matches(event: unknown, options?: LogsFilterOptions): boolean;
}

/** Parses (and so validates) a JSON filter pattern once. */
export function compileLogsFilter(pattern: string): CompiledLogsFilter {
  const start = pattern.search(/\S/);
  if (start < 0 || pattern[start] !== '{') {
    throw new LogsFilterSyntaxError('only JSON filter patterns "{ … }" are supported', pattern, Math.max(1, start + 1));
  }
  const end = pattern.lastIndexOf('}');
  if (end <= start || pattern.slice(end + 1).trim() !== '') throw new LogsFilterSyntaxError('expected "}" at the end of the pattern', pattern, pattern.length);
  const tree = new Parser(tokenize(pattern.slice(start + 1, end), pattern, start + 1), pattern).parse();
  return { pattern, matches: (event, options = {}) => evaluate(tree, event, options) };
}

/** Whether a JSON log event (parsed) matches the filter pattern. Throws LogsFilterSyntaxError on unsupported syntax. */
export function matchesLogsFilter(pattern: string, event: unknown, options: LogsFilterOptions = {}): boolean {
  return compileLogsFilter(pattern).matches(event, options);
}
