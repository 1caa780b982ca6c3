/**
 * Every pointer to a section of a Markdown file resolves: links and plain-text
 * mentions `FILE.md#anchor` in the repository's Markdown, TypeScript, JSON and
 * YAML files (the schema's hints end up in editors and docs/configuration.md),
 * and `README, "Section"` mentions. Anchors are GitHub's heading slugs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const FILES = spawnSync('git', ['ls-files', '-z', '--', '*.md', '*.ts', '*.json', '*.yaml', '*.yml'], { cwd: ROOT, encoding: 'utf8' })
  .stdout.split('\0')
  // This file spells the patterns it looks for.
  .filter((file) => file && file !== 'package-lock.json' && file !== 'test/docs/anchors.test.ts' && existsSync(path.join(ROOT, file)));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const anchorsOf = new Map<string, Set<string>>();
function anchors(file: string): Set<string> {
  if (!anchorsOf.has(file)) {
    const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
    const seen = new Map<string, number>();
    const result = new Set<string>();
    for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
      const base = slug(heading);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      result.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const [, id] of text.matchAll(/<a (?:id|name)="([^"]+)"/g)) result.add(id);
    anchorsOf.set(file, result);
  }
  return anchorsOf.get(file)!;
}

describe('pointers to sections of Markdown files', () => {
  it('THEN there are some to check', () => {
    expect(FILES.length).toBeGreaterThan(50);
  });

  it('THEN every FILE.md#anchor names a heading of an existing file', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of FILES) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const match of text.matchAll(/(?<![\w/.-])((?:\.{1,2}\/)*(?:[\w.-]+\/)*[\w.-]+\.md)#([\w-]+)/g)) {
        const [, target, anchor] = match;
        // Relative to the file (Markdown links), else to the repository root (docs/x.md in code and schema hints).
        const resolved = [path.join(ROOT, path.dirname(file), target), path.join(ROOT, target)].find((candidate) => existsSync(candidate));
        checked += 1;
        if (!resolved) broken.push(`${file}: ${target}#${anchor}: no such file`);
        else if (!anchors(resolved).has(anchor)) broken.push(`${file}: ${target}#${anchor}: no such heading`);
      }
    }
    expect(checked).toBeGreaterThan(5);
    expect(broken).toEqual([]);
  });

  it('THEN every "see README, \\"Section\\"" names a heading of the README', () => {
    const readme = anchors(path.join(ROOT, 'README.md'));
    const broken: string[] = [];
    for (const file of FILES) {
      for (const [, section] of readFileSync(path.join(ROOT, file), 'utf8').matchAll(/README(?:\.md)?, \\?"([^"\\]+)\\?"/g)) {
        if (!readme.has(slug(section))) broken.push(`${file}: README, "${section}"`);
      }
    }
    expect(broken).toEqual([]);
  });
});
