/**
 * Forwarder health bound to what AWS stamps (issue 18 item 1): the pure core
 * (detection/health/check.ts), the checker Lambda's logic over a simulated
 * Logs Insights (detection/health/handler.ts runCheck), and `signin-watch
 * health`. Each fails on the main of before issue 18 (no such module; the old
 * design took Shard and weight from `detail`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { OrgConfig } from '../../config/schema';
import { alertKindsFor } from '../../detection/catalogue';
import { engineFor } from '../../detection/alerts/model';
import {
  FORWARDER_SILENT_KIND,
  HEARTBEAT_EVENT_SOURCE,
  MAX_QUERY_ROWS,
  chunkAccounts,
  observationOf,
  regionGroups,
  silentRegions,
  type HealthModel,
  type Observation,
} from '../../detection/health/check';
import { runCheck, type RunQuery } from '../../detection/health/handler';
import { healthModel } from '../../detection/health/model';
import { FORWARDER_SILENT_MESSAGE } from '../../detection/message';
import { FORWARDER_SILENT_KIND_ID } from '../../config/alert-kinds';
import { checkerModel } from '../../stacks/constructs/forwarder-health';
import { runCli } from '../../cli/program';
import { exampleConfig, EXAMPLE_CONFIG_FILE } from '../support/synth';

const MINUTE = 60_000;
const AT = Date.parse('2026-12-07T22:00:00Z');

/** A heartbeat envelope as the heartbeat log group stores it: AWS sets account, region and time. */
function heartbeat(account: string, region: string, time: number, detail: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: `${account}-${region}-${time}`,
    'detail-type': 'signin-watch heartbeat',
    source: HEARTBEAT_EVENT_SOURCE,
    account,
    time: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [],
    detail,
  };
}

/** Every 30 minutes from `from` to `to` (inclusive), shifted by `lateMinutes`. */
function beats(account: string, regions: readonly string[], from: number, to: number, lateMinutes = 0, detail: Record<string, unknown> = {}): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (let time = from; time <= to; time += 30 * MINUTE) for (const region of regions) events.push(heartbeat(account, region, time + lateMinutes * MINUTE, detail));
  return events;
}

