/**
 * The member stack's input projection (synth/stack-inputs.ts) must be
 * complete: for every field of a config that sets every optional field,
 * mutated one at a time, each member stack's output (its files, manifest
 * entry, findings, printed lines and warnings) is either unchanged or its key
 * changed. Never "output changed, key the same": that would reuse a stale
 * stack. The check is shown live by a projection that leaves out one
 * organization-wide input (the aggregator's bus).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { TerraformStack, type App } from 'cdktf';
import { orgConfigSchema, type AccountConfig, type OrgConfig } from '../../config/schema';
import { ALL_REGIONS } from '../../config/regions';
import { memberStackName } from '../../config/names';
import { parseConfig } from '../../detection/org-config';
import { stackBuilders } from '../../stacks/app';
import { synthesizeOrganization } from '../../synth/app';
import { CACHE_FILE, type CachedStack } from '../../synth/stack-cache';
import { canonicalJson, codeFiles, memberStackInputs, memberStackKey, sha256 } from '../../synth/stack-inputs';

const ROOT = path.join(__dirname, '..', '..');

/** Every optional field set, every kind of account reference used. */
const RICH = `
organization: { id: o-exampleorg1, managementAccount: management }
aggregator: { account: security, region: eu-west-1, logRetentionDays: 400 }
identityCenter: { account: management, region: eu-west-1 }
trail:
  name: signin-watch-org-trail
  region: eu-west-1
  bucket: { create: true, name: my-trail-bucket-abc }
  logRetentionDays: 365
  bucketRetentionDays: 2557
  cloudWatchLogs: true
  objectLock: { mode: GOVERNANCE, days: 30 }
notifications:
  emails: [security-alerts@example.com]
  slack: { workspaceId: T01ABCDEFGH, channelId: C01ABCDEFGH }
  routes:
    - name: prod
      severities: [HIGH]
      kinds: [console-login-success]
      accounts: [workload]
      accountTags: { env: prod }
      emails: [prod@example.com]
      httpsEndpoints: ["https://events.example.com/hook"]
      slack: { workspaceId: T01ABCDEFGH, channelId: C02ABCDEFGH }
alerts:
  enabled: { console-login-outside-sso: true }
  ignorePrincipals: [{ arn: "arn:aws:iam::111111111111:user/break-glass", reason: quarterly test }]
  failedSignInBurst: 5
  failedSignInsPerPrincipal: 6
  guardDutyAdministrator: security
deployment:
  roleName: OrganizationAccountAccessRole
  planRoleName: signin-watch-plan
  externalId: ext-123
  namePrefix: signin-watch
  protectionScp: { enabled: true, targets: [workload] }
state: { backend: s3, bucket: tf-state-bucket, region: eu-west-1, keyPrefix: sw, useLockfile: true }
excludedRegions: [{ region: sa-east-1, reason: region deny SCP }]
acknowledgements:
  - { rule: SW-IAM-1, reason: accepted for every stack on purpose }
  - { rule: SW-EVENTS-1, resource: member-workload/eu-west-1, reason: accepted for one member stack }
  - { rule: SW-TRAIL-1, resource: management/trail, reason: accepted for the management stack }
accounts:
  - { name: management, id: "111111111111", deploymentRoleName: AdminRole }
  - { name: security, id: "333333333333" }
  - name: workload
    id: "444444444444"
    optInRegions: [eu-south-1, ap-east-1]
    excludedRegions: [{ region: ap-east-1, reason: not used }]
    email: owner@example.com
    tags: { env: prod }
    planRoleName: workload-plan
  - { name: spare, id: "555555555555" }
`;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Mutation {
  what: string;
  config: OrgConfig;
}

const ACCOUNT_REFS = /^(organization\.managementAccount|aggregator\.account|identityCenter\.account|alerts\.guardDutyAdministrator|notifications\.routes\.\d+\.accounts\.\d+|deployment\.protectionScp\.targets\.\d+)$/;
const SEVERITY = /^notifications\.routes\.\d+\.severities\.\d+$/;

/** Replaces every string equal to `from` by `to` (renaming an account keeps its references valid). */
function renameEverywhere(value: Json, from: string, to: string): Json {
  if (typeof value === 'string') return value === from ? to : value;
  if (Array.isArray(value)) return value.map((item) => renameEverywhere(item, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renameEverywhere(item, from, to)]));
  return value;
}

