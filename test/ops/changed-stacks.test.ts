/**
 * changed-stacks: which stacks a config or code change touches. Two configs
 * are synthesized into temporary directories with buildApp, as `npm run
 * synth` would, and compared.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../detection/org-config';
import { AGGREGATOR_STACK, MANAGEMENT_STACK, memberStackName } from '../../config/names';
import type { OrgConfig } from '../../config/schema';
import { validateConfig } from '../../detection/org-config';
import { buildApp } from '../../stacks/app';
import { githubOutputs, runChangedStacks, synthesizeGitRef } from '../../review/changed-stacks';
import { UsageError } from '../../command/io';
import { deployStages, inDeployOrder, shard } from '../../review/deploy-order';
import { canonicalTerraform, describeChanges, diffStacks, resourceChanges } from '../../review/stack-diff';
import { readSynthOutput } from '../../synth/output';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'config', 'org.yaml');
const work = mkdtempSync(path.join(tmpdir(), 'signin-watch-changed-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let counter = 0;
/** Synthesizes `config` into a fresh directory, like `npm run synth`, and returns the directory. */
function synthDir(config: OrgConfig): string {
  counter += 1;
  const outdir = path.join(work, `synth-${counter}`);
  buildApp(config, outdir).app.synth();
  return outdir;
}

function example(): OrgConfig {
  return loadConfig(EXAMPLE);
}

