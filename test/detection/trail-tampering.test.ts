/**
 * trail-tampering: CloudTrail calls that stop or blind a trail alert on every
 * deployed path (bus pattern, raw filter, envelope filter) under both readings
 * of the unverified missing-field behaviours; near misses (calls that add or
 * resume logging, read-only calls, the same name from another service) do
 * not. The member forwarders carry these calls to the central bus, the
 * central log keeps them, and ignorePrincipals never suppresses them.
 */
import { ALERT_KIND_IDS } from '../../config/schema';
import {
  alertCatalogue,
  alertKind,
  centralLogPattern,
  guardDutyFindingPattern,
  takeoverForwardBranches,
  forwarderPattern,
  signInLogPattern,
  TRAIL_EVENT_SOURCE,
  TRAIL_SOURCE,
  TRAIL_TAMPERING_EVENT_NAMES,
  trailTamperingPattern,
} from '../../detection/catalogue';
import { createClassifier } from '../../detection/classify';
import { toEnvelope } from '../../detection/envelope';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { CORPUS_FILE, everywhere, labelsByPath, messageLines, readLabelled, TRAIL_TAMPERING_FILE, type Json } from './helpers';

const fixtures = readLabelled(TRAIL_TAMPERING_FILE);
const kinds = alertCatalogue();
const kind = alertKind('trail-tampering');
const recordOf = (event: Json): Json => toEnvelope(event).detail as Json;
const byId = (id: string) => fixtures.find((line) => line.id === id)!;

describe('the trail-tampering fixtures', () => {
  it('GIVEN the file WHEN read THEN each raw record has its EventBridge envelope, and the calls cover every listed event name and the near misses', () => {
    const raw = fixtures.filter((line) => !line.wrapped);
    expect(fixtures.filter((line) => line.wrapped).map((line) => line.id)).toEqual(raw.map((line) => `${line.id}-eb`));
    expect(raw.map((line) => [line.id, recordOf(line.event).eventName])).toEqual([
      ['trail-stoplogging', 'StopLogging'],
      ['trail-deletetrail', 'DeleteTrail'],
      ['trail-updatetrail', 'UpdateTrail'],
      ['trail-puteventselectors', 'PutEventSelectors'],
      ['trail-stoplogging-denied', 'StopLogging'],
      ['trail-near-createtrail', 'CreateTrail'],
      ['trail-near-startlogging', 'StartLogging'],
      ['trail-near-describetrails', 'DescribeTrails'],
      ['trail-near-other-source', 'StopLogging'],
      ['trail-near-wrong-case', 'stopLogging'],
    ]);
  });

  it('GIVEN the envelopes WHEN inspected THEN they carry source aws.cloudtrail and detail-type "AWS API Call via CloudTrail", as EventBridge delivers them', () => {
    const envelopes = fixtures.filter((line) => line.wrapped && line.id !== 'trail-near-other-source-eb');
    expect(envelopes.length).toBe(9);
    for (const line of envelopes) expect([line.event.source, line.event['detail-type']]).toEqual([TRAIL_SOURCE, 'AWS API Call via CloudTrail']);
  });
});

describe.each(fixtures.map((line) => [line.id, line] as const))('%s', (_id, line) => {
  it('GIVEN the event WHEN run through every path under both missing-field readings THEN every one gives the expected labels', () => {
    expect(labelsByPath(kinds, line.event)).toEqual(everywhere(line.expected));
  });

  it('GIVEN the event WHEN classified THEN alerts and metricAlerts equal the expected labels', () => {
    const result = createClassifier(kinds)(line.event);
    expect([result.alerts, result.metricAlerts]).toEqual([line.expected, line.expected]);
  });
});

describe('the trail-tampering kind', () => {
  it('GIVEN the catalogue WHEN read THEN the kind is CRITICAL, enabled by default, and its bus pattern pins source, eventSource and the five event names only', () => {
    expect(ALERT_KIND_IDS).toContain('trail-tampering');
    expect(kinds.map((entry) => entry.id)).toContain('trail-tampering');
    expect([kind.severity, kind.metricName]).toEqual(['CRITICAL', 'TrailTampering']);
    expect([...TRAIL_TAMPERING_EVENT_NAMES]).toEqual(['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors']);
    expect(kind.eventPattern).toEqual({ source: ['aws.cloudtrail'], detail: { eventSource: ['cloudtrail.amazonaws.com'], eventName: [...TRAIL_TAMPERING_EVENT_NAMES] } });
    expect(kind.eventPattern).toEqual(trailTamperingPattern());
  });

  it.each(TRAIL_TAMPERING_EVENT_NAMES.map((name) => [name]))('GIVEN a %s call WHEN labelled on every path THEN it alerts', (name) => {
    const event = structuredClone(byId('trail-stoplogging').event);
    event.eventName = name;
    expect(labelsByPath(kinds, event)).toEqual(everywhere(['trail-tampering']));
  });

  it('GIVEN a record without eventSource WHEN labelled THEN nothing fires (CloudTrail always sets it; only sign-in names are inferred)', () => {
    const event = structuredClone(byId('trail-stoplogging').event);
    delete event.eventSource;
    expect(labelsByPath(kinds, event)).toEqual(everywhere([]));
  });

  it('GIVEN an envelope from another source carrying the CloudTrail detail WHEN labelled THEN the bus pattern and the envelope filter stay silent', () => {
    const envelope = { ...structuredClone(byId('trail-stoplogging-eb').event), source: 'custom.cloudtrail' };
    const labels = labelsByPath(kinds, envelope);
    const envelopePaths = Object.entries(labels).filter(([route]) => !route.startsWith('raw-filter/'));
    expect(envelopePaths).toEqual(Object.entries(everywhere([])).filter(([route]) => !route.startsWith('raw-filter/')));
    expect(envelopePaths).toHaveLength(4);
  });

  it('GIVEN every principal ignored WHEN the denied StopLogging of an ignored user and the assumed-role one arrive THEN both still alert', () => {
    const ignorePrincipals = ['arn:aws:iam::*:user/*', 'arn:aws:sts::*:assumed-role/*'].map((arn) => ({ arn, reason: 'test' }));
    const suppressing = alertCatalogue({ ignorePrincipals });
    expect(suppressing.find((entry) => entry.id === 'trail-tampering')).toEqual(kind);
    for (const id of ['trail-stoplogging', 'trail-stoplogging-denied']) expect(labelsByPath(suppressing, byId(id).event)).toEqual(everywhere(['trail-tampering']));
  });

  it('GIVEN the 118 corpus sign-in lines WHEN labelled THEN trail-tampering fires on none of them', () => {
    const corpus = readLabelled(CORPUS_FILE);
    expect(corpus).toHaveLength(118);
    const trailOnly = [kind];
    const fired = corpus.filter((line) => Object.values(labelsByPath(trailOnly, line.event)).some((labels) => labels.length > 0));
    expect(fired.map((line) => line.id)).toEqual([]);
  });
});

