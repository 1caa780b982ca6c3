/**
 * One source of truth: no pattern string of the catalogue is spelled anywhere
 * in the sources but the catalogue (detection/catalogue.ts and the detection
 * modules it imports: stacks, scripts and config import it), and the
 * catalogue's own patterns are generated, never written twice.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_PIPELINE_NAMES,
  pipelineDeployChangeFilters,
  pipelineForwardPatterns,
  alertCatalogue,
  burstFilter,
  guardDutyFindingPattern,
  principalBurstSpec,
  CIS_FILTERS,
  forwarderPatternFor,
  heartbeatPattern,
  signInLogPattern,
} from '../../detection/catalogue';
import type { OrgConfig } from '../../config/schema';
import { REPO_ROOT } from './helpers';
import { SOURCE_ROOTS as LAYERS_SOURCE_ROOTS } from '../support/source-tree';

const SOURCE_ROOTS = LAYERS_SOURCE_ROOTS.filter((root) => root !== 'bin');
const CATALOGUE = path.join('detection', 'catalogue.ts');

function sourceFiles(entry: string): string[] {
  const full = path.join(REPO_ROOT, entry);
  if (statSync(full).isDirectory()) return readdirSync(full).flatMap((child) => sourceFiles(path.join(entry, child)));
  return /\.(ts|js|json|ya?ml)$/.test(entry) ? [entry] : [];
}

const files = SOURCE_ROOTS.flatMap((root) => {
  try {
    return sourceFiles(root);
  } catch {
    return [];
  }
});
const contents = new Map(files.map((file) => [file, readFileSync(path.join(REPO_ROOT, file), 'utf8')]));

/** detection/catalogue.ts and every detection/ module it imports, directly or through another. */
function catalogueFiles(): Set<string> {
  const found = new Set<string>();
  const visit = (file: string): void => {
    if (found.has(file) || !contents.has(file)) return;
    found.add(file);
    for (const [, specifier] of contents.get(file)!.matchAll(/from '(\.[^']+)'/g)) {
      const target = `${path.join(path.dirname(file), specifier)}.ts`;
      if (target.startsWith(`detection${path.sep}`)) visit(target);
    }
  };
  visit(CATALOGUE);
  return found;
}
const CATALOGUE_FILES = catalogueFiles();

function patternStrings(): Map<string, string> {
  const strings = new Map<string, string>();
  const kinds = [...alertCatalogue(), ...alertCatalogue({ ignorePrincipals: [{ arn: 'arn:aws:iam::*:user/break-glass-auditor', reason: 'example' }] })];
  for (const kind of kinds) {
    if (kind.rawMetricFilter !== null) strings.set(kind.rawMetricFilter, `${kind.id} raw filter`);
    strings.set(kind.envelopeMetricFilter, `${kind.id} envelope filter`);
    kind.rawMetricFilters.forEach((pattern, index) => strings.set(pattern, `${kind.id} raw filter ${index + 1}`));
    kind.envelopeMetricFilters.forEach((pattern, index) => strings.set(pattern, `${kind.id} envelope filter ${index + 1}`));
    strings.set(JSON.stringify(kind.eventPattern), `${kind.id} event pattern`);
    strings.set(JSON.stringify(kind.eventPattern, null, 2), `${kind.id} event pattern (indented)`);
  }
  for (const filter of CIS_FILTERS) strings.set(filter.pattern, filter.id);
  strings.set(burstFilter(5).pattern, 'burst filter');
  const deployChange = pipelineDeployChangeFilters(DEFAULT_PIPELINE_NAMES);
  [...deployChange.raw, ...deployChange.envelope].forEach((pattern, index) => strings.set(pattern, `pipeline deploy-change filter ${index + 1}`));
  strings.set(JSON.stringify(pipelineForwardPatterns(DEFAULT_PIPELINE_NAMES)), 'pipeline forward pattern');
  for (const filter of principalBurstSpec(5).filters) {
    strings.set(filter.pattern, `${filter.metricName} filter`);
    strings.set(principalBurstSpec(5).query('signin-watch', filter.metricName), `${filter.metricName} query`);
  }
  const example = { deployment: { namePrefix: 'signin-watch' }, alerts: {}, accounts: [] } as unknown as Pick<OrgConfig, 'deployment' | 'alerts' | 'accounts'>;
  for (const [name, pattern] of Object.entries({
    forwarderPattern: () => forwarderPatternFor(example, { id: '111111111111', name: 'example' }),
    guardDutyFindingPattern: () => guardDutyFindingPattern(),
    signInLogPattern,
    heartbeatPattern,
  })) {
    strings.set(JSON.stringify(pattern()), name);
    strings.set(JSON.stringify(pattern(), null, 2), `${name} (indented)`);
  }
  return strings;
}

describe('single source of detection patterns', () => {
  it('GIVEN the sources of every source folder WHEN searched THEN the catalogue and its kind files are among them', () => {
    expect(files).toContain(CATALOGUE);
    expect(files.length).toBeGreaterThan(5);
    expect([...CATALOGUE_FILES].filter((file) => file.startsWith(path.join('detection', 'kinds'))).length).toBeGreaterThan(10);
  });

  it('GIVEN every pattern string of the catalogue WHEN searched for literally THEN no file outside the catalogue spells one', () => {
    const offenders: string[] = [];
    for (const [pattern, name] of patternStrings()) {
      for (const [file, text] of contents) {
        if (!CATALOGUE_FILES.has(file) && text.includes(pattern)) offenders.push(`${file}: ${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('GIVEN the generated patterns WHEN searched in the catalogue itself THEN only the verbatim CIS strings are written out', () => {
    const catalogue = [...CATALOGUE_FILES].map((file) => contents.get(file)!);
    const written = [...patternStrings()].filter(([pattern]) => catalogue.some((text) => text.includes(pattern))).map(([, name]) => name);
    expect(written.sort()).toEqual(CIS_FILTERS.map((filter) => filter.id).sort());
  });

  it('GIVEN the field paths only patterns need WHEN searched outside detection/ THEN no source spells them', () => {
    const fragments = ['responseElements.ConsoleLogin', 'serviceEventDetails.Credential', 'additionalEventData.MFAUsed'];
    const offenders = [...contents]
      .filter(([file]) => !file.startsWith(`detection${path.sep}`))
      .flatMap(([file, text]) => fragments.filter((fragment) => text.includes(fragment)).map((fragment) => `${file}: ${fragment}`));
    expect(offenders).toEqual([]);
  });
});