describe('GIVEN the example synthesized as the base', () => {
  let baseDir: string;
  beforeAll(() => {
    baseDir = synthDir(example());
  });

  it('WHEN nothing changes (synthesized again into another directory) THEN no stack is listed', () => {
    const again = synthDir(example());
    expect(diffStacks(readSynthOutput(baseDir), readSynthOutput(again))).toEqual({ changed: [], added: [], removed: [] });
  });

  it("WHEN one account's opt-in regions change THEN that account's member stack is listed, and the aggregator for its health-check package only", () => {
    const config = example();
    const prod = config.accounts.find((account) => account.name === 'workload-prod')!;
    prod.optInRegions = [...prod.optInRegions, 'me-central-1'];

    const base = readSynthOutput(baseDir);
    const current = readSynthOutput(synthDir(config));
    const changes = diffStacks(base, current);

    // The health check expects each account's forwarded regions (its bundled model): only its code hash changes.
    expect(changes).toEqual({ changed: [AGGREGATOR_STACK, memberStackName(prod)], added: [], removed: [] });
    const aggregator = resourceChanges(base.get(AGGREGATOR_STACK)!.terraform, current.get(AGGREGATOR_STACK)!.terraform);
    expect(aggregator).toEqual({ added: [], removed: [], changed: [expect.stringMatching(/^aws_lambda_function\.health-check/)] });
  });

  it("WHEN one account excludes a region (with a reason) THEN that account's member stack (and the aggregator's health-check package) is listed, and only that region's resources are removed", () => {
    const config = example();
    const prod = config.accounts.find((account) => account.name === 'workload-prod')!;
    prod.excludedRegions = [{ region: 'ap-south-1', reason: 'denied by the workloads OU SCP' }];
    const base = readSynthOutput(baseDir);
    const current = readSynthOutput(synthDir(config));

    expect(diffStacks(base, current)).toEqual({ changed: [AGGREGATOR_STACK, memberStackName(prod)], added: [], removed: [] });
    const member = resourceChanges(base.get(memberStackName(prod))!.terraform, current.get(memberStackName(prod))!.terraform);
    expect(member.added).toEqual([]);
    const removedProviders = new Set(member.removed.map((address) => {
      const [type, name] = address.split('.');
      return base.get(memberStackName(prod))!.terraform.resource![type][name].provider;
    }));
    expect([...removedProviders]).toEqual(['aws.ap-south-1']);
  });

  it('WHEN a region no account enables is excluded organization-wide THEN the config is refused (nothing to exclude)', () => {
    const config = example();
    config.excludedRegions = [{ region: 'me-central-1', reason: 'Control Tower region deny control' }];
    expect(() => validateOrThrow(config)).toThrow('no account enables opt-in region "me-central-1"');
  });

  it('WHEN an account is added THEN its new member stack is added and the aggregator changes by exactly the engine, digest and health-check packages', () => {
    const config = example();
    config.accounts.push({ name: 'sandbox', id: '666666666666', optInRegions: [], tags: {} });
    const base = readSynthOutput(baseDir);
    const current = readSynthOutput(synthDir(config));

    const changes = diffStacks(base, current);

    expect(changes).toEqual({ changed: [AGGREGATOR_STACK], added: ['member-sandbox'], removed: [] });
    const aggregatorChanges = resourceChanges(base.get(AGGREGATOR_STACK)!.terraform, current.get(AGGREGATOR_STACK)!.terraform);
    expect(aggregatorChanges.removed).toEqual([]);
    // The alert engine's and the digest's packages carry the account directory, the health check's the expected
    // account-regions: their code hashes change, nothing else (no resource is per account).
    expect(aggregatorChanges.changed.map((address) => address.split('.')[0])).toEqual(['aws_lambda_function', 'aws_lambda_function', 'aws_lambda_function']);
    expect(aggregatorChanges.added).toEqual([]);
  });

  it('WHEN an account is removed THEN its member stack is listed as removed and the aggregator changes', () => {
    const config = example();
    config.accounts = config.accounts.filter((account) => account.name !== 'workload-dev');

    const changes = diffStacks(readSynthOutput(baseDir), readSynthOutput(synthDir(config)));

    // The aggregator loses (or lowers the threshold of) that account's shard alarm.
    expect(changes).toEqual({ changed: [AGGREGATOR_STACK], added: [], removed: ['member-workload-dev'] });
  });

  it('WHEN the CLI compares two synth directories THEN stdout is the JSON, --out and $GITHUB_OUTPUT get it too', () => {
    const config = example();
    config.accounts.find((account) => account.name === 'workload-prod')!.optInRegions.push('me-central-1');
    const currentDir = synthDir(config);
    const outFile = path.join(work, 'changes.json');
    const githubOutput = path.join(work, 'github-output');
    writeFileSync(githubOutput, '');
    let out = '';
    let err = '';

    const code = runChangedStacks({ base: baseDir, current: currentDir, out: outFile, githubOutput: true, shards: 4, config: 'config/org.yaml' }, {
      env: { GITHUB_OUTPUT: githubOutput, SIGNIN_WATCH_QUIET: '1' },
      out: (text) => (out += text),
      err: (text) => (err += text),
    });

    expect(code).toBe(0);
    // The aggregator changes too: its health check expects the new region (code hash only).
    expect(out).toBe('{"changed":["aggregator","member-workload-prod"],"added":[],"removed":[]}\n');
    expect(readFileSync(outFile, 'utf8')).toBe(out);
    expect(err).toBe('changed-stacks: 2 changed: aggregator, member-workload-prod; none added; none removed\n');
    expect(readFileSync(githubOutput, 'utf8')).toBe(
      [
        'any=true',
        'stacks=["aggregator","member-workload-prod"]',
        'removed=[]',
        'plan_matrix=[{"shard":"1 of 2","stacks":"aggregator"},{"shard":"2 of 2","stacks":"member-workload-prod"}]',
        'aggregator=true',
        'management=false',
        'members_any=true',
        'members_matrix=[{"shard":"1 of 1","stacks":"member-workload-prod"}]',
        '',
      ].join('\n'),
    );
  });
});

describe('GIVEN Terraform JSON that differs only in volatile fields', () => {
  const stack = (comment: string, statePath: string, bucket = 'b') => ({
    '//': { metadata: { version: comment, stackName: 's' } },
    terraform: { backend: { local: { path: statePath } } },
    resource: { aws_s3_bucket: { logs: { '//': { metadata: { path: comment } }, bucket } } },
  });

  it('THEN metadata comments and the directory of the state file are ignored', () => {
    expect(canonicalTerraform(stack('0.21.0', '/tmp/a/terraform.s.tfstate'))).toBe(canonicalTerraform(stack('0.20.0', '/work/b/terraform.s.tfstate')));
  });

  it('THEN a real attribute change is not ignored', () => {
    expect(canonicalTerraform(stack('x', 'terraform.s.tfstate', 'b'))).not.toBe(canonicalTerraform(stack('x', 'terraform.s.tfstate', 'c')));
  });
});

