/**
 * failed-sign-ins-per-principal at the metric level: the catalogue's metric
 * filters evaluated over envelopes by our CloudWatch Logs evaluator, their
 * datapoints summed per dimension set and period as CloudWatch stores a metric
 * filter's output, then the alarm's query (GROUP BY the dimensions, SUM) and
 * threshold applied per contributor, as a multi-time-series Metrics Insights
 * alarm evaluates each returned series.
 */
import { PRINCIPAL_BURST_DIMENSIONS, principalBurstSpec } from '../../detection/catalogue';
import { wrapRecord } from '../../detection/envelope';
import { compileLogsFilter } from '../../detection/logs-filter';
import type { PrincipalBurstSpec } from '../../detection/types';
import { corpusEvent, type Json } from './helpers';

const N = 5;
const spec = principalBurstSpec(N);

/** A JSON selector of a metric-filter dimension ($.a.b) read from an event; undefined when absent or not a string. */
function select(event: Json, selector: string): string | undefined {
  let value: unknown = event;
  for (const key of selector.replace(/^\$\./, '').split('.')) value = value !== null && typeof value === 'object' ? (value as Json)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Contributors (metric + dimension values) whose SUM within one period reaches the threshold. */
function contributorsInAlarm(burst: PrincipalBurstSpec, envelopes: Json[]): string[] {
  const sums = new Map<string, number>();
  for (const envelope of envelopes) {
    const bucket = Math.floor(Date.parse(String(envelope.time)) / (burst.periodSeconds * 1000));
    for (const filter of burst.filters) {
      if (!compileLogsFilter(filter.pattern).matches(envelope)) continue;
      const values = burst.groupBy.map((dimension) => select(envelope, filter.dimensions[dimension]));
      // CloudWatch publishes a datapoint only with every dimension value; the filters require them to exist.
      expect(values.every((value) => value !== undefined)).toBe(true);
      const key = `${filter.metricName}|${values.join('|')}|${bucket}`;
      sums.set(key, (sums.get(key) ?? 0) + 1);
    }
  }
  return [...sums].filter(([, sum]) => sum >= burst.threshold).map(([key]) => key.split('|').slice(0, -1).join('|'));
}

const minute = (n: number) => `2026-11-30T06:0${n}:00Z`;
function consoleFailure(user: string, at: string): Json {
  const record = corpusEvent('iamug23-consolelogin-failure');
  record.userIdentity = { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::111122223333:user/${user}`, accountId: '111122223333', userName: user };
  record.eventTime = at;
  record.recipientAccountId = '111122223333';
  return { ...wrapRecord(record), time: at } as unknown as Json;
}
function identityCenterFailure(userId: string, at: string): Json {
  const record = corpusEvent('idc23-pwdfail-credentialverification-password');
  // Identity Center records since July 2025: the user is onBehalfOf.userId (CloudTrail user guide, userIdentity element).
  record.userIdentity = { type: 'IdentityCenterUser', accountId: '111122223333', onBehalfOf: { userId: userId, identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-1234567890' } };
  record.eventTime = at;
  record.recipientAccountId = '111122223333';
  return { ...wrapRecord(record), time: at } as unknown as Json;
}

describe('failed-sign-ins-per-principal', () => {
  it('GIVEN the spec THEN every filter publishes exactly the dimensions the query groups by, and the query sums its own metric grouped by them', () => {
    expect(spec.groupBy).toEqual([...PRINCIPAL_BURST_DIMENSIONS]);
    for (const filter of spec.filters) {
      expect(Object.keys(filter.dimensions)).toEqual(spec.groupBy);
      const query = spec.query('signin-watch/central', filter.metricName);
      expect(query).toContain(`SELECT SUM("${filter.metricName}") FROM SCHEMA("signin-watch/central", Account, Principal)`);
      expect(query).toContain('GROUP BY Account, Principal');
    }
    expect(spec.threshold).toBe(N);
    expect(spec.periodSeconds).toBe(300);
  });

  it(`GIVEN ${N} console failures of one IAM user within 5 minutes THEN that user is a contributor in ALARM, named by its ARN`, () => {
    const events = [0, 1, 2, 3, 4].map((n) => consoleFailure('anaya', minute(n)));
    expect(contributorsInAlarm(spec, events)).toEqual(['FailedSignInsByPrincipal-ConsoleArn|111122223333|arn:aws:iam::111122223333:user/anaya']);
  });

  it(`GIVEN ${N} console failures spread over ${N} users THEN no contributor is in ALARM`, () => {
    const events = [0, 1, 2, 3, 4].map((n) => consoleFailure(`user${n}`, minute(n)));
    expect(contributorsInAlarm(spec, events)).toEqual([]);
  });

  it(`GIVEN ${N - 1} failures of one user THEN no alarm; ${N} failures of one Identity Center user THEN it fires, named by its user id`, () => {
    expect(contributorsInAlarm(spec, [0, 1, 2, 3].map((n) => consoleFailure('anaya', minute(n))))).toEqual([]);
    const identityCenter = [0, 1, 2, 3, 4].map((n) => identityCenterFailure('906738cc-f0d1-70b4-1c6d-example', minute(n)));
    expect(contributorsInAlarm(spec, identityCenter)).toEqual(['FailedSignInsByPrincipal-IdentityCenterUserId|111122223333|906738cc-f0d1-70b4-1c6d-example']);
    const spread = [0, 1, 2, 3, 4].map((n) => identityCenterFailure(`user-${n}`, minute(n)));
    expect(contributorsInAlarm(spec, spread)).toEqual([]);
  });

  it('GIVEN successes of one user THEN nothing is counted', () => {
    const successes = [0, 1, 2, 3, 4].map((n) => {
      const event = consoleFailure('anaya', minute(n));
      ((event.detail as Json).responseElements as Json).ConsoleLogin = 'Success';
      return event;
    });
    expect(contributorsInAlarm(spec, successes)).toEqual([]);
  });

  it('GIVEN a threshold of 3 from config WHEN 3 failures of one user THEN it fires', () => {
    expect(contributorsInAlarm(principalBurstSpec(3), [0, 1, 2].map((n) => consoleFailure('anaya', minute(n))))).toHaveLength(1);
  });
});