describe('forwarding and logging trail-tampering calls', () => {
  const fires = fixtures.filter((line) => line.expected.length > 0);
  const nearMisses = fixtures.filter((line) => line.expected.length === 0);

  it('GIVEN every call that alerts WHEN tested against the member forwarder and the central log THEN each is forwarded and kept', () => {
    expect(fires.length).toBe(10);
    expect(fires.filter((line) => !matchesEventPattern(forwarderPattern(), toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
    expect(fires.filter((line) => !matchesEventPattern(centralLogPattern(), toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
  });

  it('GIVEN the near misses WHEN tested THEN the forwarder and the central log drop them all', () => {
    expect(nearMisses.length).toBe(10);
    expect(nearMisses.filter((line) => matchesEventPattern(forwarderPattern(), toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
    expect(nearMisses.filter((line) => matchesEventPattern(centralLogPattern(), toEnvelope(line.event))).map((line) => line.id)).toEqual([]);
  });

  it('GIVEN the central log pattern WHEN inspected THEN it is the sign-in pattern (unchanged), the trail-tampering pattern, or the detection-pack-v2 events', () => {
    expect(centralLogPattern()).toEqual({ $or: [signInLogPattern(), trailTamperingPattern(), ...takeoverForwardBranches(), guardDutyFindingPattern()] });
    expect(JSON.stringify(signInLogPattern())).not.toContain(TRAIL_EVENT_SOURCE);
  });
});

describe('the trail-tampering message', () => {
  const lines = (id: string) => messageLines(kind, toEnvelope(byId(id).event));

  it('GIVEN the StopLogging of the organization trail WHEN rendered THEN it names who, where, which trail, when and the event id, with no error', () => {
    expect(lines('trail-stoplogging')).toEqual([
      // At most 99 characters (SNS's limit, MAX_SUBJECT_LENGTH): the principal goes first, the source address stays.
      '[CRITICAL] CloudTrail trail stopped or changed: 111111111111 (not in config) from 198.51.100.23',
      kind.description,
      '',
      // AWS-set facts first, then what the caller chose (request parameters, session names).
      'Event: StopLogging',
      'Principal type: AssumedRole',
      'Account: 111111111111 (not in config)',
      'Region: eu-west-1',
      'Source IP: 198.51.100.23',
      'Time: 2026-11-20T09:11:00Z',
      'Event id: 0f7e2a31-5b6c-4d8e-9f00-000000000001',
      'Set by the caller (shown as text, links defanged):',
      'Trail: arn:aws:cloudtrail:eu-west-1:111111111111:trail/signin-watch-org-trail',
      'Principal ARN: arn:aws:sts::111111111111:assumed-role/Admin/mallory',
      'CloudTrail event (sign in to 111111111111): https://console.aws.amazon.com/cloudtrail/home?region=eu-west-1#/events/0f7e2a31-5b6c-4d8e-9f00-000000000001',
      'Alert kind: trail-tampering (signin-watch)',
    ]);
  });

  it('GIVEN a denied StopLogging in a member account WHEN rendered THEN the error code, account and region show', () => {
    expect(lines('trail-stoplogging-denied')).toEqual(
      expect.arrayContaining(['Error code: AccessDeniedException', 'Account: 444444444444 (not in config)', 'Region: ap-southeast-2', 'Principal ARN: arn:aws:iam::444444444444:user/bob']),
    );
  });

  it('GIVEN PutEventSelectors, which names the trail in trailName WHEN rendered THEN the selector-call trail line shows it', () => {
    const rendered = lines('trail-puteventselectors');
    expect(rendered).toContain('Trail (selector calls): arn:aws:cloudtrail:eu-west-1:111111111111:trail/signin-watch-org-trail');
    expect(rendered.filter((line) => line.startsWith('Trail:'))).toEqual([]);
  });
});
