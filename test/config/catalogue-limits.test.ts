/**
 * config/ imports nothing from detection/: the checks only the catalogue can
 * make reach the loader as an argument (config/validate.ts CatalogueLimits),
 * and detection/org-config.ts passes the catalogue's own.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig as parseWithLimits, ConfigError } from '../../config/load';
import type { CatalogueLimits } from '../../config/validate';
import { CATALOGUE_LIMITS, parseConfig } from '../../detection/org-config';
import { suppressionFilterLength } from '../../detection/catalogue';

const EXAMPLE = readFileSync(path.join(__dirname, '..', '..', 'config', 'org.yaml'), 'utf8');

function withIgnored(count: number): string {
  const doc = parse(EXAMPLE);
  doc.alerts.ignorePrincipals = Array.from({ length: count }, (_, index) => ({
    arn: `arn:aws:iam::111111111111:user/automation-user-with-a-long-name-${index}`,
    reason: 'test',
  }));
  return stringify(doc);
}

describe('the catalogue limits reach config validation from above', () => {
  it('GIVEN the catalogue limits THEN they measure the filter the catalogue builds', () => {
    const arns = ['arn:aws:iam::111111111111:user/a', 'arn:aws:iam::111111111111:user/b'];
    expect(CATALOGUE_LIMITS.suppressionFilterLength(arns)).toBe(suppressionFilterLength(arns));
  });

  it('GIVEN too many ignored principals WHEN loaded through detection/org-config THEN the filter length is reported at its place', () => {
    expect(() => parseConfig(withIgnored(40), 'org.yaml')).toThrow(/alerts\.ignorePrincipals.*CloudWatch Logs allows 1024/s);
  });

  it('GIVEN limits that measure nothing WHEN the same config is loaded THEN config/ alone accepts it (the check lives in the limits passed in)', () => {
    const lenient: CatalogueLimits = { suppressionFilterLength: () => 0, checkPipelineFilters: () => undefined, globalServiceKinds: () => [] };
    expect(() => parseWithLimits(withIgnored(40), 'org.yaml', lenient)).not.toThrow();
  });

  it('GIVEN limits whose pipeline check throws WHEN loaded THEN the reason is reported at deployment.roleName', () => {
    const refusing: CatalogueLimits = {
      globalServiceKinds: () => [],
      suppressionFilterLength: () => 0,
      checkPipelineFilters: () => {
        throw new Error('pipeline-tampering filter would be 1100 characters');
      },
    };
    try {
      parseWithLimits(EXAMPLE, 'org.yaml', refusing);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/deployment\.roleName: pipeline-tampering filter would be 1100 characters/);
    }
  });
});
