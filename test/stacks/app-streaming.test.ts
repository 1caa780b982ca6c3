/**
 * The stack-by-stack synthesis main.ts runs (synth/app.ts) must
 * write exactly what cdktf's standard `app.synth()` of buildApp writes, while
 * holding one stack at a time and resolving each stack once.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Aspects, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { loadConfig } from '../../detection/org-config';
import type { OrgConfig } from '../../config/schema';
import { buildApp, stackBuilders, type StackBuilder } from '../../stacks/app';
import { unacknowledgedFindings } from '../../synth/security-findings';
import { PROGRESS_INTERVAL_MS, synthesizeOrganization } from '../../synth/app';
import { registeredTokens } from '../../synth/token-release';
import { createProgress } from '../../command/progress';
import { exampleConfig } from '../support/synth';
import { filesOf } from '../support/files';

const ROOT = path.join(__dirname, '..', '..');
const FINDING = path.join(ROOT, 'test', 'config', 'fixtures', 'findings', 'trail-key-in-another-region.yaml');


const quiet = { report: () => undefined };

describe('stack-by-stack synthesis', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'signin-watch-streaming-'));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const standard = (config: OrgConfig, name: string, role?: 'plan'): Record<string, string> => {
    const outdir = path.join(root, `${name}-standard`);
    buildApp(config, outdir, { providerRole: role }).app.synth();
    return filesOf(outdir);
  };
  const streamed = (config: OrgConfig, name: string, options: Parameters<typeof synthesizeOrganization>[2] = {}): Record<string, string> => {
    const outdir = path.join(root, `${name}-streamed`);
    synthesizeOrganization(config, outdir, { ...quiet, ...options });
    return filesOf(outdir);
  };

  it('GIVEN the example organization THEN it writes byte for byte what app.synth() writes', () => {
    const expected = standard(exampleConfig(), 'example');
    const actual = streamed(exampleConfig(), 'example');
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(actual)).toContain('manifest.json');
    for (const file of Object.keys(expected)) expect([file, actual[file]]).toEqual([file, expected[file]]);
  });

  it('GIVEN the plan provider role and acknowledged findings THEN the output is still identical, info annotations included', () => {
    const config = (): OrgConfig => {
      const c = loadConfig(FINDING);
      c.deployment.planRoleName = c.deployment.planRoleName ?? 'signin-watch-plan';
      const rules = [...new Set(unacknowledgedFindings(buildApp(loadConfig(FINDING), path.join(root, 'unused')).app, c).map((finding) => finding.rule))];
      c.acknowledgements = rules.map((rule) => ({ rule, reason: 'the key is replicated into the trail region by the storage team' }));
      return c;
    };
    const expected = standard(config(), 'plan', 'plan');
    const actual = streamed(config(), 'plan', { providerRole: 'plan' });
    expect(expected['manifest.json']).toContain('acknowledged [');
    expect(actual).toEqual(expected);
  });

  it('GIVEN a config with an unacknowledged finding THEN it reports every finding of every stack and writes no manifest', () => {
    const config = loadConfig(FINDING);
    const outdir = path.join(root, 'finding');
    const result = synthesizeOrganization(config, outdir, quiet);
    const { app } = buildApp(loadConfig(FINDING), path.join(root, 'finding-standard'));
    const expected = unacknowledgedFindings(app, config);
    expect(expected.length).toBeGreaterThan(0);
    expect(result.unacknowledged.map(({ acknowledged: _, ...finding }) => finding)).toEqual(expected);
    expect(readdirSync(outdir)).not.toContain('manifest.json');
  });

  it('GIVEN an organization three times larger THEN cdktf holds no more tokens afterwards (written stacks are released)', () => {
    const config = exampleConfig();
    synthesizeOrganization(config, path.join(root, 'tokens-small'), quiet);
    const afterSmall = registeredTokens();
    const larger = exampleConfig();
    larger.accounts = [...larger.accounts, ...larger.accounts.map((account, index) => ({ ...account, name: `copy-${index}`, id: `9${String(index).padStart(11, '0')}` }))];
    larger.accounts = [...larger.accounts, ...larger.accounts.slice(5).map((account, index) => ({ ...account, name: `again-${index}`, id: `8${String(index).padStart(11, '0')}` }))];
    expect(larger.accounts.length).toBe(15);
    synthesizeOrganization(larger, path.join(root, 'tokens-large'), quiet);
    expect(registeredTokens()).toBeLessThanOrEqual(afterSmall);
  });

  it('THEN it prints a progress line whenever the interval has passed, naming how many stacks are done', () => {
    const lines: string[] = [];
    let clock = 0;
    const now = (): number => (clock += PROGRESS_INTERVAL_MS);
    const progress = createProgress('synth', 3, { write: (line) => lines.push(line), now: () => 0, quiet: false });
    synthesizeOrganization(exampleConfig(), path.join(root, 'progress'), { ...quiet, progress, now });
    expect(lines.filter((line) => line.includes('synthesized and checked'))).toEqual([
      '[synth] 1/7 stacks synthesized and checked (aggregator) (0.0 s)',
      '[synth] 2/7 stacks synthesized and checked (management) (0.0 s)',
      '[synth] 3/7 stacks synthesized and checked (member-management) (0.0 s)',
      '[synth] 4/7 stacks synthesized and checked (member-log-archive) (0.0 s)',
      '[synth] 5/7 stacks synthesized and checked (member-security) (0.0 s)',
      '[synth] 6/7 stacks synthesized and checked (member-workload-prod) (0.0 s)',
      '[synth] 7/7 stacks synthesized and checked (member-workload-dev) (0.0 s)',
    ]);
    // Within a stack too: a large one (the aggregator of 5,000 accounts) takes seconds to resolve.
    expect(lines).toContain('[synth] 1/7 stacks: aggregator built (0.0 s)');
    expect(lines).toContain('[synth] 1/7 stacks: resolving aggregator (100 blocks so far) (0.0 s)');
    expect(lines).toContain('[synth] 1/7 stacks: aggregator checked (0.0 s)');
    for (const line of lines) expect(line).toMatch(/^\[synth\] \d\/7 stacks/);
  });

  it('GIVEN a stack carrying an aspect THEN the aspect runs before the rules, and the output equals app.synth()', () => {
    const visited: string[] = [];
    class Recorder implements IAspect {
      visit(node: IConstruct): void {
        if (node instanceof TerraformStack) visited.push(node.node.id);
      }
    }
    const withAspect = (builders: StackBuilder[]): StackBuilder[] =>
      builders.map((builder) =>
        builder.name === 'member-security'
          ? {
              name: builder.name,
              build: (app) => {
                const stack = builder.build(app);
                Aspects.of(stack).add(new Recorder());
                return stack;
              },
            }
          : builder,
      );
    const expected = standard(exampleConfig(), 'aspect');
    const config = exampleConfig();
    const actual = streamed(config, 'aspect', { builders: withAspect(stackBuilders(config)) });
    expect(visited).toEqual(['member-security']);
    expect(actual).toEqual(expected);
  });

  it('GIVEN a stack that refers to a resource of another stack THEN it is refused with a message naming both', () => {
    const builders: StackBuilder[] = [
      {
        name: 'origin',
        build: (app) => {
          const stack = new TerraformStack(app, 'origin');
          new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
          topic = new SnsTopic(stack, 'topic', { name: 'origin-topic' });
          return stack;
        },
      },
      {
        name: 'user',
        build: (app) => {
          const stack = new TerraformStack(app, 'user');
          new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
          new SnsTopic(stack, 'copy', { name: topic.arn });
          return stack;
        },
      },
    ];
    let topic: SnsTopic;
    expect(() => synthesizeOrganization(exampleConfig(), path.join(root, 'cross'), { ...quiet, builders })).toThrow(
      /stack user refers to aws_sns_topic\.topic[^ ]* of stack origin/,
    );
  });
});
