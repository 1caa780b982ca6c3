/**
 * Maps a key path of the parsed config (e.g. ["accounts", 2, "id"]) back to a
 * line and column of the YAML text, using the nodes `yaml`'s parseDocument
 * keeps and its LineCounter. A path that does not exist in the file (a missing
 * key, a default) is placed at the nearest ancestor that does.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

export type KeyPath = readonly PropertyKey[];

export interface Position {
  line: number;
  col: number;
}

interface Step {
  /** The node at this step (undefined for `key:` with no value). */
  node: Node | null | undefined;
  /** The key node when the step was reached through a map pair. */
  key?: Node;
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** The pair of `map` whose key is `key`, if any. */
export function findPair(map: Node, key: PropertyKey): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  return (map.items as Pair<Node, Node | null>[]).find((pair) => String(keyOf(pair)) === String(key));
}

/** Walks `path` as far as the YAML document has it: one step per path segment that exists. */
export function walk(doc: Document, path: KeyPath): Step[] {
  const steps: Step[] = [{ node: doc.contents as Node | null }];
  for (const segment of path) {
    const current = steps[steps.length - 1].node;
    if (isMap(current)) {
      const pair = findPair(current, segment);
      if (!pair) break;
      steps.push({ node: pair.value, key: pair.key ?? undefined });
    } else if (isSeq(current) && typeof segment === 'number' && segment < current.items.length) {
      steps.push({ node: current.items[segment] as Node | null });
    } else {
      break;
    }
    if (isAlias(steps[steps.length - 1].node)) break;
  }
  return steps;
}

/** The YAML node at exactly `path`, or undefined when the file does not contain it. */
export function nodeAt(doc: Document, path: KeyPath): Node | null | undefined {
  const steps = walk(doc, path);
  return steps.length === path.length + 1 ? steps[steps.length - 1].node : undefined;
}

export class PositionFinder {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  at(offset: number): Position {
    return this.lineCounter.linePos(offset);
  }

  /**
   * Where to point for a problem at `path`:
   * - a scalar value: the value itself;
   * - a map or list that is the value of a key (`trail:`), or a key with no value (`id:`): that key;
   * - a path the file does not contain: the key of the nearest ancestor that it does.
   */
  of(path: KeyPath): Position {
    const steps = walk(this.doc, path);
    const last = steps[steps.length - 1];
    const found = steps.length === path.length + 1;
    const isEmptyValue = isScalar(last.node) && last.node.value === null;
    const pointAtKey = last.key && (!found || !isScalar(last.node) || isEmptyValue);
    const target = pointAtKey ? last.key : (last.node ?? last.key);
    const offset = target?.range?.[0] ?? 0;
    return this.at(offset);
  }

  /** Where the key (not the value) `key` of the map at `mapPath` is written. */
  ofKey(mapPath: KeyPath, key: string): Position {
    const map = nodeAt(this.doc, mapPath);
    const pair = map ? findPair(map, key) : undefined;
    const offset = (pair?.key as Node | undefined)?.range?.[0];
    return offset === undefined ? this.of(mapPath) : this.at(offset);
  }

  /** The key path of the innermost key whose entry contains `offset` (for YAML syntax errors). */
  pathAt(offset: number): PropertyKey[] {
    const path: PropertyKey[] = [];
    let current = this.doc.contents as Node | null;
    for (;;) {
      if (isMap(current)) {
        const pair = (current.items as Pair<Node, Node | null>[]).find((item) => {
          const start = item.key?.range?.[0];
          const end = item.value?.range?.[2] ?? item.key?.range?.[2];
          return start !== undefined && end !== undefined && start <= offset && offset < end;
        });
        if (!pair) return path;
        path.push(keyOf(pair) as PropertyKey);
        current = pair.value;
      } else if (isSeq(current)) {
        const index = current.items.findIndex((item) => {
          const range = (item as Node | null)?.range;
          return range !== undefined && range !== null && range[0] <= offset && offset < range[2];
        });
        if (index < 0) return path;
        path.push(index);
        current = current.items[index] as Node | null;
      } else {
        return path;
      }
    }
  }
}
