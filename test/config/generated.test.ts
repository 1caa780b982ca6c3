/**
 * The committed artefacts generated from config/schema.ts must match what the
 * schema generates now: run `npm run schema` after changing the model.
 */
import { readFileSync } from 'node:fs';
import { REFERENCE_DOC_FILE, REFERENCE_SECTION, SCHEMA_FILE, generateJsonSchema, renderConfigReference, renderJsonSchema } from '../../generated-docs/config-docs';
import { withGeneratedSection } from '../../generated-docs/generated-section';

describe('generated config artefacts', () => {
  it('GIVEN config/org.schema.json THEN it is what z.toJSONSchema generates (else run npm run schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderJsonSchema());
  });

  it('GIVEN docs/configuration.md THEN its configuration reference is what the schema renders (else run npm run schema)', () => {
    const readme = readFileSync(REFERENCE_DOC_FILE, 'utf8');
    expect(readme).toBe(withGeneratedSection(readme, REFERENCE_SECTION, renderConfigReference()));
  });

  it('THEN the JSON schema is draft-07, strict, and describes every top-level key', () => {
    const schema = generateJsonSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['organization', 'aggregator', 'trail', 'notifications', 'accounts']);
    for (const [key, node] of Object.entries(schema.properties ?? {})) {
      expect([key, typeof node.description]).toEqual([key, 'string']);
    }
  });

  it('THEN the reference has a row per key with its default, e.g. trail.logRetentionDays', () => {
    expect(renderConfigReference()).toContain(
      '| `trail.logRetentionDays` | integer (≥ 1) | `365` | Retention of the trail log group, in days (CIS asks for at least 365). |',
    );
  });
});
