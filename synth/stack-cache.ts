/**
 * The incremental synth's store: `<outdir>/.signin-watch-cache.json` lists,
 * per member stack, the key it was synthesized with (synth/stack-inputs.ts:
 * its config projection and the code version), the SHA-256 of every file
 * cdktf wrote into its directory, its manifest entry (annotations included),
 * its security findings before acknowledgement, the lines those printed and
 * its warnings. A later synth that computes the same key copies the files
 * instead of building the stack again (synth/app.ts).
 *
 * Safe against a corrupted or partial store: an unreadable or unknown-format
 * file counts as empty, and an entry is reused only when every file it lists
 * is present with the recorded hash; anything else is synthesized afresh. The
 * file is installed with the stacks and before the manifest
 * (synth/output-dir.ts), and removed when an output is invalidated.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../stacks/rules/types';
import { sha256 } from './stack-inputs';

export const CACHE_FILE = '.signin-watch-cache.json';
const CACHE_FORMAT = 1;
const STACKS_DIR = 'stacks';

export interface CachedStack {
  key: string;
  /** File name in the stack directory → SHA-256 of its content. */
  files: Record<string, string>;
  /** cdktf's manifest.json entry of the stack. */
  manifest: unknown;
  /** The rule pack's findings, before acknowledgements are applied. */
  findings: Finding[];
  /** Lines the acknowledged findings printed. */
  reports: string[];
  /** Warning annotations, `<construct path>: <message>`. */
  warnings: string[];
}

interface CacheFileShape {
  format: number;
  stacks: Record<string, CachedStack>;
}

/** A cached stack whose files were read back and verified. */
export interface CacheHit {
  entry: CachedStack;
  contents: Map<string, Buffer>;
}

function readEntries(dir: string | undefined): Record<string, CachedStack> {
  if (!dir) return {};
  try {
    const parsed = JSON.parse(readFileSync(path.join(dir, CACHE_FILE), 'utf8')) as CacheFileShape;
    if (parsed?.format !== CACHE_FORMAT || typeof parsed.stacks !== 'object' || parsed.stacks === null) return {};
    return parsed.stacks;
  } catch {
    return {}; // absent, truncated or not JSON: nothing to reuse
  }
}

export class StackCache {
  private readonly previous: Record<string, CachedStack>;
  private readonly next: Record<string, CachedStack> = {};
  hits = 0;
  misses = 0;

  /** `from`: the directory of an earlier output to reuse stacks from (absent or empty: none). */
  constructor(private readonly from: string | undefined) {
    this.previous = readEntries(from);
  }

  /** The earlier output of `stack` when it was synthesized with `key` and its files are intact. */
  lookup(stack: string, key: string): CacheHit | undefined {
    const entry = this.previous[stack];
    const hit = entry && entry.key === key ? this.verified(stack, entry) : undefined;
    if (hit) this.hits += 1;
    else this.misses += 1;
    return hit;
  }

  private verified(stack: string, entry: CachedStack): CacheHit | undefined {
    if (!this.from || typeof entry.files !== 'object' || !Array.isArray(entry.findings) || !Array.isArray(entry.reports) || !Array.isArray(entry.warnings)) return undefined;
    const contents = new Map<string, Buffer>();
    for (const [file, hash] of Object.entries(entry.files)) {
      if (file.includes('/') || file.includes('\\') || file.startsWith('.')) return undefined;
      const full = path.join(this.from, STACKS_DIR, stack, file);
      if (!existsSync(full) || !statSync(full).isFile()) return undefined;
      const content = readFileSync(full);
      if (sha256(content) !== hash) return undefined;
      contents.set(file, content);
    }
    return contents.size > 0 ? { entry, contents } : undefined;
  }

  /** Writes a verified hit's files into `outdir`'s stack directory and keeps its entry. */
  restore(outdir: string, stack: string, hit: CacheHit): void {
    const dir = path.join(outdir, STACKS_DIR, stack);
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of hit.contents) writeFileSync(path.join(dir, file), content);
    this.next[stack] = hit.entry;
  }

  /** Records a stack just synthesized into `outdir`: every file of its directory is hashed. */
  record(outdir: string, stack: string, entry: Omit<CachedStack, 'files'>): void {
    const dir = path.join(outdir, STACKS_DIR, stack);
    const files: Record<string, string> = {};
    for (const file of readdirSync(dir).sort()) {
      const full = path.join(dir, file);
      if (statSync(full).isFile()) files[file] = sha256(readFileSync(full));
    }
    this.next[stack] = { ...entry, files, manifest: JSON.parse(JSON.stringify(entry.manifest)) };
  }

  /** Writes the entries of this synth into `outdir` (the stacks in synthesis order). */
  write(outdir: string): void {
    const shape: CacheFileShape = { format: CACHE_FORMAT, stacks: this.next };
    writeFileSync(path.join(outdir, CACHE_FILE), `${JSON.stringify(shape)}\n`);
  }
}
