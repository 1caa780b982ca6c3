/**
 * Imports flow one way: config/ is the bottom layer, and imports nothing
 * from detection/, stacks/, scripts/ or cli/ (detection/ may import config/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const CONFIG = path.join(__dirname, '..', '..', 'config');
const UPPER_LAYERS = ['detection', 'stacks', 'scripts', 'cli'];

/**
 * The one import left: phase-3 validation reports an alerts.ignorePrincipals or
 * deployment role list too long for the kinds' filters, which only detection/
 * can build, and config/load.ts (whose callers cannot pass the check in yet)
 * runs it. Remove this entry when the loader takes the check from its callers.
 */
const KNOWN = ["validate.ts: ../detection/catalogue"];

describe('config/ imports', () => {
  it('GIVEN every config/ source WHEN its imports are read THEN none reaches an upper layer (but the one known)', () => {
    const upward = readdirSync(CONFIG)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [...readFileSync(path.join(CONFIG, file), 'utf8').matchAll(/from '([^']+)'/g)]
          .map(([, specifier]) => specifier)
          .filter((specifier) => UPPER_LAYERS.some((layer) => specifier.startsWith(`../${layer}/`) || specifier === `../${layer}`))
          .map((specifier) => `${file}: ${specifier}`),
      );
    expect(upward).toEqual(KNOWN);
  });
});