describe('GIVEN a list of stacks to deploy', () => {
  const stacks = ['member-b', MANAGEMENT_STACK, 'member-a', AGGREGATOR_STACK];

  it('THEN the deploy order is aggregator, management, then members', () => {
    expect(inDeployOrder(stacks)).toEqual([AGGREGATOR_STACK, MANAGEMENT_STACK, 'member-a', 'member-b']);
    expect(deployStages(stacks)).toEqual({ aggregator: true, management: true, members: ['member-a', 'member-b'], other: [] });
  });

  it('THEN members are cut into at most N near-equal shards, none empty', () => {
    const members = Array.from({ length: 10 }, (_, index) => `member-${index}`);
    expect(shard(members, 3)).toEqual([
      { shard: '1 of 3', stacks: 'member-0 member-1 member-2 member-3' },
      { shard: '2 of 3', stacks: 'member-4 member-5 member-6' },
      { shard: '3 of 3', stacks: 'member-7 member-8 member-9' },
    ]);
    expect(shard(['member-0'], 8)).toEqual([{ shard: '1 of 1', stacks: 'member-0' }]);
    expect(shard([], 8)).toEqual([]);
  });

  it('THEN the workflow outputs stage the deploy and never destroy a removed stack', () => {
    const outputs = githubOutputs({ changed: [AGGREGATOR_STACK, 'member-a'], added: ['member-c'], removed: ['member-z'] }, 8);
    expect(outputs).toEqual({
      any: 'true',
      stacks: '["aggregator","member-a","member-c"]',
      removed: '["member-z"]',
      plan_matrix: '[{"shard":"1 of 3","stacks":"aggregator"},{"shard":"2 of 3","stacks":"member-a"},{"shard":"3 of 3","stacks":"member-c"}]',
      aggregator: 'true',
      management: 'false',
      members_any: 'true',
      members_matrix: '[{"shard":"1 of 2","stacks":"member-a"},{"shard":"2 of 2","stacks":"member-c"}]',
    });
    expect(describeChanges({ changed: [], added: [], removed: [] })).toBe('no stack changed');
  });
});

describe('GIVEN a git ref as the base', () => {
  // A tiny repository whose main.ts writes a one-stack synth from its config:
  // it proves the base is exported from git (not the working tree) and synthesized there.
  const repo = path.join(work, 'repo');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, stdio: 'pipe' });
  const fakeMain = `
const fs = require('node:fs'); const path = require('node:path');
const config = fs.readFileSync(process.argv[process.argv.indexOf('--config') + 1], 'utf8').trim();
const out = process.env.CDKTF_OUTDIR;
fs.mkdirSync(path.join(out, 'stacks', 'only'), { recursive: true });
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: 'x', stacks: { only: { name: 'only', workingDirectory: 'stacks/only', synthesizedStackPath: 'stacks/only/cdk.tf.json' } } }));
fs.writeFileSync(path.join(out, 'stacks', 'only', 'cdk.tf.json'), JSON.stringify({ locals: { config } }));
`;

  beforeAll(() => {
    mkdirSync(path.join(repo, 'config'), { recursive: true });
    writeFileSync(path.join(repo, 'main.ts'), fakeMain);
    writeFileSync(path.join(repo, 'config', 'org.yaml'), 'committed');
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    writeFileSync(path.join(repo, 'config', 'org.yaml'), 'edited in the working tree');
  });

  it("THEN the ref's own config and code are synthesized, not the working tree's", () => {
    const outdir = synthesizeGitRef('HEAD', path.join(repo, 'config', 'org.yaml'), mkdtempSync(path.join(work, 'ref-')), repo);
    const stacks = readSynthOutput(outdir);
    expect([...stacks.keys()]).toEqual(['only']);
    expect(stacks.get('only')!.terraform).toEqual({ locals: { config: 'committed' } });
  });

  it('THEN an unknown ref is an error that says how to fetch it', () => {
    expect(() => synthesizeGitRef('no-such-branch', path.join(repo, 'config', 'org.yaml'), mkdtempSync(path.join(work, 'ref-')), repo)).toThrow(
      /^git rev-parse --verify --quiet no-such-branch\^\{commit\} failed in .*: is it a known ref\? \(in CI, fetch it: actions\/checkout with fetch-depth: 0\)$/,
    );
  });
});