function otherAccountName(config: Json, current: string): string {
  return (config.accounts as AccountConfig[]).map((account) => account.name).find((name) => name !== current && name !== 'management')!;
}

function mutatedLeaf(config: Json, where: string, value: Json): Json | undefined {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return /logRetentionDays$/.test(where) ? (value === 365 ? 400 : 365) : value + 1;
  if (typeof value !== 'string') return undefined;
  if (ACCOUNT_REFS.test(where)) return otherAccountName(config, value);
  if (SEVERITY.test(where)) return value === 'HIGH' ? 'LOW' : 'HIGH';
  if (where === 'trail.objectLock.mode') return 'COMPLIANCE';
  if (where === 'state.backend') return undefined; // the whole state is switched below
  if (/^\d{12}$/.test(value)) return `${value.slice(0, 11)}${(Number(value[11]) + 1) % 10}`;
  if ((ALL_REGIONS as readonly string[]).includes(value)) return ALL_REGIONS.find((region) => region !== value && !JSON.stringify(config).includes(`"${region}"`));
  return `${value}x`;
}

function setAt(root: Json, keys: string[], value: Json | typeof DELETE): Json {
  const copy = structuredClone(root);
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key];
  const last = keys[keys.length - 1];
  if (value === DELETE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}
const DELETE = Symbol('delete');

/** One mutation per leaf, one deletion per key and array element, one appended copy per array, and a few by hand. */
function mutations(base: OrgConfig): Mutation[] {
  const found: Mutation[] = [];
  const add = (what: string, candidate: Json) => {
    const parsed = orgConfigSchema.safeParse(candidate);
    if (parsed.success) found.push({ what, config: parsed.data });
  };
  const walk = (value: Json, keys: string[]) => {
    const where = keys.join('.');
    if (keys.length > 0) add(`delete ${where}`, setAt(base, keys, DELETE));
    if (Array.isArray(value)) {
      if (where !== 'accounts') add(`append a copy to ${where}`, setAt(base, keys, [...value, structuredClone(value[value.length - 1])]));
      value.forEach((item, index) => walk(item, [...keys, String(index)]));
    } else if (value && typeof value === 'object') {
      for (const key of Object.keys(value)) walk(value[key], [...keys, key]);
    } else {
      const next = mutatedLeaf(base, where, value);
      if (next === undefined) return;
      const renamed = /^accounts\.\d+\.(name|id)$/.test(where) ? renameEverywhere(setAt(base, keys, next), value, next) : setAt(base, keys, next);
      add(`${where}: ${JSON.stringify(value)} → ${JSON.stringify(next)}`, renamed);
    }
  };
  walk(base, []);
  add('state: s3 → local', { ...structuredClone(base), state: { backend: 'local' } });
  add('accounts: one added', { ...structuredClone(base), accounts: [...base.accounts, { name: 'added', id: '666666666666' }] });
  return found;
}

