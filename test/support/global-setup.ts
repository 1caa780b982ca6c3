/** jest globalSetup: see working-tree.ts. */
import { mkdtempSync, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { snapshotTrees } from './working-tree';

const ROOT = path.join(__dirname, '..', '..');

export default function globalSetup(): void {
  const state = globalThis as { workingTreeBefore?: unknown; testTempDir?: string; originalTmpdir?: string };
  state.workingTreeBefore = snapshotTrees(ROOT);
  state.originalTmpdir = process.env.TMPDIR;
  state.testTempDir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'jest-signin-watch-run-')));
  // Workers start after globalSetup and inherit it: every os.tmpdir() of a test (and of the Terraform it runs) lands here.
  process.env.TMPDIR = state.testTempDir;
}
