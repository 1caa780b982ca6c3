/**
 * Offline EventBridge event-pattern matching for the operators the catalogue
 * uses, per the EventBridge user guide ("Content filtering in Amazon
 * EventBridge event patterns", "Arrays in ... event patterns", "Matching null
 * values and empty strings ..."). Unsupported syntax throws an
 * EventPatternError rather than guessing. No dependency, no cdktf import.
 *
 * Supported: exact strings, numbers, booleans and null; prefix, suffix,
 * equals-ignore-case (also inside prefix/suffix); wildcard; anything-but with
 * values, prefix, suffix, equals-ignore-case or wildcard; numeric; exists;
 * $or; nested objects; arrays in events (any element matches).
 * Not supported (error): cidr, and any other operator.
 *
 * Documented assumptions:
 * - A field whose value is an object is not a leaf: leaf matchers treat it as
 *   absent, so `exists: false` matches it (the guide's own exists example).
 * - `anything-but` on a missing field: EventBridge (Event Ruler) matches only
 *   present fields. This is the default; `anythingButMatchesMissing: true`
 *   gives the other reading. The catalogue's patterns hold under both.
 * - null is a present value: `[null]` matches it, `anything-but` matches it,
 *   `exists: true` matches it.
 * - An array holding no leaf values (empty, or only objects) at a leaf path
 *   counts as absent there.
 */

export class EventPatternError extends Error {
  constructor(message: string, readonly path: string) {
    super(`event pattern ${path || '(root)'}: ${message}`);
    this.name = 'EventPatternError';
  }
}

export interface EventPatternOptions {
  /** Whether `anything-but` matches a field that is absent. Default false (EventBridge's documented behaviour). */
  anythingButMatchesMissing?: boolean;
}

type Json = Record<string, unknown>;
type Leaf = string | number | boolean | null;
type LeafTest = (value: Leaf) => boolean;

