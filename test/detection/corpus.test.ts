/**
 * The published corpus (../shared/corpus, vendored under fixtures/corpus):
 * every line's `expected` labels must come out of every deployed path — the
 * central-bus EventBridge pattern, the raw-record metric filter and the
 * envelope metric filter — under both readings of the unverified missing-field
 * behaviours, and out of classify's core as the CLI prints them.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../detection/org-config';
import { alertCatalogue, alertKindsFor, centralLogPattern, forwarderPattern, fullAlertCatalogue } from '../../detection/catalogue';
import { createClassifier } from '../../detection/classify';
import { toEnvelope } from '../../detection/envelope';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import type { AlertKindId } from '../../detection/types';
import { readCorpusWithV2Labels } from '../../classify/corpus';
import { CORPUS_FILE, everywhere, labelsByPath, readLabelled, REPO_ROOT, SEED_EVENTS_FILE, SHARED_CORPUS_FILE } from './helpers';

// The published lines with the detection-pack-v2 labels added (fixtures/corpus/signin-events.v2-labels.json).
const corpus = readCorpusWithV2Labels<AlertKindId>(CORPUS_FILE);
const NO_TRAIL_PATH: AlertKindId[] = ['guardduty-console-finding'];
const seeds = readLabelled(SEED_EVENTS_FILE);
// The corpus carries labels of every kind (console-login-outside-sso, off by default, included); the seed lines of the default kinds.
const allKinds = fullAlertCatalogue();
const defaultKinds = alertCatalogue();

describe('the corpus fixture', () => {
  it('GIVEN the vendored copy WHEN compared with the shared corpus THEN it is the published file, 118 lines', () => {
    expect(corpus).toHaveLength(118);
    if (existsSync(SHARED_CORPUS_FILE)) expect(readFileSync(CORPUS_FILE, 'utf8')).toBe(readFileSync(SHARED_CORPUS_FILE, 'utf8'));
  });
});

describe.each([
  ['corpus', corpus, allKinds],
  ['seed article', seeds, defaultKinds],
])('%s lines', (_name, lines, kinds) => {
  const classify = createClassifier(kinds);
  describe.each(lines.map((line) => [line.id, line] as const))('%s', (_id, line) => {
    it('GIVEN the line WHEN classified THEN alerts and metricAlerts equal expected', () => {
      const result = classify(line.event);
      expect(result.alerts).toEqual([...line.expected].sort());
      expect(result.metricAlerts).toEqual([...line.expected].sort());
    });

    it('GIVEN the line WHEN run through every path under both missing-field readings THEN every one gives expected', () => {
      expect(labelsByPath(kinds, line.event)).toEqual(everywhere(line.expected, NO_TRAIL_PATH));
    });
  });
});

describe('the example organization config (config/org.yaml) on the corpus', () => {
  it('GIVEN its suppressions, which name no corpus principal, WHEN the corpus is classified THEN every label is unchanged', () => {
    const config = loadConfig(path.join(REPO_ROOT, 'config', 'org.yaml'));
    const configured = createClassifier(alertKindsFor(config));
    // Kinds the example config leaves off (console-login-outside-sso is off by default) cannot appear.
    const enabled = (ids: AlertKindId[]) => ids.filter((id) => config.alerts.enabled[id]).sort();
    const mismatches = corpus.filter((line) => {
      const result = configured(line.event);
      return JSON.stringify(result.alerts) !== JSON.stringify(enabled(line.expected)) || JSON.stringify(result.metricAlerts) !== JSON.stringify(result.alerts);
    });
    expect(mismatches.map((line) => line.id)).toEqual([]);
  });
});

describe('forwarding the corpus', () => {
  // The forwarder's alarm branch only matches CloudWatch alarm events; any prefix will do here.
  const labelled = corpus.filter((line) => line.expected.length > 0);
  const envelopeOf = (line: (typeof corpus)[number]) => toEnvelope(line.event);

  it('GIVEN every line that raises an alert WHEN tested against the forwarder and sign-in log patterns THEN each is forwarded and logged', () => {
    expect(labelled.length).toBeGreaterThan(50);
    expect(labelled.filter((line) => !matchesEventPattern(forwarderPattern(), envelopeOf(line))).map((line) => line.id)).toEqual([]);
    expect(labelled.filter((line) => !matchesEventPattern(centralLogPattern(), envelopeOf(line))).map((line) => line.id)).toEqual([]);
  });

  it('GIVEN the non-sign-in records that raise no alert (sts, iam, s3, sso; no CloudTrail calls) WHEN tested against the forwarder THEN none is forwarded', () => {
    const other = corpus.filter((line) => {
      const record = (line.wrapped ? (line.event.detail as Record<string, unknown>) : line.event) as Record<string, unknown>;
      return typeof record.eventSource === 'string' && record.eventSource !== 'signin.amazonaws.com' && line.expected.length === 0;
    });
    expect(other.length).toBeGreaterThan(20);
    expect(other.filter((line) => matchesEventPattern(forwarderPattern(), envelopeOf(line))).map((line) => line.id)).toEqual([]);
  });

  it('GIVEN sign-in records no alert or search needs (the NonConsoleLogin trap) WHEN tested THEN none is forwarded', () => {
    // GetSigninToken and PasswordUpdated are forwarded since detection pack v2 (console-token-outside-sso,
    // root-account-change), every GetSigninToken by name: the aggregator's rule tells the portal's apart,
    // which keeps the forwarder pattern short (EventBridge's 2,048 characters).
    const unneeded = corpus.filter((line) => (line.wrapped ? (line.event.detail as Record<string, unknown>) : line.event).eventName === 'NonConsoleLogin');
    expect(unneeded.length).toBeGreaterThanOrEqual(1);
    expect(unneeded.filter((line) => matchesEventPattern(forwarderPattern(), envelopeOf(line))).map((line) => line.id)).toEqual([]);
  });
});
