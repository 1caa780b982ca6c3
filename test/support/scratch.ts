/**
 * One scratch directory per test file for what no test reads back (the
 * outdir a cdktf App needs), removed after the file's last test by
 * test/support/per-file.ts (jest setupFilesAfterEnv).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

let dir: string | undefined;

export function scratchDir(name = 'unused'): string {
  dir ??= mkdtempSync(path.join(tmpdir(), 'sw-scratch-'));
  return path.join(dir, name);
}

export function removeScratchDir(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

/** A fresh directory inside the file's scratch directory (removed with it), for tests that write files they read back. */
export function scratchTempDir(prefix: string): string {
  dir ??= mkdtempSync(path.join(tmpdir(), 'sw-scratch-'));
  return mkdtempSync(path.join(dir, prefix));
}