interface Matcher {
  /** Test one present leaf value. */
  test: LeafTest;
  /** Result when the field is absent (or not a leaf). */
  onMissing: (options: EventPatternOptions) => boolean;
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const isLeaf = (value: unknown): value is Leaf => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Wildcard: `*` matches any run of characters; `\*` and `\\` are literal. Consecutive `**` are rejected as EventBridge does. */
export function wildcardToRegExp(pattern: string, path = ''): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === '\\') {
      const next = pattern[index + 1];
      if (next !== '*' && next !== '\\') throw new EventPatternError(`wildcard "${pattern}": "\\" must escape "*" or "\\"`, path);
      source += `\\${next}`;
      index += 1;
    } else if (char === '*') {
      if (pattern[index + 1] === '*') throw new EventPatternError(`wildcard "${pattern}": consecutive wildcard characters are not allowed`, path);
      source += '.*';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function stringArgument(value: unknown, operator: string, path: string): string {
  if (typeof value !== 'string') throw new EventPatternError(`"${operator}" takes a string`, path);
  return value;
}

/** prefix / suffix take a string or { "equals-ignore-case": string }. */
function affixTest(operator: 'prefix' | 'suffix', argument: unknown, path: string): LeafTest {
  let expected: string;
  let ignoreCase = false;
  if (isObject(argument)) {
    const keys = Object.keys(argument);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') throw new EventPatternError(`"${operator}" takes a string or {"equals-ignore-case": string}`, path);
    expected = stringArgument(argument['equals-ignore-case'], `${operator}.equals-ignore-case`, path);
    ignoreCase = true;
  } else {
    expected = stringArgument(argument, operator, path);
  }
  const wanted = ignoreCase ? expected.toLowerCase() : expected;
  return (value) => {
    if (typeof value !== 'string') return false;
    const actual = ignoreCase ? value.toLowerCase() : value;
    return operator === 'prefix' ? actual.startsWith(wanted) : actual.endsWith(wanted);
  };
}

function stringList(argument: unknown, operator: string, path: string): string[] {
  const list = Array.isArray(argument) ? argument : [argument];
  if (list.length === 0 || list.some((item) => typeof item !== 'string')) throw new EventPatternError(`"${operator}" takes a string or a list of strings`, path);
  return list as string[];
}

function numericTest(argument: unknown, path: string): LeafTest {
  if (!Array.isArray(argument) || argument.length === 0 || argument.length % 2 !== 0) {
    throw new EventPatternError('"numeric" takes [operator, number, ...] pairs', path);
  }
  const comparisons: LeafTest[] = [];
  for (let index = 0; index < argument.length; index += 2) {
    const [operator, bound] = [argument[index], argument[index + 1]];
    if (typeof bound !== 'number' || !Number.isFinite(bound)) throw new EventPatternError(`"numeric" bound ${JSON.stringify(bound)} is not a number`, path);
    const compare: Record<string, (value: number) => boolean> = {
      '=': (value) => value === bound,
      '<': (value) => value < bound,
      '<=': (value) => value <= bound,
      '>': (value) => value > bound,
      '>=': (value) => value >= bound,
    };
    if (typeof operator !== 'string' || !compare[operator]) throw new EventPatternError(`"numeric" operator ${JSON.stringify(operator)} is not one of = < <= > >=`, path);
    comparisons.push((value) => typeof value === 'number' && compare[operator](value));
  }
  return (value) => comparisons.every((comparison) => comparison(value));
}

function anythingButTest(argument: unknown, path: string): LeafTest {
  if (isObject(argument)) {
    const keys = Object.keys(argument);
    if (keys.length !== 1) throw new EventPatternError('"anything-but" object takes exactly one of prefix, suffix, equals-ignore-case, wildcard', path);
    const [operator] = keys;
    const inner = argument[operator];
    switch (operator) {
      case 'prefix':
      case 'suffix': {
        const affix = affixTest(operator, stringArgument(inner, `anything-but.${operator}`, path), path);
        return (value) => !affix(value);
      }
      case 'equals-ignore-case': {
        const values = stringList(inner, 'anything-but.equals-ignore-case', path).map((item) => item.toLowerCase());
        return (value) => !(typeof value === 'string' && values.includes(value.toLowerCase()));
      }
      case 'wildcard': {
        const patterns = stringList(inner, 'anything-but.wildcard', path).map((item) => wildcardToRegExp(item, path));
        return (value) => !(typeof value === 'string' && patterns.some((pattern) => pattern.test(value)));
      }
      default:
        throw new EventPatternError(`unsupported "anything-but" operator "${operator}"`, path);
    }
  }
  const list = Array.isArray(argument) ? argument : [argument];
  const allStrings = list.every((item) => typeof item === 'string');
  const allNumbers = list.every((item) => typeof item === 'number');
  if (list.length === 0 || !(allStrings || allNumbers)) {
    throw new EventPatternError('"anything-but" takes a string, a number, a list of only strings or only numbers, or an operator object', path);
  }
  return (value) => !list.includes(value as never);
}

function compileMatcher(spec: unknown, path: string): Matcher {
  const never = (): boolean => false;
  if (isLeaf(spec)) return { test: (value) => value === spec, onMissing: never };
  if (!isObject(spec)) throw new EventPatternError(`matcher ${JSON.stringify(spec)} must be a value or an operator object`, path);
  const keys = Object.keys(spec);
  if (keys.length !== 1) throw new EventPatternError(`operator object ${JSON.stringify(spec)} must have exactly one key`, path);
  const [operator] = keys;
  const argument = spec[operator];
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return { test: affixTest(operator, argument, path), onMissing: never };
    case 'equals-ignore-case': {
      const expected = stringArgument(argument, operator, path).toLowerCase();
      return { test: (value) => typeof value === 'string' && value.toLowerCase() === expected, onMissing: never };
    }
    case 'wildcard': {
      const pattern = wildcardToRegExp(stringArgument(argument, operator, path), path);
      return { test: (value) => typeof value === 'string' && pattern.test(value), onMissing: never };
    }
    case 'numeric':
      return { test: numericTest(argument, path), onMissing: never };
    case 'exists':
      if (typeof argument !== 'boolean') throw new EventPatternError('"exists" takes true or false', path);
      return { test: () => argument, onMissing: () => !argument };
    case 'anything-but':
      return { test: anythingButTest(argument, path), onMissing: (options) => options.anythingButMatchesMissing === true };
    default:
      throw new EventPatternError(`unsupported operator "${operator}"`, path);
  }
}

