/**
 * Finding an offline AWS provider mirror when SIGNIN_WATCH_PROVIDER_MIRROR is
 * not set, so `npm test`, `npm run verify` and `.ci/run` agree: each looks in
 * the same places, in the same order, and takes the first mirror found.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where machines and CI images commonly keep a filesystem mirror, first match wins. */
export function mirrorSearchRoots(home: string = os.homedir()): string[] {
  return ['/opt', '/usr/share/terraform', '/usr/local/share/terraform', path.join(home, '.terraform.d', 'plugins'), path.join(home, '.terraform.d')];
}

const PROVIDER_PATH = ['registry.terraform.io', 'hashicorp', 'aws'];
/** How deep below a root a mirror directory may sit (the root itself counts as depth 0). */
const MAX_DEPTH = 2;

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name))
      .sort();
  } catch {
    // An unreadable directory is not a mirror.
    return [];
  }
}

/** A directory is a mirror when it holds registry.terraform.io/hashicorp/aws/. */
export function isProviderMirror(dir: string): boolean {
  return existsSync(path.join(dir, ...PROVIDER_PATH)) && isDirectory(path.join(dir, ...PROVIDER_PATH));
}

/** The first provider mirror at or below one of `roots` (breadth first, sorted), else undefined. */
export function findProviderMirror(roots: string[] = mirrorSearchRoots()): string | undefined {
  for (const root of roots) {
    let level = isDirectory(root) ? [root] : [];
    for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
      const found = level.find(isProviderMirror);
      if (found) return path.resolve(found);
      level = level.flatMap(subdirectories);
    }
  }
  return undefined;
}
