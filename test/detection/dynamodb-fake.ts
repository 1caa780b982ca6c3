/**
 * An emulated DynamoDB table for the state-store tests: UpdateItem and
 * GetItem with the expression forms DynamoDB documents (condition functions
 * attribute_exists, attribute_not_exists, size; comparators; AND/OR and
 * parentheses; SET with if_not_exists and +; ADD on numbers), ReturnValues
 * ALL_OLD/ALL_NEW and ReturnValuesOnConditionCheckFailure (the item comes
 * back on the ConditionalCheckFailedException). Generic over expressions, so
 * the store's logic runs against DynamoDB's semantics rather than against
 * canned answers. Calls are applied one at a time, as DynamoDB applies
 * writes to one item.
 */
import { ConditionalCheckFailedException, GetItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

export class FakeTable {
  readonly items = new Map<string, Item>();
  readonly calls: Array<{ name: string; input: Record<string, unknown> }> = [];

  client(): DynamoDBClient {
    return { send: async (command: unknown) => this.send(command) } as unknown as DynamoDBClient;
  }

  private async send(command: unknown): Promise<unknown> {
    if (command instanceof GetItemCommand) {
      this.calls.push({ name: 'GetItem', input: command.input as unknown as Record<string, unknown> });
      const item = this.items.get(keyOf(command.input.Key as Item));
      return { Item: item ? structuredClone(item) : undefined };
    }
    if (command instanceof UpdateItemCommand) {
      const input = command.input;
      this.calls.push({ name: 'UpdateItem', input: input as unknown as Record<string, unknown> });
      const key = keyOf(input.Key as Item);
      const old = this.items.get(key);
      const context = { names: input.ExpressionAttributeNames ?? {}, values: input.ExpressionAttributeValues ?? {} };
      const current: Item = old ? structuredClone(old) : structuredClone(input.Key as Item);
      if (input.ConditionExpression && !evaluateCondition(input.ConditionExpression, old ?? {}, context)) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          ...(input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && old ? { Item: structuredClone(old) } : {}),
        });
      }
      applyUpdate(input.UpdateExpression ?? '', current, context);
      this.items.set(key, current);
      if (input.ReturnValues === 'ALL_OLD') return { Attributes: old ? structuredClone(old) : undefined };
      if (input.ReturnValues === 'ALL_NEW') return { Attributes: structuredClone(current) };
      return {};
    }
    throw new Error(`FakeTable: unsupported command ${(command as object).constructor.name}`);
  }
}

interface Context {
  names: Record<string, string>;
  values: Record<string, AttributeValue>;
}

const keyOf = (key: Item): string => JSON.stringify(key);

function pathOf(expression: string, context: Context): string[] {
  return expression.trim().split('.').map((part) => {
    if (!part.startsWith('#')) return part;
    const name = context.names[part];
    if (name === undefined) throw new Error(`ValidationException: ${part} is not defined`);
    return name;
  });
}

function read(item: Item, path: string[]): AttributeValue | undefined {
  let value: AttributeValue | undefined = { M: item };
  for (const part of path) value = value?.M?.[part];
  return value;
}

function write(item: Item, path: string[], value: AttributeValue): void {
  let map: Item = item;
  for (const part of path.slice(0, -1)) {
    const next = map[part]?.M;
    if (!next) throw new Error('ValidationException: The document path provided in the update expression is invalid for update');
    map = next;
  }
  map[path.at(-1)!] = value;
}

function operand(text: string, item: Item, context: Context): AttributeValue | undefined {
  const trimmed = text.trim();
  const size = /^size\((.+)\)$/.exec(trimmed);
  if (size) {
    const value = read(item, pathOf(size[1], context));
    if (!value) return undefined;
    return { N: String(value.M ? Object.keys(value.M).length : value.S ? value.S.length : (value.SS ?? value.NS ?? value.L ?? []).length) };
  }
  if (trimmed.startsWith(':')) {
    if (!(trimmed in context.values)) throw new Error(`ValidationException: ${trimmed} is not defined`);
    return context.values[trimmed];
  }
  return read(item, pathOf(trimmed, context));
}

const TOKENS = /attribute_not_exists\([^)]*\)|attribute_exists\([^)]*\)|size\([^)]*\)|\(|\)|\bAND\b|\bOR\b|<=|>=|<>|<|>|=|[:#\w.]+/g;

function evaluateCondition(expression: string, item: Item, context: Context): boolean {
  const tokens = expression.match(TOKENS) ?? [];
  let at = 0;
  const compare = (left: AttributeValue | undefined, op: string, right: AttributeValue | undefined): boolean => {
    if (!left || !right) return false;
    const a = left.N !== undefined ? Number(left.N) : left.S;
    const b = right.N !== undefined ? Number(right.N) : right.S;
    if (a === undefined || b === undefined) return false;
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : op === '>=' ? a >= b : op === '=' ? a === b : a !== b;
  };
  const primary = (): boolean => {
    const token = tokens[at++];
    if (token === '(') {
      const value = or();
      at += 1; // ')'
      return value;
    }
    const exists = /^attribute_(not_)?exists\((.+)\)$/.exec(token);
    if (exists) return (read(item, pathOf(exists[2], context)) !== undefined) !== (exists[1] !== undefined);
    const op = tokens[at++];
    const right = tokens[at++];
    return compare(operand(token, item, context), op, operand(right, item, context));
  };
  const and = (): boolean => {
    let value = primary();
    while (tokens[at] === 'AND') {
      at += 1;
      value = primary() && value;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (tokens[at] === 'OR') {
      at += 1;
      value = and() || value;
    }
    return value;
  };
  return or();
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '(') depth += 1;
    if (text[i] === ')') depth -= 1;
    if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

function value(text: string, item: Item, context: Context): AttributeValue {
  const terms = text.split(/\s\+\s/);
  const resolve = (term: string): AttributeValue => {
    const ifNotExists = /^if_not_exists\((.+),(.+)\)$/.exec(term.trim());
    if (ifNotExists) return read(item, pathOf(ifNotExists[1], context)) ?? operand(ifNotExists[2], item, context)!;
    const resolved = operand(term, item, context);
    if (!resolved) throw new Error(`ValidationException: ${term} does not exist in the item`);
    return resolved;
  };
  if (terms.length === 1) return resolve(terms[0]);
  return { N: String(terms.reduce((sum, term) => sum + Number(resolve(term).N), 0)) };
}

function applyUpdate(expression: string, item: Item, context: Context): void {
  for (const [, action, body] of expression.matchAll(/\b(SET|ADD)\b\s+((?:(?!\b(?:SET|ADD)\b).)+)/g)) {
    for (const clause of splitTopLevel(body)) {
      if (action === 'SET') {
        const [target, source] = clause.split(/\s=\s/);
        write(item, pathOf(target, context), value(source, item, context));
      } else {
        const [target, amount] = clause.split(/\s+/);
        const path = pathOf(target, context);
        const now = read(item, path);
        write(item, path, { N: String(Number(now?.N ?? 0) + Number(operand(amount, item, context)!.N)) });
      }
    }
  }
}