describe('GIVEN a --base that cannot be used', () => {
  const io = { env: { SIGNIN_WATCH_QUIET: '1' }, out: () => undefined, err: () => undefined };
  let badConfig: string;
  beforeAll(() => {
    // A config that fails to load: had anything been synthesized before the base check, this would be the error.
    badConfig = path.join(work, 'broken.yaml');
    writeFileSync(badConfig, 'organization: [\n');
  });

  it('WHEN --base is missing THEN the usage error comes before any synthesis', () => {
    expect(() => runChangedStacks({ config: badConfig }, io)).toThrow(new UsageError('give --base <git-ref | synth-dir> or --all'));
  });

  it('WHEN --base names an existing directory without a manifest THEN it is not tried as a git ref', () => {
    const notSynth = path.join(work, 'not-a-synth');
    mkdirSync(notSynth, { recursive: true });
    expect(() => runChangedStacks({ base: notSynth, config: badConfig }, io)).toThrow(`--base ${notSynth}: a directory without manifest.json, not the output of a synth`);
  });

  it('WHEN --base is a mistyped directory path THEN it says no such directory', () => {
    expect(() => runChangedStacks({ base: './cdktf.outt', config: badConfig }, io)).toThrow('--base ./cdktf.outt: no such directory (a synth output directory was expected)');
  });

  it('WHEN --base is neither THEN it says so, with the fetch-depth hint', () => {
    expect(() => runChangedStacks({ base: 'no-such-branch-xyz', config: badConfig }, io)).toThrow('--base no-such-branch-xyz: neither a synth output directory nor a git ref of this repository');
  });
});

describe('GIVEN --explain and a change of alerts.ignorePrincipals', () => {
  it('THEN the explanation names the changed stack and the one element added to the decoded event pattern', () => {
    const baseDir = synthDir(example());
    const config = example();
    config.alerts.ignorePrincipals.push({ arn: 'arn:aws:iam::*:role/ci-smoke-test', reason: 'Synthetic sign-in check every hour.' });
    const currentDir = synthDir(config);
    const explainFile = path.join(work, 'explain.md');
    const code = runChangedStacks({ base: baseDir, current: currentDir, explain: explainFile, config: 'config/org.yaml' }, { env: { SIGNIN_WATCH_QUIET: '1' }, out: () => undefined, err: () => undefined });
    expect(code).toBe(0);
    const explanation = readFileSync(explainFile, 'utf8');
    expect(explanation).toMatch(/^### Stack `aggregator` \(changed\): 0 added, \d+ changed, 0 removed$/m);
    // Decoded: a path into the pattern and the ARN as a JSON string, not an escaped pattern string.
    expect(explanation).toMatch(/^- `aws_cloudwatch_event_rule\.[^`]+`: `event_pattern\.detail\.[^`]+`: \+ "arn:aws:iam::\*:role\/ci-smoke-test"$/m);
    // A long metric filter pattern shows where it changed, not only its first characters.
    expect(explanation).toMatch(/^- `aws_cloudwatch_log_metric_filter\.[^`]+`: `pattern`: .*ci-smoke-test.*$/m);
  });
});

function validateOrThrow(config: OrgConfig): void {
  const issues = validateConfig(config);
  if (issues.length > 0) throw new Error(issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
}