describe('forwarder health, the pure core', () => {
  let config: OrgConfig;
  let model: HealthModel;
  beforeAll(() => {
    config = exampleConfig();
    model = healthModel(config);
  });

  const observe = (events: Record<string, unknown>[]): Observation[] => events.map(observationOf).filter((o): o is Observation => o !== undefined);

  it('GIVEN one account forging heartbeats at 10x the rate, claiming every shard, account and weight in detail, WHILE another account is silent WHEN checked THEN exactly the silent account\'s regions are reported', () => {
    const [attacker, silent, ...rest] = model.accounts;
    const events: Record<string, unknown>[] = [];
    // Every other account beats normally for the last 3 hours.
    for (const account of rest) events.push(...beats(account.id, account.regions, AT - 180 * MINUTE, AT));
    // The attacker beats normally AND forges: every 3 minutes, in each of its regions, one event per
    // claimed account, shard 0..31 and weight 1, naming the silent account in every detail field.
    events.push(...beats(attacker.id, attacker.regions, AT - 180 * MINUTE, AT));
    for (let time = AT - 180 * MINUTE; time <= AT; time += 3 * MINUTE) {
      for (const region of attacker.regions) {
        for (const claimed of model.accounts) {
          events.push(heartbeat(attacker.id, region, time, { account: claimed.id, region: 'us-east-1', weight: 1, shard: Number(claimed.id) % 32 }));
        }
        for (let shard = 0; shard < 32; shard += 1) events.push(heartbeat(attacker.id, region, time, { account: silent.id, shard, weight: 1 }));
      }
    }
    // The silent account beat until 2 hours ago, then its forwarder broke.
    events.push(...beats(silent.id, silent.regions, AT - 180 * MINUTE, AT - 120 * MINUTE));
    const reported = silentRegions(model, observe(events), AT);
    expect(reported.map((region) => `${region.account}/${region.region}`)).toEqual(silent.regions.map((region) => `${silent.id}/${region}`));
    expect(reported.every((region) => region.accountName === silent.name && region.lastSeen === new Date(AT - 120 * MINUTE).toISOString())).toBe(true);
  });

  it('GIVEN every heartbeat up to 10 minutes late WHEN checked at any minute of an hour THEN nothing is reported', () => {
    for (let offset = 0; offset < 60; offset += 1) {
      const at = AT + offset * MINUTE;
      const events = model.accounts.flatMap((account) => beats(account.id, account.regions, AT - 240 * MINUTE, at - 10 * MINUTE, 10));
      expect(silentRegions(model, observe(events), at)).toEqual([]);
    }
  });

  it('GIVEN one region that stops right after a heartbeat WHEN checked every 15 minutes THEN it is first reported within 90 minutes, and not before 70', () => {
    const [account] = model.accounts;
    const lastBeat = AT;
    const others = model.accounts.slice(1).flatMap((a) => beats(a.id, a.regions, AT - 60 * MINUTE, AT + 240 * MINUTE));
    const own = [...beats(account.id, account.regions.slice(1), AT - 60 * MINUTE, AT + 240 * MINUTE), ...beats(account.id, [account.regions[0]], AT - 60 * MINUTE, lastBeat)];
    const checks = Array.from({ length: 16 }, (_, index) => AT + (index + 1) * 15 * MINUTE);
    const first = checks.find((at) => silentRegions(model, observe([...others, ...own].filter((e) => Date.parse(String(e.time)) <= at)), at).length > 0)!;
    expect(first - lastBeat).toBeGreaterThan(70 * MINUTE);
    expect(first - lastBeat).toBeLessThanOrEqual(90 * MINUTE);
  });

  it('GIVEN an event whose detail names an account but whose envelope is missing or not a heartbeat WHEN observed THEN it counts for nobody', () => {
    expect(observationOf({ source: HEARTBEAT_EVENT_SOURCE, time: '2026-12-07T21:59:00Z', region: 'us-east-1', detail: { account: '111111111111' } })).toBeUndefined();
    expect(observationOf({ ...heartbeat('111111111111', 'us-east-1', AT), source: 'evil.heartbeat' })).toBeUndefined();
  });

  it('GIVEN 5,000 accounts x 17 regions WHEN the suspects of the first query are chunked THEN every chunk stays within the 10,000-row result limit', () => {
    const accounts = Array.from({ length: 5000 }, (_, index) => ({ id: String(100000000000 + index), name: `a${index}`, regions: model.accounts[0].regions.slice(0, 17) }));
    const chunks = chunkAccounts(accounts);
    expect(chunks.flat()).toHaveLength(5000);
    for (const chunk of chunks) expect(chunk.reduce((rows, account) => rows + account.regions.length, 0)).toBeLessThanOrEqual(MAX_QUERY_ROWS);
  });

  it('GIVEN 5,000 accounts x 17 regions of heartbeats WHEN checked offline THEN one broken account-region is found (time printed, not asserted)', () => {
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2'];
    const big: HealthModel = { version: 1, accounts: Array.from({ length: 5000 }, (_, index) => ({ id: String(100000000000 + index), name: `a${index}`, regions })) };
    const started = Date.now();
    const observations: Observation[] = [];
    for (const account of big.accounts) for (const region of regions) for (let beat = 0; beat < 6; beat += 1) observations.push({ account: account.id, region, lastSeen: AT - beat * 30 * MINUTE });
    const broken = observations.filter((o) => !(o.account === '100000004999' && o.region === 'eu-west-1') || o.lastSeen < AT - 100 * MINUTE);
    const reported = silentRegions(big, broken, AT);
    process.stdout.write(`health core: ${broken.length} heartbeats of 5,000 x 17 account-regions checked in ${Date.now() - started} ms\n`);
    expect(reported.map((r) => `${r.account}/${r.region}`)).toEqual(['100000004999/eu-west-1']);
  });

  it('GIVEN the silent-forwarder kind WHEN spelled in its three places THEN they are equal, and routes may name it', () => {
    expect(FORWARDER_SILENT_MESSAGE.id).toBe(FORWARDER_SILENT_KIND);
    expect(FORWARDER_SILENT_KIND_ID).toBe(FORWARDER_SILENT_KIND);
    expect(alertKindsFor(config).map((kind) => kind.id)).not.toContain('forwarder-alarm');
  });
});

