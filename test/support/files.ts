/** Every file under `dir`, relative path → content (outputs compared byte for byte). */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else files[child] = readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('');
  return files;
}
