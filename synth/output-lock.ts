/**
 * One synth at a time per output directory, and filesystem failures as one
 * line (exit 2) instead of a stack trace.
 *
 * The lock is a file `<output name>.lock` in the staging directory beside the
 * output (STAGING_DIR in the output's parent, git-ignored), holding the pid of
 * the synth that writes the output. It is created complete and atomically
 * (written under a temporary name, then hard-linked to the lock name, which
 * fails when the lock exists), so a reader never sees a half-written pid. A
 * second synth into the same directory refuses while that process lives; a
 * lock whose process is gone (a synth killed with Ctrl-C: synthesis is
 * synchronous, so no handler removes the lock) is taken over.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isAlive, OutputDirError, STAGING_DIR } from './output-dir';

/** The lock file of an output directory. */
export function lockFile(outdir: string): string {
  const target = path.resolve(outdir);
  return path.join(path.dirname(target), STAGING_DIR, `${path.basename(target)}.lock`);
}


function holder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function tryLink(temporary: string, lock: string): boolean {
  try {
    linkSync(temporary, lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Created directories that this process may remove again once empty (deepest first). */
function createDirs(dir: string): string[] {
  const created: string[] = [];
  for (let current = dir; !existsSync(current); current = path.dirname(current)) created.push(current);
  mkdirSync(dir, { recursive: true });
  return created;
}

function removeEmpty(dirs: string[]): void {
  for (const dir of dirs) {
    try {
      if (readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // Another synth's staging directory, or already gone: left alone.
    }
  }
}

/**
 * Takes the lock of `outdir`; returns the function that releases it. Throws
 * OutputDirError when the output path is a file, or another live synth holds
 * the lock; a filesystem error (read-only, a parent that is a file) propagates
 * as the errno error, for describeFilesystemError.
 */
export function lockOutput(outdir: string): () => void {
  const target = path.resolve(outdir);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new OutputDirError(`${target} is a file, not a directory: choose another --output (or CDKTF_OUTDIR); nothing was written`);
  }
  const lock = lockFile(target);
  const created = createDirs(path.dirname(lock));
  const temporary = `${lock}.${process.pid}`;
  try {
    writeFileSync(temporary, `${process.pid}\n`);
    if (!tryLink(temporary, lock)) {
      const pid = holder(lock);
      if (pid !== undefined && pid !== process.pid && isAlive(pid)) {
        throw new OutputDirError(
          `${target} is being written by another synth (process ${pid}): wait for it to finish, or choose another --output; lock file ${lock}`,
        );
      }
      // Stale: its process is gone (or the file is unreadable). Taken over; a concurrent taker loses the link race below.
      rmSync(lock, { force: true });
      if (!tryLink(temporary, lock)) throw new OutputDirError(`${target} is being written by another synth: wait for it to finish; lock file ${lock}`);
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    removeEmpty(created);
    throw error;
  }
  rmSync(temporary, { force: true });
  return () => {
    if (holder(lock) === process.pid) rmSync(lock, { force: true });
    removeEmpty([...created, path.dirname(lock)]);
  };
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'a file is in the way',
  EISDIR: 'a directory is in the way',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
};

/**
 * One line for a filesystem error met while writing `outdir`, or undefined
 * when `error` is not one (an unexpected error keeps its stack trace).
 */
export function describeFilesystemError(error: unknown, outdir: string): string | undefined {
  const errno = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof errno.code !== 'string' || !(errno.code in REASONS)) return undefined;
  const where = errno.path ? ` (${errno.syscall ?? 'access'} ${errno.path})` : '';
  return `cannot write ${path.resolve(outdir)}: ${REASONS[errno.code]}${where}; choose another --output (or CDKTF_OUTDIR)`;
}
