/**
 * The house rules of docs/layout.md, checked on the tree: imports flow one
 * way (entry points → cli → capabilities → shared services → stacks →
 * detection → config), no grab-bag folders, and small units (no source file
 * over 600 lines, no function body over 120 lines) outside test/, except the
 * files docs/layout.md lists with a reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { LAYERS, SOURCE_ROOTS } from '../support/source-tree';

const ROOT = path.resolve(__dirname, '..', '..');
const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 120;
const GRAB_BAG_NAMES = new Set(['scripts', 'lib', 'utils', 'util', 'misc', 'helpers', 'common']);

function listSources(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full).flatMap((child) => listSources(path.join(entry, child)));
}

const SOURCES = SOURCE_ROOTS.flatMap(listSources).filter((file) => /\.(ts|js)$/.test(file));

function layerOf(file: string): number {
  const top = file.split(path.sep)[0];
  const index = LAYERS.findIndex((layer) => layer.includes(top));
  if (index < 0) throw new Error(`${file}: its folder is in no layer of test/support/source-tree.ts`);
  return index;
}

/** Relative module specifiers of a file: import/export from, require(), require.resolve(), import(). */
function relativeImports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s+|\brequire(?:\.resolve)?\(\s*|\bimport\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) specifiers.push(match[1]);
  return specifiers;
}

function resolveTarget(file: string, specifier: string): string {
  return path.normalize(path.join(path.dirname(file), specifier));
}

/** Files docs/layout.md lets exceed a limit: rows `| <path> | <reason> |` under "Exceptions to the size limits". */
function documentedExceptions(): Map<string, string> {
  const layout = readFileSync(path.join(ROOT, 'docs', 'layout.md'), 'utf8');
  const section = layout.split(/^## Exceptions to the size limits$/m)[1]?.split(/^## /m)[0] ?? '';
  const exceptions = new Map<string, string>();
  for (const [, file, reason] of section.matchAll(/^\| `([^`]+)` \| ([^|]+) \|$/gm)) exceptions.set(file, reason.trim());
  return exceptions;
}

function longFunctions(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const body = node.body as ts.Node;
      const first = source.getLineAndCharacterOfPosition(body.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(body.getEnd()).line;
      if (last - first + 1 > MAX_FUNCTION_LINES) found.push(`${file}:${first + 1} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the repository layout (docs/layout.md)', () => {
  it('GIVEN every source file THEN it lives in a folder of a layer', () => {
    expect(SOURCES.length).toBeGreaterThan(100);
    for (const file of SOURCES) expect(() => layerOf(file)).not.toThrow();
  });

  it('GIVEN every relative import THEN it points to the same layer or one below (imports flow one way)', () => {
    const upward: string[] = [];
    for (const file of SOURCES) {
      for (const specifier of relativeImports(file)) {
        const target = resolveTarget(file, specifier);
        if (target === 'package.json') continue;
        if (layerOf(target) < layerOf(file)) upward.push(`${file} imports ${specifier}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('GIVEN the layer check WHEN a stack imported the CLI THEN it would be reported (the check is live)', () => {
    expect(layerOf(resolveTarget(path.join('stacks', 'app.ts'), '../cli/program'))).toBeLessThan(layerOf(path.join('stacks', 'app.ts')));
  });

  it('GIVEN the source folders THEN none is a grab-bag (scripts/, lib/, utils/, misc/ …)', () => {
    const folders = SOURCES.flatMap((file) => path.dirname(file).split(path.sep));
    expect([...new Set(folders.filter((name) => GRAB_BAG_NAMES.has(name)))]).toEqual([]);
  });

  it(`GIVEN every source file THEN it has at most ${MAX_FILE_LINES} lines, or docs/layout.md says why`, () => {
    const exceptions = documentedExceptions();
    const long = SOURCES.filter((file) => readFileSync(path.join(ROOT, file), 'utf8').split('\n').length > MAX_FILE_LINES);
    expect(long.filter((file) => !exceptions.has(file))).toEqual([]);
  });

  it(`GIVEN every function, method and constructor THEN its body has at most ${MAX_FUNCTION_LINES} lines, or docs/layout.md says why`, () => {
    const exceptions = documentedExceptions();
    const long = SOURCES.filter((file) => file.endsWith('.ts')).flatMap(longFunctions);
    expect(long.filter((entry) => !exceptions.has(entry.split(':')[0]))).toEqual([]);
  });

  it('GIVEN the exceptions docs/layout.md lists THEN each is still needed (no stale entry)', () => {
    for (const file of documentedExceptions().keys()) {
      const tooLong = readFileSync(path.join(ROOT, file), 'utf8').split('\n').length > MAX_FILE_LINES || longFunctions(file).length > 0;
      expect([file, tooLong]).toEqual([file, true]);
    }
  });

  it('GIVEN docs/layout.md THEN its table names every source folder of the tree, and only those', () => {
    const layout = readFileSync(path.join(ROOT, 'docs', 'layout.md'), 'utf8');
    const documented = [...layout.matchAll(/^\| [a-z]+ \| `([^`]+)` \|/gm)].map(([, entry]) => entry.replace(/\/$/, '').replace(/^bin\/.*/, 'bin'));
    expect([...documented].sort()).toEqual([...SOURCE_ROOTS].sort());
    const topLevel = readdirSync(ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !['node_modules', 'test'].includes(entry.name))
      .map((entry) => entry.name)
      .filter((name) => readdirSync(path.join(ROOT, name), { recursive: true }).some((file) => String(file).endsWith('.ts')));
    expect(topLevel.filter((name) => !SOURCE_ROOTS.includes(name))).toEqual([]);
  });
});
