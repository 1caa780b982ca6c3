/**
 * npm run schema: writes config/org.schema.json and the configuration
 * reference block of docs/configuration.md from config/schema.ts. With --check, writes nothing and exits 1 when either
 * committed file differs from what the schema generates (for CI).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REFERENCE_DOC_FILE, REFERENCE_SECTION, REPO_ROOT, SCHEMA_FILE, renderConfigReference, renderJsonSchema } from './config-docs';
import { withGeneratedSection } from './generated-section';

const outputs = [
  { file: SCHEMA_FILE, render: renderJsonSchema },
  { file: REFERENCE_DOC_FILE, render: () => withGeneratedSection(readFileSync(REFERENCE_DOC_FILE, 'utf8'), REFERENCE_SECTION, renderConfigReference()) },
];

function main(argv: string[]): number {
  const check = argv.includes('--check');
  let stale = 0;
  for (const { file, render } of outputs) {
    const content = render();
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const name = path.relative(REPO_ROOT, file);
    if (current === content) {
      console.log(`${name}: up to date`);
    } else if (check) {
      console.error(`${name}: stale; run npm run schema`);
      stale++;
    } else {
      writeFileSync(file, content);
      console.log(`${name}: written`);
    }
  }
  return stale > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
