/**
 * The published corpus (../shared/corpus, vendored under fixtures/corpus):
 * every line's `expected` labels must come out of every deployed path — the
 * central-bus EventBridge pattern, the raw-record metric filter and the
 * envelope metric filter — under both readings of the unverified missing-field
 * behaviours, and out of classify's core as the CLI prints them.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../config/load';
import { alertCatalogue, alertKindsFor, DEFAULT_PIPELINE_NAMES, forwarderPattern, signInLogPattern } from '../../detection/catalogue';
import { createClassifier } from '../../detection/classify';
import { toEnvelope } from '../../detection/envelope';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { CORPUS_FILE, everywhere, labelsByPath, readLabelled, REPO_ROOT, SEED_EVENTS_FILE, SHARED_CORPUS_FILE } from './helpers';

const corpus = readLabelled(CORPUS_FILE);
const seeds = readLabelled(SEED_EVENTS_FILE);
const kinds = alertCatalogue();
const classify = createClassifier(kinds);

describe('the corpus fixture', () => {
  it('GIVEN the vendored copy WHEN compared with the shared corpus THEN it is the published file, 118 lines', () => {
    expect(corpus).toHaveLength(118);
    if (existsSync(SHARED_CORPUS_FILE)) expect(readFileSync(CORPUS_FILE, 'utf8')).toBe(readFileSync(SHARED_CORPUS_FILE, 'utf8'));
  });
});

describe.each([
  ['corpus', corpus],
  ['seed article', seeds],
])('%s lines', (_name, lines) => {
  describe.each(lines.map((line) => [line.id, line] as const))('%s', (_id, line) => {
    it('GIVEN the line WHEN classified THEN alerts and metricAlerts equal expected', () => {
      const result = classify(line.event);
      expect(result.alerts).toEqual([...line.expected].sort());
      expect(result.metricAlerts).toEqual([...line.expected].sort());
    });

    it('GIVEN the line WHEN run through every path under both missing-field readings THEN every one gives expected', () => {
      expect(labelsByPath(kinds, line.event)).toEqual(everywhere(line.expected));
    });
  });
});

describe('the example organization config (config/org.yaml) on the corpus', () => {
  it('GIVEN its suppressions, which name no corpus principal, WHEN the corpus is classified THEN every label is unchanged', () => {
    const configured = createClassifier(alertKindsFor(loadConfig(path.join(REPO_ROOT, 'config', 'org.yaml'))));
    const mismatches = corpus.filter((line) => {
      const result = configured(line.event);
      return JSON.stringify(result.alerts) !== JSON.stringify([...line.expected].sort()) || JSON.stringify(result.metricAlerts) !== JSON.stringify(result.alerts);
    });
    expect(mismatches.map((line) => line.id)).toEqual([]);
  });
});

describe('forwarding the corpus', () => {
  // The forwarder's alarm branch only matches CloudWatch alarm events; any prefix will do here.
  const ALARM_PREFIX = 'example-forwarder-';
  const labelled = corpus.filter((line) => line.expected.length > 0);
  const envelopeOf = (line: (typeof corpus)[number]) => toEnvelope(line.event);

  it('GIVEN every line that raises an alert WHEN tested against the forwarder and sign-in log patterns THEN each is forwarded and logged', () => {
    expect(labelled.length).toBeGreaterThan(50);
    expect(labelled.filter((line) => !matchesEventPattern(forwarderPattern(ALARM_PREFIX, DEFAULT_PIPELINE_NAMES), envelopeOf(line))).map((line) => line.id)).toEqual([]);
    expect(labelled.filter((line) => !matchesEventPattern(signInLogPattern(), envelopeOf(line))).map((line) => line.id)).toEqual([]);
  });

  it('GIVEN the non-sign-in records (sts, iam, s3, sso; no CloudTrail calls) WHEN tested against the forwarder THEN none is forwarded', () => {
    const other = corpus.filter((line) => {
      const record = (line.wrapped ? (line.event.detail as Record<string, unknown>) : line.event) as Record<string, unknown>;
      return typeof record.eventSource === 'string' && record.eventSource !== 'signin.amazonaws.com';
    });
    expect(other.length).toBeGreaterThan(20);
    expect(other.filter((line) => matchesEventPattern(forwarderPattern(ALARM_PREFIX, DEFAULT_PIPELINE_NAMES), envelopeOf(line))).map((line) => line.id)).toEqual([]);
  });

  it('GIVEN sign-in records no alert or search needs (GetSigninToken, PasswordUpdated, the NonConsoleLogin trap) WHEN tested THEN none is forwarded', () => {
    const names = new Set(['GetSigninToken', 'PasswordUpdated', 'NonConsoleLogin']);
    const unneeded = corpus.filter((line) => names.has(String((line.wrapped ? (line.event.detail as Record<string, unknown>) : line.event).eventName)));
    expect(unneeded.length).toBeGreaterThanOrEqual(8);
    expect(unneeded.filter((line) => matchesEventPattern(forwarderPattern(ALARM_PREFIX, DEFAULT_PIPELINE_NAMES), envelopeOf(line))).map((line) => line.id)).toEqual([]);
  });
});
