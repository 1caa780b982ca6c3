/**
 * The project's source folders, in import order: a folder may import only
 * from folders at its own layer or below (docs/layout.md). The layout,
 * single-source and CLI tests read the tree from here.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['bin', 'main.ts'],
  ['cli'],
  ['synth', 'review', 'coverage', 'drift', 'preflight', 'cost', 'verify', 'bench', 'classify', 'digest', 'health', 'generated-docs'],
  ['command', 'terraform', 'aws'],
  ['stacks'],
  ['detection'],
  ['config'],
];

/** Every top-level source folder or file (not test/). */
export const SOURCE_ROOTS: readonly string[] = LAYERS.flat();
