/**
 * The offline CloudWatch Logs JSON filter evaluator, against the examples of
 * the CloudWatch Logs user guide (each block cites its page), the filters the
 * seed articles published, and the errors for syntax it does not support.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { wrapRecord } from '../../detection/envelope';
import { compileLogsFilter, LogsFilterSyntaxError, matchesLogsFilter } from '../../detection/logs-filter';
import { corpusEvent, FIXTURES } from './helpers';

describe('https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html (JSON metric filter examples)', () => {
  const event = {
    eventType: 'UpdateTrail',
    sourceIPAddress: '111.111.111.111',
    arrayKey: ['value', 'another value'],
    objectList: [
      { name: 'a', id: 1 },
      { name: 'b', id: 2 },
    ],
    SomeObject: null,
    ThisFlag: true,
  };

  it.each([
    '{ $.eventType = "UpdateTrail" }',
    '{ $.sourceIPAddress != 123.123.* }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS }',
    '{ $.ThisFlag IS TRUE }',
  ])('the guide says %s matches its example event', (pattern) => {
    expect(matchesLogsFilter(pattern, event)).toBe(true);
  });

  it('GIVEN the same selectors WHEN the value differs THEN they do not match', () => {
    expect(matchesLogsFilter('{ $.eventType = "DeleteTrail" }', event)).toBe(false);
    expect(matchesLogsFilter('{ $.sourceIPAddress != 111.111.* }', event)).toBe(false);
    expect(matchesLogsFilter('{ $.arrayKey[5] = "value" }', event)).toBe(false);
    expect(matchesLogsFilter('{ $.eventType[0] = "UpdateTrail" }', event)).toBe(false);
    expect(matchesLogsFilter('{ $.ThisFlag IS FALSE }', event)).toBe(false);
    expect(matchesLogsFilter('{ $.eventType IS NULL }', event)).toBe(false);
    expect(matchesLogsFilter('{ $.eventType NOT EXISTS }', event)).toBe(false);
    expect(matchesLogsFilter('{ $.eventType EXISTS }', event)).toBe(true);
  });

  describe('compound conditions (precedence () > && > ||)', () => {
    const compound = {
      user: { id: 1, email: 'John.Stiles@example.com' },
      users: [
        { id: 2, email: 'John.Doe@example.com' },
        { id: 3, email: 'Jane.Doe@example.com' },
      ],
      actions: ['GET', 'PUT', 'DELETE'],
      coordinates: [
        [0, 1, 2],
        [4, 5, 6],
        [7, 8, 9],
      ],
    };

    it.each([
      ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
      ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
      ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', true],
      ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', false],
    ])('%s -> %s', (pattern, expected) => {
      expect(matchesLogsFilter(pattern, compound)).toBe(expected);
    });
  });

  it('special consideration: a selector on an array matches neither = nor !=', () => {
    expect(matchesLogsFilter('{$.users = 1}', { users: [1, 2, 3] })).toBe(false);
    expect(matchesLogsFilter('{$.users != 1}', { users: [1, 2, 3] })).toBe(false);
  });

  it.each([
    ['{ $.latency >= 500 }', { latency: 500 }, true],
    ['{ $.latency >= 500 }', { latency: 499 }, false],
    ['{ $.numbers[0] < 10e3 }', { numbers: [9999] }, true],
    ['{ $.numbers[0] < 10e-3 }', { numbers: [0.01] }, false],
    ['{ $.processes[4].averageRuntime <= 55.5 }', { processes: [{}, {}, {}, {}, { averageRuntime: 55.5 }] }, true],
    ['{ $.errorCode = 400 }', { errorCode: 400 }, true],
    ['{ $.errorCode != 500 }', { errorCode: 400 }, true],
    ['{ $.latency > +1000 }', { latency: 1000 }, false],
    ['{ $.latency > +1000 }', { latency: '2000' }, false],
  ])('numeric comparison %s on %j -> %s', (pattern, event, expected) => {
    expect(matchesLogsFilter(pattern, event)).toBe(expected);
  });

  it('OR pattern matching: {$.foo = bar || $.foo = baz}', () => {
    expect(matchesLogsFilter('{$.foo = bar}', { foo: 'bar' })).toBe(true);
    expect(matchesLogsFilter('{$.foo = baz }', { foo: 'bar' })).toBe(false);
    expect(matchesLogsFilter('{$.foo = bar || $.foo = baz }', { foo: 'baz' })).toBe(true);
  });

  it('wildcards: "*Event" and "Event*" match, "Ev*ent" only itself, "*" any value', () => {
    expect(matchesLogsFilter('{ $.name = "*Event" }', { name: 'PutEvent' })).toBe(true);
    expect(matchesLogsFilter('{ $.name = "Event*" }', { name: 'EventName' })).toBe(true);
    expect(matchesLogsFilter('{ $.name = "Ev*ent" }', { name: 'Evxxent' })).toBe(false);
    expect(matchesLogsFilter('{ $.name = "Ev*ent" }', { name: 'Ev*ent' })).toBe(true);
    expect(matchesLogsFilter('{ $.latency = * }', { latency: 12 })).toBe(true);
    expect(matchesLogsFilter('{ $.latency = * }', {})).toBe(false);
  });
});

describe('documented assumption: != on a missing property', () => {
  const pattern = '{ $.additionalEventData.MFAUsed != "Yes" }';

  it('GIVEN the default reading WHEN the property is missing THEN != does not match; the other reading matches', () => {
    expect(matchesLogsFilter(pattern, { additionalEventData: {} })).toBe(false);
    expect(matchesLogsFilter(pattern, { additionalEventData: {} }, { notEqualsMatchesMissing: true })).toBe(true);
    expect(matchesLogsFilter(pattern, { additionalEventData: { MFAUsed: 'No' } })).toBe(true);
    expect(matchesLogsFilter(pattern, { additionalEventData: { MFAUsed: 'Yes' } }, { notEqualsMatchesMissing: true })).toBe(false);
  });

  it('GIVEN null WHEN compared THEN neither = nor != matches (null is not a value node)', () => {
    expect(matchesLogsFilter(pattern, { additionalEventData: { MFAUsed: null } })).toBe(false);
    expect(matchesLogsFilter(pattern, { additionalEventData: { MFAUsed: null } }, { notEqualsMatchesMissing: true })).toBe(false);
  });
});

describe('the seed articles\' filters', () => {
  const seedFilters = JSON.parse(readFileSync(path.join(FIXTURES, 'seed-filters.json'), 'utf8')) as Record<string, string>;
  const awsGuideFailure = corpusEvent('idc23-pwdfail-credentialverification-password');
  const totpFailure = { ...corpusEvent('idc23-pwdtotp-credentialverification-totp'), serviceEventDetails: { CredentialVerification: 'Failure' } };

  it('GIVEN every seed filter WHEN parsed THEN the evaluator accepts it', () => {
    for (const pattern of Object.values(seedFilters).filter((value) => value.startsWith('{'))) expect(() => compileLogsFilter(pattern)).not.toThrow();
  });

  it('GIVEN seed 002\'s Identity Center filter (key CredentialChallenge) WHEN an AWS-shaped TOTP failure arrives THEN it never fires — the bug the catalogue avoids', () => {
    expect(matchesLogsFilter(seedFilters['seed002-identity-center-mfa-failure'], totpFailure)).toBe(false);
    expect(matchesLogsFilter(seedFilters['seed002-identity-center-mfa-failure'], { ...totpFailure, serviceEventDetails: { CredentialChallenge: 'Failure' } })).toBe(true);
    expect(awsGuideFailure.serviceEventDetails).toEqual({ CredentialVerification: 'Failure' });
  });

  it('GIVEN seed 001\'s two-schema filter WHEN given a raw record and its envelope THEN both match', () => {
    const record = corpusEvent('ctug23-iamuser-success-nomfa');
    expect(matchesLogsFilter(seedFilters['seed001-success-both-schemas'], record)).toBe(true);
    expect(matchesLogsFilter(seedFilters['seed001-success-both-schemas'], wrapRecord(record))).toBe(true);
    expect(matchesLogsFilter(seedFilters['seed001-failure-both-schemas'], wrapRecord(corpusEvent('iamug23-consolelogin-failure')))).toBe(true);
  });

  it('GIVEN seed 004\'s filter WHEN any ConsoleLogin arrives THEN it matches, whatever the outcome', () => {
    expect(matchesLogsFilter(seedFilters['seed004-any-console-login'], corpusEvent('ctug23-root-failure'))).toBe(true);
    expect(matchesLogsFilter(seedFilters['seed004-any-console-login'], corpusEvent('ctug23-checkmfa-u2f'))).toBe(false);
  });
});

describe('syntax errors name the column and the problem', () => {
  it.each([
    ['ERROR', 1, 'only JSON filter patterns'],
    ['[ip, user, status_code = 4*]', 1, 'only JSON filter patterns'],
    ['{ $.a = }', 7, 'expected a value after "="'],
    ['{ $.a = "x" ', 12, 'expected "}" at the end of the pattern'],
    ['{ ($.a = 1 }', 12, 'expected ")" to close "(" at column 3'],
    ['{ $.a & $.b }', 7, '"&" must be doubled'],
    ['{ $.a > abc }', 9, '">" needs a number'],
    ['{ a = 1 }', 3, 'expected a selector'],
    ['{ $.a = "unterminated }', 9, 'unterminated quoted string'],
    ['{ $.a = %re% }', 9, 'regular expressions'],
    ['{ $.a IS MAYBE }', 10, 'expected NULL, TRUE or FALSE after IS'],
    ['{ $.a NOT THERE }', 11, 'expected EXISTS after NOT'],
    ['{ $.a = 1 $.b = 2 }', 11, 'unexpected a selector'],
    ['{ $.a = x@y }', 9, 'need double quotes'],
    ['{ $.[0] = 1 }', 5, 'expected a property name'],
    ['{ }', 3, 'empty JSON filter'],
  ])('%s -> column %d: %s', (pattern, column, message) => {
    let error: unknown;
    try {
      compileLogsFilter(pattern);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LogsFilterSyntaxError);
    expect((error as LogsFilterSyntaxError).column).toBe(column);
    expect((error as Error).message).toContain(message);
  });
});