describe('the member stack input projection', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'signin-watch-inputs-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  let count = 0;
  /** Each member stack's cache entry (files by hash, manifest entry, findings, printed lines, warnings), by account position. */
  const membersOf = (config: OrgConfig): Array<Omit<CachedStack, 'key'> | undefined> => {
    const outdir = path.join(root, `out-${(count += 1)}`);
    // The aggregator is built (members depend on it) but not synthesized: only member stacks are compared.
    const [aggregator, ...members] = stackBuilders(config).filter((builder) => builder.name !== 'management');
    const builders = [
      {
        name: aggregator.name,
        build: (app: App) => {
          aggregator.build(app);
          app.node.tryRemoveChild(aggregator.name);
          return new TerraformStack(app, aggregator.name);
        },
      },
      ...members,
    ];
    synthesizeOrganization(config, outdir, { report: () => undefined, cache: { code: 'test' }, providerRole: 'plan', builders });
    const stacks = (JSON.parse(readFileSync(path.join(outdir, CACHE_FILE), 'utf8')) as { stacks: Record<string, CachedStack> }).stacks;
    rmSync(outdir, { recursive: true, force: true });
    return config.accounts.map((account) => {
      const entry = stacks[memberStackName(account)];
      if (!entry) return undefined;
      const { key: _key, ...output } = entry;
      return output;
    });
  };

  type KeyOf = (config: OrgConfig, account: AccountConfig) => string;
  const realKey: KeyOf = (config, account) => memberStackKey('test', {}, config, account, 'plan');
  /** A projection that forgets where the aggregator's bus is: the check must catch it. */
  const blindKey: KeyOf = (config, account) => {
    const { aggregator: _ignored, ...rest } = memberStackInputs(config, account, 'plan') as Record<string, unknown>;
    return sha256(canonicalJson(rest));
  };

  let base: OrgConfig;
  let baseMembers: ReturnType<typeof membersOf>;
  let observed: Array<{ mutation: Mutation; members: ReturnType<typeof membersOf> }>;
  /** Mutations the stacks refuse (a value config validation would reject): nothing to compare. */
  const unsynthesizable: string[] = [];
  beforeAll(() => {
    base = parseConfig(RICH, 'rich.yaml');
    baseMembers = membersOf(base);
    observed = [];
    for (const mutation of mutations(base)) {
      try {
        observed.push({ mutation, members: membersOf(mutation.config) });
      } catch (error) {
        unsynthesizable.push(`${mutation.what}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }, 600_000);

  /** "output changed, key the same", per mutation and member stack. */
  const violations = (keyOf: KeyOf): string[] =>
    observed.flatMap(({ mutation, members }) =>
      base.accounts.flatMap((account, index) => {
        const after = mutation.config.accounts[index];
        if (!after || !members[index] || !baseMembers[index]) return [];
        const outputChanged = canonicalJson(members[index]) !== canonicalJson(baseMembers[index]);
        const keyChanged = keyOf(base, account) !== keyOf(mutation.config, after);
        return outputChanged && !keyChanged ? [`${mutation.what}: member-${account.name} changed, key did not`] : [];
      }),
    );

  it('GIVEN every field of a config mutated one at a time THEN no member stack changes without its key changing', () => {
    expect(baseMembers.every((member) => member !== undefined)).toBe(true);
    expect(observed.length).toBeGreaterThan(100);
    // Mutations that change member stacks exist (or the check would prove nothing) ...
    expect(observed.filter(({ members }) => canonicalJson(members) !== canonicalJson(baseMembers)).length).toBeGreaterThan(20);
    expect(violations(realKey)).toEqual([]);
  });

  it('GIVEN the mutations the stacks refuse THEN they are only those config validation refuses too (no plan role, a referenced account removed)', () => {
    expect(unsynthesizable.map((line) => line.split(':')[0])).toEqual(['delete deployment', 'delete deployment.planRoleName', 'delete accounts.1', 'delete accounts.2']);
  });

  it('GIVEN a projection without the aggregator\'s bus THEN the check reports it (the check is live)', () => {
    expect(violations(blindKey)).toEqual(expect.arrayContaining([expect.stringMatching(/^aggregator\.region: .* member-spare changed, key did not$/)]));
  });

  it('GIVEN fields no member stack reads (alerts, notifications, trail, the SCP) THEN their edits keep every member key, so members are reused', () => {
    const unread = observed.filter(({ mutation }) => /^(notifications|trail|alerts\.enabled|alerts\.ignorePrincipals|deployment\.protectionScp)/.test(mutation.what));
    expect(unread.length).toBeGreaterThan(10);
    for (const { mutation } of unread) {
      expect([mutation.what, base.accounts.map((account, index) => realKey(mutation.config, mutation.config.accounts[index]) === realKey(base, account))]).toEqual([
        mutation.what,
        base.accounts.map(() => true),
      ]);
    }
  });
});

describe('the code version', () => {
  it('GIVEN a synth in this process THEN every project module it loaded is hashed into the code version', () => {
    const hashed = new Set(codeFiles(ROOT).map((file) => path.join(ROOT, file)));
    const loaded = Object.keys(require.cache).filter(
      (file) => file.startsWith(ROOT) && !file.includes(`${path.sep}node_modules${path.sep}`) && !file.startsWith(path.join(ROOT, 'test')) && /\.(ts|js|json)$/.test(file),
    );
    expect(loaded.some((file) => file.endsWith(path.join('stacks', 'member.ts')))).toBe(true);
    expect(loaded.filter((file) => !hashed.has(file))).toEqual([]);
  });

  it('GIVEN the organization YAML files in config/ THEN they are data (in each key), not code', () => {
    const files = codeFiles(ROOT);
    expect(files).toContain(path.join('config', 'schema.ts'));
    expect(files).toContain('package-lock.json');
    expect(files.filter((file) => file.endsWith('.yaml'))).toEqual([]);
    expect(readdirSync(path.join(ROOT, 'config')).some((file) => file.endsWith('.yaml'))).toBe(true);
    expect(parse(RICH)).toBeDefined();
  });
});