describe('forwarder health, the checker Lambda over a simulated Logs Insights', () => {
  let config: OrgConfig;
  beforeAll(() => {
    config = exampleConfig();
  });

  /** Logs Insights over stored envelopes, for the two query shapes the checker sends (envelope fields only). */
  function insights(events: Record<string, unknown>[]): { query: RunQuery; sent: string[] } {
    const sent: string[] = [];
    const query: RunQuery = async (queryString, startMs, endMs) => {
      sent.push(queryString);
      // `region in [...]`, when the query has one, filters like Logs Insights would.
      const regionFilter = /region in \[([^\]]*)\]/.exec(queryString)?.[1];
      const regionsIn = regionFilter === undefined ? undefined : [...regionFilter.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      const inWindow = events.filter(
        (e) => e.source === HEARTBEAT_EVENT_SOURCE && Date.parse(String(e.time)) >= startMs && Date.parse(String(e.time)) <= endMs && (!regionsIn || regionsIn.includes(String(e.region))),
      );
      if (queryString.includes('count_distinct(region)')) {
        const regions = new Map<string, Set<string>>();
        for (const e of inWindow) regions.set(String(e.account), (regions.get(String(e.account)) ?? new Set()).add(String(e.region)));
        return [...regions].map(([account, set]) => ({ account, regions: String(set.size) }));
      }
      const ids = [...queryString.matchAll(/"(\d{12})"/g)].map((m) => m[1]);
      const latest = new Map<string, number>();
      for (const e of inWindow.filter((e) => ids.includes(String(e.account)))) {
        const key = `${String(e.account)}|${String(e.region)}`;
        latest.set(key, Math.max(latest.get(key) ?? 0, Date.parse(String(e.time))));
      }
      return [...latest].map(([key, time]) => ({ account: key.split('|')[0], region: key.split('|')[1], lastSeen: new Date(time).toISOString().replace('T', ' ').replace('Z', '') }));
    };
    return { query, sent };
  }

  it('GIVEN forged heartbeats from one account and a silent account WHEN the checker runs THEN it invokes the engine once, for the silent account, and the message names it with its regions', async () => {
    const model = checkerModel(config);
    const [attacker, silent, ...rest] = model.accounts;
    const events = [
      ...rest.flatMap((a) => beats(a.id, a.regions, AT - 180 * MINUTE, AT)),
      ...beats(attacker.id, attacker.regions, AT - 180 * MINUTE, AT, 0, { account: silent.id, weight: 1, shard: 7 }),
      ...beats(attacker.id, attacker.regions, AT - 180 * MINUTE, AT, 1, { account: silent.id, weight: 1, shard: 7 }),
      ...beats(silent.id, silent.regions, AT - 180 * MINUTE, AT - 90 * MINUTE),
    ];
    const invoked: Array<{ kind: string; event: unknown }> = [];
    const { query, sent } = insights(events);
    const result = await runCheck(model, query, async (input) => void invoked.push(input), AT);
    expect(sent.every((q) => !q.includes('detail'))).toBe(true);
    expect(result.silent.map((r) => r.account)).toEqual(silent.regions.map(() => silent.id));
    expect(invoked).toHaveLength(1);
    expect(invoked[0].kind).toBe(FORWARDER_SILENT_KIND);
    const message = engineFor(config).render(invoked[0]);
    expect(message.subject).toContain(`${silent.name} (${silent.id})`);
    for (const region of silent.regions) expect(message.text).toContain(region);
  });

  it('GIVEN a member admin who silenced one expected region and beats from a region not expected of it (opt-in, routed bus-to-bus) WHEN the checker runs THEN the silenced region is still reported', async () => {
    const model = checkerModel(config);
    const [attacker, ...rest] = model.accounts;
    const unexpected = 'me-central-1';
    expect(attacker.regions).not.toContain(unexpected);
    const [silenced, ...kept] = attacker.regions;
    const events = [
      ...rest.flatMap((a) => beats(a.id, a.regions, AT - 180 * MINUTE, AT)),
      ...beats(attacker.id, kept, AT - 180 * MINUTE, AT),
      ...beats(attacker.id, [silenced], AT - 180 * MINUTE, AT - 90 * MINUTE),
      // EventBridge stamps region = where the event was put; the count of distinct regions is still the expected one.
      ...beats(attacker.id, [unexpected], AT - 180 * MINUTE, AT),
    ];
    const { query } = insights(events);
    const result = await runCheck(model, query, async () => undefined, AT);
    expect(result.silent.map((r) => `${r.account}/${r.region}`)).toEqual([`${attacker.id}/${silenced}`]);
  });

  it('GIVEN every account beating WHEN the checker runs THEN it sends only the first queries and invokes nothing', async () => {
    const model = checkerModel(config);
    const { query, sent } = insights(model.accounts.flatMap((a) => beats(a.id, a.regions, AT - 180 * MINUTE, AT)));
    const result = await runCheck(model, query, async () => {
      throw new Error('must not invoke');
    }, AT);
    // One first query per set of expected regions (the example's opt-in account has its own), no second query.
    const groups = regionGroups(model).length;
    expect(result).toEqual({ silent: [], alerted: [], queries: groups, invocations: 0 });
    expect(sent).toHaveLength(groups);
  });
});

