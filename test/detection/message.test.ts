/**
 * The readable message of each alert: the input transformer respects
 * EventBridge's limits, and renders (offline, with EventBridge's semantics)
 * who, where and what for every principal shape, including Identity Center
 * users without a userName.
 */
import { alertCatalogue } from '../../detection/catalogue';
import { toEnvelope, wrapRecord } from '../../detection/envelope';
import { MAX_INPUT_PATHS, MAX_INPUT_TEMPLATE_LENGTH, messageTemplate, readPath, renderMessage } from '../../detection/message';
import type { AlertKind } from '../../detection/types';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corpusEvent, CORPUS_FILE, everywhere, FIXTURES, labelsByPath, readLabelled, type LabelledLine } from './helpers';

const kinds = alertCatalogue();
const kind = (id: AlertKind['id']) => kinds.find((entry) => entry.id === id)!;
const identityCenterUserFailure = (): LabelledLine =>
  JSON.parse(readFileSync(path.join(FIXTURES, 'identity-center-user-failure.json'), 'utf8')) as LabelledLine;

describe.each(kinds.map((entry) => [entry.id, entry] as const))('messageTemplate(%s)', (_id, entry) => {
  const template = messageTemplate(entry);

  it('GIVEN the kind WHEN its transformer is built THEN it stays within EventBridge limits and every line is a quoted string', () => {
    expect(Object.keys(template.inputPaths).length).toBeLessThanOrEqual(MAX_INPUT_PATHS);
    expect(template.inputTemplate.length).toBeLessThanOrEqual(MAX_INPUT_TEMPLATE_LENGTH);
    for (const line of template.inputTemplate.split('\n')) expect(typeof JSON.parse(line)).toBe('string');
  });

  it('GIVEN the template WHEN its placeholders are listed THEN they are exactly the input paths, and the first line names severity and kind', () => {
    const placeholders = [...template.inputTemplate.matchAll(/<([A-Za-z0-9_-]+)>/g)].map((match) => match[1]).sort();
    expect(placeholders).toEqual(Object.keys(template.inputPaths).sort());
    expect(template.inputTemplate.split('\n')[0]).toBe(JSON.stringify(`[${entry.severity}] ${entry.title} (signin-watch ${entry.id})`));
  });
});

describe('renderMessage', () => {
  it('GIVEN a root sign-in failure WHEN rendered THEN it reads who, account, IP, region, MFA, time, agent and event id; absent fields are empty', () => {
    const text = renderMessage(messageTemplate(kind('root-console-login')), wrapRecord(corpusEvent('ctug23-root-failure')));
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        '"Event: ConsoleLogin"',
        '"Principal type: Root"',
        '"User name: "',
        '"Principal ARN: arn:aws:iam::111122223333:root"',
        '"Account: 111122223333"',
        '"Region: us-east-1"',
        '"Source IP: 192.0.2.0"',
        '"Time: 2022-11-10T16:24:34Z"',
        '"Event id: a4fbbe77-91a0-4238-804a-64314184edb6"',
        '"Outcome: Failure"',
        '"MFA used: No"',
        '"Error: Failed authentication"',
      ]),
    );
  });

  it('GIVEN a July-2025 Identity Center record (onBehalfOf user, no userName) WHEN rendered THEN the user id and identity store show', () => {
    // The userIdentity of fixtures/identity-center-user-failure.json is AWS's documented example.
    const fixture = identityCenterUserFailure();
    const lines = renderMessage(messageTemplate(kind('identity-center-sign-in-failure')), wrapRecord(fixture.event)).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '"Principal type: IdentityCenterUser"',
        '"User name: "',
        '"Identity Center user id: 544894e8-80c1-707f-60e3-3ba6510dfac1"',
        '"Identity store: arn:aws:identitystore::123456789012:identitystore/d-9067642ac7"',
        '"Verification: Failure"',
        '"Credential type: PASSWORD"',
      ]),
    );
  });

  it('GIVEN the same record WHEN matched through every path and reading THEN exactly its expected kinds fire', () => {
    const fixture = identityCenterUserFailure();
    expect(labelsByPath(kinds, fixture.event)).toEqual(everywhere(fixture.expected));
  });

  it('GIVEN every corpus event WHEN rendered for every kind THEN no placeholder is left and nothing throws', () => {
    for (const line of readLabelled(CORPUS_FILE)) {
      for (const entry of kinds) {
        const template = messageTemplate(entry);
        const text = renderMessage(template, toEnvelope(line.event));
        for (const variable of Object.keys(template.inputPaths)) expect(text).not.toContain(`<${variable}>`);
      }
    }
  });

  it('GIVEN a path to a non-string value WHEN rendered THEN it is inserted as JSON text; null as null', () => {
    const template = { inputPaths: { obj: '$.detail.a', nothing: '$.detail.b', num: '$.detail.c' }, inputTemplate: '"<obj>|<nothing>|<num>|<missing>"' };
    expect(renderMessage(template, { detail: { a: { x: 1 }, b: null, c: 5 } })).toBe('"{"x":1}|null|5|<missing>"');
  });

  it('GIVEN dot-notation paths WHEN read THEN numeric segments index arrays and anything absent is undefined', () => {
    expect(readPath({ resources: ['a', 'b'] }, '$.resources.1')).toBe('b');
    expect(readPath({ detail: 'text' }, '$.detail.x')).toBeUndefined();
    expect(readPath({ a: 1 }, '$')).toEqual({ a: 1 });
  });
});

describe('messageTemplate refuses what EventBridge refuses', () => {
  const base = kind('console-login-success');

  it('GIVEN more than 100 input paths WHEN built THEN it fails', () => {
    const messageFields = Array.from({ length: 101 }, (_, n) => ({ label: `F${n}`, variable: `f${n}`, path: `$.detail.f${n}` }));
    expect(() => messageTemplate({ ...base, messageFields })).toThrow('101 input paths, EventBridge allows 100');
  });

  it.each([
    ['a variable name with a dot', { label: 'X', variable: 'a.b', path: '$.detail.x' }, 'invalid input-path name "a.b"'],
    ['a variable starting with AWS.', { label: 'X', variable: 'AWS.x', path: '$.detail.x' }, 'invalid input-path name'],
    ['bracket notation', { label: 'X', variable: 'x', path: "$.detail['x']" }, 'is not in dot notation'],
  ])('GIVEN %s WHEN built THEN it fails', (_name, field, message) => {
    expect(() => messageTemplate({ ...base, messageFields: [field] })).toThrow(message);
  });

  it('GIVEN a duplicate variable WHEN built THEN it fails', () => {
    const field = { label: 'X', variable: 'x', path: '$.detail.x' };
    expect(() => messageTemplate({ ...base, messageFields: [field, field] })).toThrow('duplicate input-path name "x"');
  });
});
