/**
 * Detection pack v2 (issue 11): the takeover kinds on their fixtures and on the
 * published corpus, through every deployed path; forwarding from the member
 * regions (GuardDuty findings once each); pattern size limits; classify.
 */
import { ALERT_KIND_IDS, ALERT_SWITCH_IDS } from '../../config/schema';
import { alertKindEnabledByDefault } from '../../config/alert-kinds';
import {
  centralLogPattern,
  forwarderPattern,
  forwarderPatternFor,
  fullAlertCatalogue,
  MAX_EVENT_PATTERN_LENGTH,
  MAX_FILTER_PATTERN_LENGTH,
} from '../../detection/catalogue';
import { createClassifier } from '../../detection/classify';
import { toEnvelope } from '../../detection/envelope';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { compileLogsFilter } from '../../detection/logs-filter';
import type { AlertKindId } from '../../detection/types';
import { readCorpusWithV2Labels, TAKEOVER_FILE } from '../../classify/corpus';
import { CORPUS_FILE, everywhere, labelsByPath, readLabelled, type Json } from './helpers';

const V2_KINDS: AlertKindId[] = [
  'root-account-change',
  'mfa-device-removed',
  'login-profile-change',
  'console-token-outside-sso',
  'console-login-outside-sso',
  'identity-provider-change',
  'guardduty-console-finding',
];
const NO_TRAIL_PATH: AlertKindId[] = ['guardduty-console-finding'];
const kinds = fullAlertCatalogue();
const classify = createClassifier(kinds);
const takeover = readLabelled(TAKEOVER_FILE);
const corpus = readCorpusWithV2Labels<AlertKindId>(CORPUS_FILE);