describe('signin-watch health', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'signin-watch-health-'));
  let config: OrgConfig;
  beforeAll(() => {
    config = exampleConfig();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(args, { out: (text: string) => void (out += text), err: (text: string) => void (err += text) } as never);
    return { code, out, err };
  }

  it('GIVEN heartbeats of every account-region WHEN run THEN it prints nothing and exits 0', async () => {
    const model = healthModel(config);
    const file = path.join(dir, 'all.jsonl');
    writeFileSync(file, model.accounts.flatMap((a) => beats(a.id, a.regions, AT - 60 * MINUTE, AT)).map((e) => JSON.stringify(e)).join('\n'));
    expect(await run(['health', '--config', EXAMPLE_CONFIG_FILE, '--at', '2026-12-07T22:00:00Z', file])).toEqual({ code: 0, out: '', err: '' });
  });

  it('GIVEN one account forging for another that is silent, as a gzipped JSON array WHEN run THEN one JSON line per silent region, exit 1', async () => {
    const model = healthModel(config);
    const [attacker, silent, ...rest] = model.accounts;
    const events = [
      ...rest.flatMap((a) => beats(a.id, a.regions, AT - 60 * MINUTE, AT)),
      ...beats(attacker.id, attacker.regions, AT - 60 * MINUTE, AT, 0, { account: silent.id, weight: 1, shard: 3 }),
    ];
    const file = path.join(dir, 'forged.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify(events)));
    const result = await run(['health', '--config', EXAMPLE_CONFIG_FILE, '--at', '2026-12-07T22:00:00Z', file]);
    expect(result.code).toBe(1);
    expect(result.out.trim().split('\n').map((line) => JSON.parse(line))).toEqual(silent.regions.map((region) => ({ account: silent.id, accountName: silent.name, region, lastSeen: null })));
  });

  it.each([
    [['health', '--config', EXAMPLE_CONFIG_FILE, 'x.json']],
    [['health', '--config', EXAMPLE_CONFIG_FILE, '--at', 'yesterday', 'x.json']],
    [['health', '--config', EXAMPLE_CONFIG_FILE, '--at', '2026-12-07T22:00:00Z']],
    [['health', '--config', EXAMPLE_CONFIG_FILE, '--at', '2026-12-07T22:00:00Z', '--bogus', 'x.json']],
    [['health', '--config', EXAMPLE_CONFIG_FILE, '--at', '2026-12-07T22:00:00Z', path.join(dir, 'missing.json')]],
  ])('GIVEN a usage error (%j) WHEN run THEN exit 2', async (args) => {
    expect((await run(args as string[])).code).toBe(2);
  });
});
