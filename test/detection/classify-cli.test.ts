/**
 * `npm run --silent classify` end to end: the shapes users have (gzipped
 * CloudTrail log files, JSON lines of envelopes, arrays, stdin, corpus lines),
 * suppressions from --config, --summary, and malformed input (file, line,
 * exit code 2), skipped inputs. Runs the signin-watch executable, as npm does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../../detection/org-config';
import { wrapRecord } from '../../detection/envelope';
import type { AlertKindId } from '../../detection/types';
import { readCorpusWithV2Labels } from '../../classify/corpus';
import { CORPUS_FILE, corpusEvent, REPO_ROOT, type Json } from './helpers';

const BIN = path.join(REPO_ROOT, 'bin', 'signin-watch.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: Json[];
}

function classify(args: string[], input?: string | Buffer): Run {
  const result = spawnSync(process.execPath, [BIN, 'classify', ...args], { cwd: REPO_ROOT, input, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  const stdout = result.stdout.toString('utf8');
  return {
    status: result.status,
    stdout,
    stderr: result.stderr.toString('utf8'),
    lines: stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Json),
  };
}

let dir: string;
const file = (name: string, content: string | Buffer): string => {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'signin-watch-classify-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('classify on the published corpus', () => {
  it('GIVEN the corpus file WHEN classified THEN one line per event, in order, with alerts and metricAlerts equal to expected', () => {
    // The classify CLI without --config runs the default kinds: console-login-outside-sso (off by default) does not show.
    const corpus = readCorpusWithV2Labels<AlertKindId>(CORPUS_FILE).map((line) => ({ ...line, expected: line.expected.filter((id) => id !== 'console-login-outside-sso') }));
    const run = classify([CORPUS_FILE]);
    expect(run.status).toBe(0);
    expect(run.lines).toHaveLength(corpus.length);
    const mismatches = corpus.filter((line, index) => {
      const expected = JSON.stringify([...line.expected].sort());
      return JSON.stringify(run.lines[index].alerts) !== expected || JSON.stringify(run.lines[index].metricAlerts) !== expected;
    });
    expect(mismatches.map((line) => line.id)).toEqual([]);
    expect(Object.keys(run.lines[0])).toEqual(['eventID', 'eventName', 'alerts', 'metricAlerts', 'cis']);
  });
});

describe('classify input shapes', () => {
  const records = [corpusEvent('ctug23-iamuser-success-nomfa'), corpusEvent('ctug23-root-failure'), corpusEvent('stratus-sts-assumerole')];

  it('GIVEN a gzipped CloudTrail log file ({"Records": [...]}) WHEN classified THEN each record is labelled, CIS included', () => {
    const gz = file('111122223333_CloudTrail_us-east-1_20221110T1625Z_abc.json.gz', gzipSync(JSON.stringify({ Records: records })));
    const run = classify([gz]);
    expect(run.status).toBe(0);
    expect(run.lines).toEqual([
      {
        eventID: '3fcfb182-98f8-4744-bd45-10a395ab61cb',
        eventName: 'ConsoleLogin',
        alerts: ['console-login-success', 'console-login-without-mfa'],
        metricAlerts: ['console-login-success', 'console-login-without-mfa'],
        cis: ['cis-console-signin-without-mfa'],
      },
      {
        eventID: 'a4fbbe77-91a0-4238-804a-64314184edb6',
        eventName: 'ConsoleLogin',
        alerts: ['console-login-failure', 'root-console-login'],
        metricAlerts: ['console-login-failure', 'root-console-login'],
        cis: ['cis-console-authentication-failures', 'cis-root-usage'],
      },
      { eventID: records[2].eventID, eventName: 'AssumeRole', alerts: [], metricAlerts: [], cis: [] },
    ]);
  });

  it('GIVEN JSON lines of EventBridge envelopes and a JSON array on stdin WHEN classified THEN envelopes use the envelope filters and labels agree', () => {
    const jsonl = file('envelopes.jsonl', `${records.map((record) => JSON.stringify(wrapRecord(record))).join('\n')}\n`);
    const fromEnvelopes = classify([jsonl]);
    const fromStdin = classify(['-'], JSON.stringify(records));
    expect(fromEnvelopes.status).toBe(0);
    expect(fromStdin.status).toBe(0);
    expect(fromEnvelopes.lines.map((line) => [line.alerts, line.metricAlerts])).toEqual([
      [
        ['console-login-success', 'console-login-without-mfa'],
        ['console-login-success', 'console-login-without-mfa'],
      ],
      [
        ['console-login-failure', 'root-console-login'],
        ['console-login-failure', 'root-console-login'],
      ],
      [[], []],
    ]);
    expect(fromStdin.lines).toEqual(fromEnvelopes.lines);
  });

  it('GIVEN odd shapes (null blocks, missing fields, string-encoded fields, a string-encoded event) WHEN classified THEN nothing crashes', () => {
    const odd = [
      { eventName: 'ConsoleLogin', userIdentity: null, responseElements: null, additionalEventData: null },
      { eventName: 'ConsoleLogin', responseElements: '{"ConsoleLogin":"Success"}', userIdentity: '{"type":"Root"}' },
      { detail: null, source: 'aws.signin', 'detail-type': 'AWS Console Sign In via CloudTrail' },
      {},
      JSON.stringify({ eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', responseElements: { ConsoleLogin: 'Failure' } }),
    ];
    const run = classify([file('odd.json', JSON.stringify(odd))]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.lines.map((line) => [line.eventName, line.alerts])).toEqual([
      ['ConsoleLogin', []],
      ['ConsoleLogin', []],
      [null, []],
      [null, []],
      ['ConsoleLogin', ['console-login-failure']],
    ]);
  });
});

describe('classify options', () => {
  it('GIVEN --config ignoring the user WHEN the corpus success is classified THEN success is suppressed, without-MFA is not; --summary counts on stderr', () => {
    const orgYaml = readFileSync(path.join(REPO_ROOT, 'config', 'org.yaml'), 'utf8').replace('arn:aws:iam::111111111111:user/break-glass-auditor', 'arn:aws:iam::111122223333:user/anaya');
    const config = file('org.yaml', orgYaml);
    const input = file('one.json', JSON.stringify(corpusEvent('ctug23-iamuser-success-nomfa')));
    const run = classify(['--config', config, '--summary', input]);
    expect(run.status).toBe(0);
    expect(run.lines.map((line) => [line.alerts, line.metricAlerts])).toEqual([[['console-login-without-mfa'], ['console-login-without-mfa']]]);
    expect(run.stderr).toMatch(/^1 event\n/);
    expect(run.stderr).toMatch(/^console-login-success\s+0\s+0$/m);
    expect(run.stderr).toMatch(/^console-login-without-mfa\s+1\s+1$/m);
    expect(run.stderr).toMatch(/^cis-console-signin-without-mfa\s+1$/m);
  });

  it('GIVEN --config WHEN an ignorePrincipals entry suppresses an event THEN its line says which entry and why', () => {
    const orgYaml = readFileSync(path.join(REPO_ROOT, 'config', 'org.yaml'), 'utf8').replace('arn:aws:iam::111111111111:user/break-glass-auditor', 'arn:aws:iam::111122223333:user/anaya');
    const config = file('org-suppressed.yaml', orgYaml);
    const reason = loadConfig(config).alerts.ignorePrincipals.find((entry) => entry.arn === 'arn:aws:iam::111122223333:user/anaya')!.reason;
    const success = corpusEvent('ctug23-iamuser-success-nomfa');
    const run = classify(['--config', config, file('suppressed.json', JSON.stringify(success))]);
    expect(run.status).toBe(0);
    expect(run.lines[0].suppressed).toEqual([{ kind: 'console-login-success', arn: 'arn:aws:iam::111122223333:user/anaya', reason }]);
    const unsuppressed = classify([file('unsuppressed.json', JSON.stringify(success))]);
    expect(unsuppressed.lines[0]).not.toHaveProperty('suppressed');
  });

  it('GIVEN no file WHEN run THEN usage and exit 2', () => {
    const run = classify([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: missing required argument 'file'");
  });
});

describe('classify on malformed input', () => {
  const good = JSON.stringify(corpusEvent('ctug23-iamuser-success-nomfa'));

  it('GIVEN a JSON-lines file cut off in its last line WHEN classified THEN the file name and line are named, exit 2, no output', () => {
    const truncated = file('truncated.jsonl', `${good}\n${good}\n${good.slice(0, 80)}`);
    const run = classify([truncated]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`classify: ${truncated}:3: line is cut short (truncated file?)`);
  });

  it('GIVEN a gzipped CloudTrail file cut short WHEN classified THEN the file name and a line are named, exit 2', () => {
    const whole = gzipSync(JSON.stringify({ Records: [corpusEvent('ctug23-root-failure')] }, null, 2));
    const cut = file('cut.json.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const run = classify([cut]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`classify: ${cut}:`)).toBe(true);
    expect(run.stderr).toMatch(/cut\.json\.gz:\d+: gzip data is truncated; the JSON stops here/);
  });

  it('GIVEN a bad line in the middle, a null event, and a missing file WHEN classified THEN each names file and line, exit 2', () => {
    const middle = classify([file('middle.jsonl', `${good}\n{"eventName": oops}\n${good}\n`)]);
    expect(middle.status).toBe(2);
    expect(middle.stderr).toMatch(/middle\.jsonl:2: not valid JSON/);
    const nullEvent = classify([file('null.jsonl', `${good}\nnull\n`)]);
    expect(nullEvent.status).toBe(2);
    expect(nullEvent.stderr).toMatch(/null\.jsonl:2: expected a JSON object \(an event\), found null/);
    const missing = classify([path.join(dir, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`classify: ${path.join(dir, 'nope.json')}: file not found`);
  });

  it('GIVEN {"Records": {…}} (an object, not a list) THEN it is refused with file and line, exit 2, no output', () => {
    const run = classify([file('records-object.json', JSON.stringify({ Records: corpusEvent('ctug23-root-failure') }))]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('records-object.json:1: "Records" must be a list of CloudTrail records (a CloudTrail log file), found an object');
  });

  it('GIVEN an empty file, a CloudTrail digest file and an empty Records list beside a log file THEN each skip is said on stderr, the events are classified', () => {
    const digest = { awsAccountId: '111111111111', digestStartTime: '2024-01-01T00:00:00Z', digestEndTime: '2024-01-01T01:00:00Z', digestS3Bucket: 'trail', logFiles: [] };
    const files = [file('empty.json', ''), file('digest.json', JSON.stringify(digest)), file('no-records.json', '{"Records": []}'), file('log.json', JSON.stringify({ Records: [corpusEvent('ctug23-root-failure')] }))];
    const run = classify(files);
    expect(run.status).toBe(0);
    expect(run.lines).toHaveLength(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `classify: ${files[0]}: skipped: the file is empty (no events)`,
      `classify: ${files[1]}:1: skipped: a CloudTrail digest file (it lists log files and their hashes, no events); classify the log files it names`,
      `classify: ${files[2]}:1: skipped: "Records" is an empty list (no events)`,
    ]);
  });
});