describe('the detection pack v2 kinds', () => {
  it('GIVEN the catalogue THEN it holds every v2 kind, with its severity, and only console-login-outside-sso is off by default', () => {
    const severities = Object.fromEntries(kinds.map((kind) => [kind.id, kind.severity]));
    expect(V2_KINDS.map((id) => [id, severities[id]])).toEqual([
      ['root-account-change', 'CRITICAL'],
      ['mfa-device-removed', 'HIGH'],
      ['login-profile-change', 'HIGH'],
      ['console-token-outside-sso', 'HIGH'],
      ['console-login-outside-sso', 'MEDIUM'],
      ['identity-provider-change', 'HIGH'],
      ['guardduty-console-finding', 'HIGH'],
    ]);
    expect(ALERT_SWITCH_IDS.filter((id) => !alertKindEnabledByDefault(id))).toEqual(['console-login-outside-sso']);
    expect(ALERT_SWITCH_IDS).toContain('failed-sign-ins-per-principal');
  });

  it('GIVEN every kind WHEN measured THEN each filter fits CloudWatch Logs (1,024) and each pattern EventBridge (2,048), forwarder and central log included', () => {
    for (const kind of kinds) {
      // The deployed filters (a kind too long for one, pipeline-tampering, is deployed as several).
      for (const filter of [...kind.rawMetricFilters, ...kind.envelopeMetricFilters]) {
        expect(filter.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
        expect(() => compileLogsFilter(filter)).not.toThrow();
      }
      for (const pattern of kind.eventPatterns) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
    }
    expect(JSON.stringify(forwarderPattern()).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
    expect(JSON.stringify(centralLogPattern()).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
  });

  it('GIVEN GuardDuty findings (not in CloudTrail) THEN only guardduty-console-finding has no raw-record filter', () => {
    expect(kinds.filter((kind) => kind.rawMetricFilter === null).map((kind) => kind.id)).toEqual(NO_TRAIL_PATH);
  });

  it('GIVEN every fixture and corpus line WHEN counted THEN each v2 kind has at least 3 records labelled with it, and a near miss exists', () => {
    const all = [...takeover, ...corpus];
    for (const id of V2_KINDS) expect([id, all.filter((line) => line.expected.includes(id)).length >= 3]).toEqual([id, true]);
    expect(takeover.filter((line) => line.expected.length === 0).length).toBeGreaterThanOrEqual(12);
  });
});

// The published corpus with its v2 labels runs through the same checks in corpus.test.ts.
describe.each([['takeover fixtures', takeover]])('%s', (_name, lines) => {
  describe.each(lines.map((line) => [line.id, line] as const))('%s', (_id, line) => {
    it('GIVEN the line WHEN classified THEN alerts equal expected, and metricAlerts too but for kinds without the raw path on raw records', () => {
      const result = classify(line.event);
      const expected = [...line.expected].sort();
      expect(result.alerts).toEqual(expected);
      expect(result.metricAlerts).toEqual(line.wrapped ? expected : expected.filter((id) => !NO_TRAIL_PATH.includes(id)));
    });

    it('GIVEN the line WHEN run through every path under both missing-field readings THEN every one gives expected', () => {
      expect(labelsByPath(kinds, line.event)).toEqual(everywhere(line.expected, NO_TRAIL_PATH));
    });
  });
});

describe('forwarding the takeover events from the member regions', () => {
  const labelled = takeover.filter((line) => line.expected.length > 0);

  it('GIVEN every labelled takeover event WHEN tested against the forwarder and central-log patterns THEN each is forwarded and logged', () => {
    expect(labelled.length).toBeGreaterThan(20);
    expect(labelled.filter((line) => !matchesEventPattern(forwarderPattern(), toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
    expect(labelled.filter((line) => !matchesEventPattern(centralLogPattern(), toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
  });

  it('GIVEN the v2-labelled published corpus lines WHEN tested against the forwarder THEN each is forwarded', () => {
    const v2 = corpus.filter((line) => line.expected.some((id) => V2_KINDS.includes(id)));
    expect(v2.length).toBeGreaterThan(20);
    expect(v2.filter((line) => !matchesEventPattern(forwarderPattern(), toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
  });
});

describe('GuardDuty findings alert once each', () => {
  const line = (id: string) => takeover.find((entry) => entry.id === id)!.event as Json;
  const own = line('gd-toripcaller'); // detail.accountId 111122223333, in 111122223333
  const adminCopy = line('gd-maliciousipcaller-admin-copy'); // about 444455556666, delivered in 111122223333
  const config = (guardDutyAdministrator?: string) =>
    ({
      deployment: { namePrefix: 'signin-watch' },
      alerts: { guardDutyAdministrator },
      accounts: [
        { name: 'security', id: '111122223333' },
        { name: 'workload', id: '444455556666' },
      ],
    }) as unknown as Parameters<typeof forwarderPatternFor>[0];
  const forwards = (cfg: ReturnType<typeof config>, accountName: string, event: Json) =>
    matchesEventPattern(forwarderPatternFor(cfg, cfg.accounts.find((account) => account.name === accountName)!), event);

  it('GIVEN no GuardDuty administrator in config WHEN an account receives its own finding and a copy of another account\'s THEN it forwards only its own', () => {
    expect(forwards(config(), 'security', own)).toBe(true);
    expect(forwards(config(), 'security', adminCopy)).toBe(false);
    // The member where the copied finding was generated forwards it (same finding, its own account).
    expect(forwards(config(), 'workload', { ...adminCopy, account: '444455556666' })).toBe(true);
  });

  it('GIVEN the GuardDuty administrator in config THEN only its forwarders send findings, its copies included', () => {
    expect(forwards(config('security'), 'security', own)).toBe(true);
    expect(forwards(config('security'), 'security', adminCopy)).toBe(true);
    expect(forwards(config('111122223333'), 'security', adminCopy)).toBe(true);
    expect(forwards(config('security'), 'workload', { ...adminCopy, account: '444455556666' })).toBe(false);
  });

  it('GIVEN a GuardDuty finding envelope WHEN classified THEN metricAlerts show what the envelope filter sees', () => {
    expect(classify(own)).toMatchObject({ alerts: ['guardduty-console-finding'], metricAlerts: ['guardduty-console-finding'], cis: [] });
    expect(classify(line('gd-recon-userpermissions-nearmiss'))).toMatchObject({ alerts: [], metricAlerts: [] });
  });
});

describe('suppression stays limited to console-login-success', () => {
  it('GIVEN an ignorePrincipals entry naming every principal WHEN the v2 lines are classified THEN their v2 labels are unchanged', () => {
    const suppressing = createClassifier(fullAlertCatalogue({ ignorePrincipals: [{ arn: 'arn:aws:*', reason: 'test' }] }));
    const changed = [...takeover, ...corpus].filter((line) => {
      const v2 = (ids: AlertKindId[]) => ids.filter((id) => V2_KINDS.includes(id)).join();
      return v2(suppressing(line.event).alerts) !== v2([...line.expected].sort());
    });
    expect(changed.map((line) => line.id)).toEqual([]);
    expect(ALERT_KIND_IDS).toContain('console-login-outside-sso');
  });
});
