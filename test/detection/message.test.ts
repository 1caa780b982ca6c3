/**
 * The readable message of each alert, as the alert engine renders it from the
 * kind's message fields: who, where and what for every principal shape,
 * including Identity Center users without a userName; and the dot-notation
 * path reader that fills each field.
 */
import { alertCatalogue } from '../../detection/catalogue';
import { FORWARDER_SILENT_KIND_ID } from '../../config/alert-kinds';
import { wrapRecord } from '../../detection/envelope';
import { FORWARDER_SILENT_MESSAGE, readPath } from '../../detection/message';
import type { AlertKind } from '../../detection/types';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corpusEvent, everywhere, FIXTURES, labelsByPath, messageLines, type LabelledLine } from './helpers';

const kinds = alertCatalogue();
const kind = (id: AlertKind['id']) => kinds.find((entry) => entry.id === id)!;
const identityCenterUserFailure = (): LabelledLine =>
  JSON.parse(readFileSync(path.join(FIXTURES, 'identity-center-user-failure.json'), 'utf8')) as LabelledLine;

describe('alert messages', () => {
  it('GIVEN a root sign-in failure WHEN rendered THEN it reads who, account, IP, region, MFA, time, agent and event id; absent fields are left out', () => {
    const lines = messageLines(kind('root-console-login'), wrapRecord(corpusEvent('ctug23-root-failure')));
    expect(lines).toEqual(
      expect.arrayContaining([
        'Event: ConsoleLogin',
        'Principal type: Root',
        'Principal ARN: arn:aws:iam::111122223333:root',
        'Account: 111122223333 (not in config)',
        'Region: us-east-1',
        'Source IP: 192.0.2.0',
        'Time: 2022-11-10T16:24:34Z',
        'Event id: a4fbbe77-91a0-4238-804a-64314184edb6',
        'Outcome: Failure',
        'MFA used: No',
        'Error: Failed authentication',
      ]),
    );
    expect(lines.filter((line) => line.startsWith('User name:'))).toEqual([]);
  });

  it('GIVEN a July-2025 Identity Center record (onBehalfOf user, no userName) WHEN rendered THEN the user id and identity store show', () => {
    // The userIdentity of fixtures/identity-center-user-failure.json is AWS's documented example.
    const fixture = identityCenterUserFailure();
    const lines = messageLines(kind('identity-center-sign-in-failure'), wrapRecord(fixture.event));
    expect(lines).toEqual(
      expect.arrayContaining([
        'Principal type: IdentityCenterUser',
        'Identity Center user id: 544894e8-80c1-707f-60e3-3ba6510dfac1',
        'Identity store: arn:aws:identitystore::123456789012:identitystore/d-9067642ac7',
        'Verification: Failure',
        'Credential type: PASSWORD',
      ]),
    );
    expect(lines.filter((line) => line.startsWith('User name:'))).toEqual([]);
  });

  it('GIVEN the same record WHEN matched through every path and reading THEN exactly its expected kinds fire', () => {
    const fixture = identityCenterUserFailure();
    expect(labelsByPath(kinds, fixture.event)).toEqual(everywhere(fixture.expected));
  });

  it('GIVEN the silent-forwarder message WHEN its id is read THEN it is the kind id config accepts in a route', () => {
    expect(FORWARDER_SILENT_MESSAGE.id).toBe(FORWARDER_SILENT_KIND_ID);
  });
});

describe('readPath', () => {
  it('GIVEN dot-notation paths WHEN read THEN numeric segments index arrays and anything absent is undefined', () => {
    expect(readPath({ resources: ['a', 'b'] }, '$.resources.1')).toBe('b');
    expect(readPath({ detail: 'text' }, '$.detail.x')).toBeUndefined();
    expect(readPath({ a: 1 }, '$')).toEqual({ a: 1 });
  });
});
