/** jest globalTeardown: fails the run when a test touched the working tree or left temp files (see working-tree.ts). */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { compareSnapshots, leftoverTempEntries, snapshotTrees, type TreeSnapshot } from './working-tree';

const ROOT = path.join(__dirname, '..', '..');
const SHOWN = 20;

export default function globalTeardown(): void {
  const state = globalThis as { workingTreeBefore?: TreeSnapshot; testTempDir?: string; originalTmpdir?: string };
  const problems: string[] = [];
  if (state.testTempDir) {
    const leftovers = leftoverTempEntries(state.testTempDir);
    if (leftovers.length > 0) problems.push(`tests left ${leftovers.length} entries in the temp directory: ${leftovers.slice(0, SHOWN).join(', ')}`);
    rmSync(state.testTempDir, { recursive: true, force: true });
    if (state.originalTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = state.originalTmpdir;
  }
  if (state.workingTreeBefore) {
    const changes = compareSnapshots(state.workingTreeBefore, snapshotTrees(ROOT));
    if (changes.length > 0) problems.push(`tests changed the working tree (cdktf.out, config/, docs/ must stay byte-identical):\n  ${changes.slice(0, SHOWN).join('\n  ')}${changes.length > SHOWN ? `\n  … ${changes.length - SHOWN} more` : ''}`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