type Compiled = (context: unknown, options: EventPatternOptions) => boolean;

function compileLeaf(key: string, specs: unknown[], path: string): Compiled {
  if (specs.length === 0) throw new EventPatternError('a list of matchers must not be empty', path);
  const matchers = specs.map((spec) => compileMatcher(spec, path));
  return (context, options) => {
    const value = isObject(context) ? context[key] : undefined;
    const leaves = Array.isArray(value) ? value.filter(isLeaf) : isLeaf(value) ? [value] : [];
    // An absent field, an object (not a leaf) or an array without leaves: nothing to match, as for a missing field.
    if (leaves.length === 0) return matchers.some((matcher) => matcher.onMissing(options));
    return leaves.some((leaf) => matchers.some((matcher) => matcher.test(leaf)));
  };
}

function compileObject(pattern: unknown, path: string): Compiled {
  if (!isObject(pattern)) throw new EventPatternError('must be a JSON object', path);
  const keys = Object.keys(pattern);
  if (keys.length === 0) throw new EventPatternError('must not be empty', path);
  const parts: Compiled[] = keys.map((key) => {
    const spec = pattern[key];
    const childPath = path ? `${path}.${key}` : key;
    if (key === '$or') {
      // EventBridge's matching engine, Event Ruler, refuses a "$or" of fewer than two objects:
      // "There must have at least 2 Objects in $or relationship." (aws/event-ruler, JsonRuleCompiler.parseIntoOrRelationship).
      if (!Array.isArray(spec)) throw new EventPatternError('"$or" takes a list of at least two objects', childPath);
      if (spec.length < 2) throw new EventPatternError(`"$or" needs at least two objects, got ${spec.length} (EventBridge refuses a shorter "$or")`, childPath);
      const branches = spec.map((branch, index) => compileObject(branch, `${childPath}[${index}]`));
      return (context, options) => branches.some((branch) => branch(context, options));
    }
    if (Array.isArray(spec)) return compileLeaf(key, spec, childPath);
    if (isObject(spec)) {
      const nested = compileObject(spec, childPath);
      return (context, options) => {
        const value = isObject(context) ? context[key] : undefined;
        if (Array.isArray(value)) {
          const objects = value.filter(isObject);
          return objects.length > 0 ? objects.some((item) => nested(item, options)) : nested(undefined, options);
        }
        return nested(value, options);
      };
    }
    throw new EventPatternError(`value must be a list of matchers or a nested object, got ${JSON.stringify(spec)}`, childPath);
  });
  return (context, options) => parts.every((part) => part(context, options));
}

/** Compiles (and so validates) a pattern once; the result tests events. */
export function compileEventPattern(pattern: unknown): (event: unknown, options?: EventPatternOptions) => boolean {
  const compiled = compileObject(pattern, '');
  return (event, options = {}) => compiled(event, options);
}

/**
 * Compiled patterns by their JSON text: the rule pack tests the same few
 * forwarder patterns against thousands of alarm events per synth (synth time
 * at 5,000 accounts). Bounded; a pattern that does not compile is not kept.
 */
const compiledPatterns = new Map<string, ReturnType<typeof compileEventPattern>>();
const COMPILED_PATTERNS_MAX = 1000;

function compiledPattern(pattern: unknown): ReturnType<typeof compileEventPattern> {
  const key = JSON.stringify(pattern);
  let compiled = key === undefined ? undefined : compiledPatterns.get(key);
  if (!compiled) {
    compiled = compileEventPattern(pattern);
    if (key !== undefined) {
      if (compiledPatterns.size >= COMPILED_PATTERNS_MAX) compiledPatterns.clear();
      compiledPatterns.set(key, compiled);
    }
  }
  return compiled;
}

/** Whether an EventBridge envelope matches the pattern. Throws EventPatternError on unsupported syntax. */
export function matchesEventPattern(pattern: unknown, event: unknown, options: EventPatternOptions = {}): boolean {
  return compiledPattern(pattern)(event, options);
}
