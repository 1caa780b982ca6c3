/**
 * A central break (the bus policy or the aggregator's rule gone) silences every
 * account at once. At 5,000 accounts the checker must still send messages that
 * fit an SNS message (256 KB, the SNS Publish reference; Lambda's asynchronous
 * payload, 1 MB by the Lambda Invoke reference, is the looser limit):
 * per-account messages for the first accounts, one bounded summary for the rest.
 */
import { alertInputs, MAX_ACCOUNT_MESSAGES_PER_RUN, MAX_ACCOUNTS_LISTED, type SilentRegion } from '../../detection/health/check';
import { engineFor } from '../../detection/alerts/model';
import { exampleConfig } from '../support/synth';

const SIZE_LIMIT = 256 * 1024;
const AT = Date.parse('2026-12-07T22:00:00Z');

function everyAccountSilent(accounts: number, regionsPerAccount: number): SilentRegion[] {
  const silent: SilentRegion[] = [];
  for (let index = 0; index < accounts; index += 1) {
    const account = `9${String(index).padStart(11, '0')}`;
    for (let region = 0; region < regionsPerAccount; region += 1) {
      silent.push({ account, accountName: `account-${index}`, region: `xx-region-${region}`, lastSeen: '2026-12-07T20:30:00.000Z' });
    }
  }
  return silent;
}

describe('a central break at 5,000 accounts × 17 regions', () => {
  const inputs = alertInputs(everyAccountSilent(5000, 17), AT, { account: '333333333333', region: 'eu-west-1' });

  it('THEN the first accounts get a message each and one summary names the rest, bounded', () => {
    expect(inputs).toHaveLength(MAX_ACCOUNT_MESSAGES_PER_RUN + 1);
    const summary = inputs[inputs.length - 1].event.detail as { silentAccounts: string[]; silentCount: number };
    expect(summary.silentAccounts).toHaveLength(MAX_ACCOUNTS_LISTED + 1);
    expect(summary.silentAccounts[MAX_ACCOUNTS_LISTED]).toContain(`${5000 - MAX_ACCOUNT_MESSAGES_PER_RUN - MAX_ACCOUNTS_LISTED} more accounts`);
    expect(summary.silentCount).toBe((5000 - MAX_ACCOUNT_MESSAGES_PER_RUN) * 17);
  });

  it('THEN every engine input, and every message rendered from it, fits 256 KB with no line over 300 characters', () => {
    const engine = engineFor(exampleConfig());
    for (const input of inputs) {
      expect(Buffer.byteLength(JSON.stringify(input))).toBeLessThan(SIZE_LIMIT);
      const message = engine.render(input as never);
      expect(Buffer.byteLength(message.text)).toBeLessThan(SIZE_LIMIT);
      expect(message.text.split('\n').filter((line) => line.length > 300)).toEqual([]);
    }
  });
});
