/**
 * The deployed `AlertStateStore`: one DynamoDB table (stacks/constructs/
 * alert-state-table.ts), one item per key, every change one conditional
 * UpdateItem, so concurrent invocations of the engine count each message
 * exactly once without a read-modify-write race. The engine role may call
 * only dynamodb:UpdateItem and dynamodb:GetItem on this table.
 *
 * Keys are the SHA-256 of the logical key (detection/alerts/state.ts): no
 * caller-set text (user names, session names) and no ARN is stored in the
 * key, and every key has the same length. Items expire through the table's
 * TTL attribute `expiresAt` (epoch seconds; DynamoDB deletes expired items
 * within a few days, so reads compare times themselves and never rely on
 * deletion: "Using time to live (TTL) in DynamoDB", DynamoDB developer guide).
 *
 * Item shapes:
 * - storm window: `ws` window start, `cnt` messages, `fst`/`lst` first and
 *   last time (ms), `ips` map address -> count (at most MAX_WINDOW_ADDRESSES);
 * - sighting: `ls` latest sighting (ms).
 *
 * Conditional writes (DynamoDB API reference, UpdateItem: ConditionExpression,
 * ReturnValuesOnConditionCheckFailure = ALL_OLD returns the item that failed
 * the condition with the ConditionalCheckFailedException):
 * 1. count in the open window: `ADD cnt :one` if `ws > :cutoff` (and the
 *    address is known or there is room for one more);
 * 2. the condition failed on an open window: the address list is full, count
 *    without it;
 * 3. no open window: open one (`SET ws = :t, cnt = :one, ...`) if
 *    `attribute_not_exists(pk) OR ws <= :cutoff`, returning the closed
 *    window (ALL_OLD); if another invocation opened it first, count in it.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { MAX_WINDOW_ADDRESSES, type AlertStateStore, type StormCount, type StormWindow } from './state';

/** The table's TTL attribute (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';
/** The table's partition key (string). */
export const KEY_ATTRIBUTE = 'pk';
/** Storm windows are kept as long as sightings: a summary still finds its window when the key's next message comes weeks later. */
const STORM_TTL_DAYS = 90;
const MAX_ATTEMPTS = 3;

type Item = Record<string, AttributeValue>;

export const hashedKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');
const n = (value: number): AttributeValue => ({ N: String(value) });
const num = (item: Item | undefined, name: string): number | undefined => (item?.[name]?.N !== undefined ? Number(item[name].N) : undefined);
const ttl = (time: number, days: number): AttributeValue => n(Math.floor(time / 1000) + days * 86_400);

function windowOf(item: Item): StormWindow {
  const addresses = Object.fromEntries(Object.entries(item.ips?.M ?? {}).map(([address, value]) => [address, Number(value.N ?? 0)]));
  return { start: num(item, 'ws') ?? 0, count: num(item, 'cnt') ?? 0, first: num(item, 'fst') ?? 0, last: num(item, 'lst') ?? 0, addresses };
}

const conditionFailed = (error: unknown): error is ConditionalCheckFailedException =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';

export class DynamoDbStateStore implements AlertStateStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBClient = new DynamoDBClient({}),
  ) {}

  async countInWindow(key: string, time: number, windowMs: number, address: string | undefined): Promise<StormCount> {
    const Key = { [KEY_ATTRIBUTE]: { S: hashedKey(key) } };
    const cutoff = n(time - windowMs);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const counted = await this.countInOpenWindow(Key, time, cutoff, address);
      if (counted) return counted;
      try {
        const result = await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key,
            UpdateExpression: `SET ws = :t, cnt = :one, fst = :t, lst = :t, ips = :ips, ${TTL_ATTRIBUTE} = :ttl`,
            ConditionExpression: `attribute_not_exists(${KEY_ATTRIBUTE}) OR ws <= :cutoff`,
            ExpressionAttributeValues: { ':t': n(time), ':one': n(1), ':ips': { M: address !== undefined ? { [address]: n(1) } : {} }, ':ttl': ttl(time, STORM_TTL_DAYS), ':cutoff': cutoff },
            ReturnValues: 'ALL_OLD',
          }),
        );
        const current: StormWindow = { start: time, count: 1, first: time, last: time, addresses: address !== undefined ? { [address]: 1 } : {} };
        const old = result.Attributes;
        return { current, ...(old && num(old, 'ws') !== undefined ? { closed: windowOf(old) } : {}) };
      } catch (error) {
        // Another invocation opened the window between our two calls: count in it.
        if (!conditionFailed(error)) throw error;
      }
    }
    throw new Error(`storm window ${hashedKey(key).slice(0, 12)}: no decision after ${MAX_ATTEMPTS} conditional attempts`);
  }

  /** Steps 1 and 2: count in the open window; undefined when no window is open. */
  private async countInOpenWindow(Key: Item, time: number, cutoff: AttributeValue, address: string | undefined): Promise<StormCount | undefined> {
    const update = async (withAddress: boolean) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: withAddress ? 'ADD cnt :one SET lst = :t, ips.#ip = if_not_exists(ips.#ip, :zero) + :one' : 'ADD cnt :one SET lst = :t',
          ConditionExpression: withAddress ? 'ws > :cutoff AND (attribute_exists(ips.#ip) OR size(ips) < :max)' : 'ws > :cutoff',
          ...(withAddress ? { ExpressionAttributeNames: { '#ip': address! } } : {}),
          ExpressionAttributeValues: { ':one': n(1), ':t': n(time), ':cutoff': cutoff, ...(withAddress ? { ':zero': n(0), ':max': n(MAX_WINDOW_ADDRESSES) } : {}) },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    try {
      const result = await update(address !== undefined);
      return { current: windowOf(result.Attributes ?? {}) };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      const open = error.Item && (num(error.Item, 'ws') ?? -Infinity) > Number(cutoff.N);
      if (!open || address === undefined) return undefined;
    }
    // The window is open and its address list is full: count without the address.
    try {
      const result = await update(false);
      return { current: windowOf(result.Attributes ?? {}) };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return undefined;
    }
  }

  async sighting(key: string, time: number, record: boolean, ttlDays: number): Promise<number | undefined> {
    const Key = { [KEY_ATTRIBUTE]: { S: hashedKey(key) } };
    if (!record) {
      const result = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key, ConsistentRead: true, ProjectionExpression: 'ls' }));
      return num(result.Item, 'ls');
    }
    try {
      // Never move a sighting back in time (events can arrive out of order).
      const result = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: `SET ls = :t, ${TTL_ATTRIBUTE} = :ttl`,
          ConditionExpression: 'attribute_not_exists(ls) OR ls < :t',
          ExpressionAttributeValues: { ':t': n(time), ':ttl': ttl(time, ttlDays) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return num(result.Attributes, 'ls');
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return time;
    }
  }
}
