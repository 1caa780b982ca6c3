/**
 * What `npm test` promises the person running it: their synthesized output
 * (cdktf.out), their config/ and docs/ are byte-identical afterwards, and
 * nothing is left in the system temp directory. jest's globalSetup snapshots
 * these trees and points TMPDIR at a directory of its own; globalTeardown
 * compares, removes that directory and fails the run on any difference.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';

export const GUARDED = ['cdktf.out', 'config', 'docs'];
/**
 * Temp entries kept on purpose between runs: content-addressed caches of the
 * alert-engine bundle, of tsx, and Node.js 22's module compile cache
 * (`node-compile-cache`, written when a tool such as npm enables it: Node.js
 * "Module compile cache").
 */
export const KEPT_TEMP_ENTRIES = [/^signin-watch-alert-engine$/, /^tsx-\d+$/, /^node-compile-cache$/];

export type TreeSnapshot = Map<string, string>;

function walk(root: string, relative: string, into: TreeSnapshot): void {
  const absolute = path.join(root, relative);
  const stat = lstatSync(absolute);
  if (stat.isSymbolicLink()) into.set(relative, `link ${readlinkSync(absolute)}`);
  else if (stat.isDirectory()) {
    into.set(relative, 'dir');
    for (const entry of readdirSync(absolute).sort()) walk(root, path.join(relative, entry), into);
  } else into.set(relative, `file ${createHash('sha256').update(readFileSync(absolute)).digest('hex')} ${stat.mode.toString(8)}`);
}

/** Every path below `dirs` of `root` with its kind and content hash. */
export function snapshotTrees(root: string, dirs: string[] = GUARDED): TreeSnapshot {
  const snapshot: TreeSnapshot = new Map();
  for (const dir of dirs) if (existsSync(path.join(root, dir))) walk(root, dir, snapshot);
  return snapshot;
}

/** Human-readable differences, one line per path, sorted. */
export function compareSnapshots(before: TreeSnapshot, after: TreeSnapshot): string[] {
  const lines: string[] = [];
  for (const [file, value] of before) {
    if (!after.has(file)) lines.push(`removed: ${file}`);
    else if (after.get(file) !== value) lines.push(`changed: ${file}`);
  }
  for (const file of after.keys()) if (!before.has(file)) lines.push(`added: ${file}`);
  return lines.sort();
}

/** Entries a test run left in its temp directory, less the kept caches. */
export function leftoverTempEntries(tempDir: string): string[] {
  return readdirSync(tempDir).filter((entry) => !KEPT_TEMP_ENTRIES.some((kept) => kept.test(entry))).sort();
}
