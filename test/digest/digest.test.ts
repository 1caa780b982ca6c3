/**
 * Issue 19 item 2: the digest builder (pure) and `signin-watch digest --render`
 * over the shared corpus: accounts named, with counts.
 */
import * as path from 'node:path';
import { runDigest } from '../../digest/run';
import { buildDigest, digestText } from '../../detection/digest';
import { UsageError } from '../../command/io';
import { EXAMPLE_CONFIG_FILE } from '../support/synth';

const CORPUS = path.join(__dirname, '..', 'detection', 'fixtures', 'corpus', 'signin-events.jsonl');
const FIXTURE = path.join(__dirname, '..', 'detection', 'fixtures', 'alerts', 'root-sign-in-workload-prod.json');

function run(files: string[], from = '2000-01-01', to = '2100-01-01'): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runDigest({ files, config: EXAMPLE_CONFIG_FILE, from, to, render: true }, { out: (text: string) => (out += text), err: (text: string) => (err += text) } as never);
  return { code, out, err };
}

describe('signin-watch digest --render', () => {
  it('GIVEN the shared corpus WHEN rendered THEN it names accounts with counts of each line', () => {
    const { code, out } = run([CORPUS]);
    expect(code).toBe(0);
    expect(out).toMatch(/^To: email:/);
    expect(out).toMatch(/Subject: \[DIGEST\] signin-watch console sign-ins .*: \d+ accounts/);
    expect(out).toMatch(/Account 111122223333 \(not in config\)\n {2}Console sign-ins: \d+ \((\w+ \d+(, )?)+\)\n {2}Principals new to the account: \d+.*\n {2}Sign-ins without MFA: \d+\n {2}Failed sign-ins: \d+\n {2}Top source addresses: 192\.0\.2\.0 \(\d+\)/);
  });

  it('GIVEN a sign-in of a configured account WHEN rendered THEN the account is named by the config', () => {
    expect(run([FIXTURE]).out).toContain('Account workload-prod (444444444444)\n  Console sign-ins: 1 (Root 1)\n  Principals new to the account: 1 (arn:aws:iam::444444444444:root)\n  Sign-ins without MFA: 0');
  });

  it('GIVEN a period that excludes every record WHEN rendered THEN it says so', () => {
    expect(run([FIXTURE], '2000-01-01', '2000-01-02').out).toContain('No console sign-ins in this period.');
  });

  it('GIVEN bad times or no --render THEN usage errors', () => {
    expect(() => run([FIXTURE], 'yesterday')).toThrow(UsageError);
    expect(() => run([FIXTURE], '2026-01-02', '2026-01-01')).toThrow('--from must be before --to');
    expect(() => runDigest({ files: [FIXTURE], config: EXAMPLE_CONFIG_FILE, from: '2000-01-01', to: '2100-01-01', render: false })).toThrow('add --render');
  });
});

describe('buildDigest (pure)', () => {
  const signIn = (time: string, user: string, outcome: string, ip: string, mfa = 'Yes') => ({
    eventName: 'ConsoleLogin',
    eventTime: time,
    recipientAccountId: '444444444444',
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::444444444444:user/${user}`, userName: user },
    sourceIPAddress: ip,
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: { MFAUsed: mfa },
  });
  it('GIVEN history before the period WHEN built THEN only principals unseen before are new; failures, MFA and sources counted', () => {
    const digest = buildDigest(
      [
        signIn('2026-01-01T00:00:00Z', 'anaya', 'Success', '192.0.2.1'),
        signIn('2026-01-02T01:00:00Z', 'anaya', 'Success', '192.0.2.1'),
        signIn('2026-01-02T02:00:00Z', 'mateo', 'Success', '192.0.2.2', 'No'),
        signIn('2026-01-02T03:00:00Z', 'mateo', 'Failure', '192.0.2.2', 'No'),
        signIn('2026-01-03T03:00:00Z', 'late', 'Success', '192.0.2.9'),
      ],
      [{ id: '444444444444', name: 'workload-prod' }],
      new Date('2026-01-02T00:00:00Z'),
      new Date('2026-01-03T00:00:00Z'),
    );
    expect(digest.accounts).toEqual([
      {
        accountId: '444444444444',
        label: 'workload-prod (444444444444)',
        signIns: 2,
        byPrincipalType: { IAMUser: 2 },
        newPrincipals: ['arn:aws:iam::444444444444:user/mateo'],
        withoutMfa: 1,
        failed: 1,
        topSources: [
          { address: '192.0.2.2', count: 2 },
          { address: '192.0.2.1', count: 1 },
        ],
      },
    ]);
    expect(digestText(digest).subject).toBe('[DIGEST] signin-watch console sign-ins 2026-01-02T00:00Z to 2026-01-03T00:00Z: 1 account');
  });
});
