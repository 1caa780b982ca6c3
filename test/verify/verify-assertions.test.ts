/**
 * The mocked-apply assertions bite: a tiny aggregator stack whose bus policy
 * admits another organization validates fine, and `npm run verify` fails in
 * `terraform test` with the assertion's message and the stack's name.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { loadConfig } from '../../detection/org-config';
import { AGGREGATOR_STACK, aggregatorAccount, centralBusArn, centralBusName } from '../../config/names';
import { TEST_FILE } from '../../verify/run';

const REPO = path.resolve(__dirname, '..', '..');

describe('npm run verify on an aggregator whose bus admits another organization', () => {
  const config = loadConfig(path.join(REPO, 'config', 'org.yaml'));
  let outdir: string;
  let result: { status: number | null; output: string };

  beforeAll(() => {
    outdir = mkdtempSync(path.join(os.tmpdir(), 'sw-verify-assert-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, AGGREGATOR_STACK);
    new AwsProvider(stack, 'aws', { region: config.aggregator.region, allowedAccountIds: [aggregatorAccount(config).id] });
    const bus = new CloudwatchEventBus(stack, 'bus', { name: centralBusName(config) });
    new CloudwatchEventBusPolicy(stack, 'policy', {
      eventBusName: bus.name,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Org', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: centralBusArn(config), Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-someoneelse1' } } },
        ],
      }),
    });
    app.synth();
    const run = spawnSync(process.execPath, [path.join(REPO, 'bin', 'signin-watch.js'), 'verify', '--synthesized', outdir], { cwd: REPO, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    result = { status: run.status, output: `${run.stdout}${run.stderr}` };
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('THEN validate passes and the mocked apply fails with the assertion naming the stack and the expected organization', () => {
    expect(result.output).toContain(`ok   validate ${AGGREGATOR_STACK}`);
    expect(result.output).toContain(`verify: FAILED stack ${AGGREGATOR_STACK}: terraform test`);
    expect(result.output).toContain('Test assertion failed');
    // Terraform wraps long messages; each continuation line carries the [stack] prefix.
    const unwrapped = result.output.replace(new RegExp(`\\s*\\n\\s*\\[${AGGREGATOR_STACK}\\]\\s+`, 'g'), ' ');
    expect(unwrapped).toContain(`${AGGREGATOR_STACK}: every Allow of the bus policy must require aws:PrincipalOrgID = ${config.organization.id}`);
    expect(result.status).toBe(1);
  });

  it('THEN the generated test file sits in the stack directory, one mock provider for its one provider, command = apply', () => {
    const file = readFileSync(path.join(outdir, 'stacks', AGGREGATOR_STACK, TEST_FILE), 'utf8');
    expect(file.match(/mock_provider "aws" \{/g)).toHaveLength(1);
    expect(file).toContain('command = apply');
    expect(file).toContain(`mock_resource "aws_cloudwatch_event_bus" {\n    defaults = { arn = "arn:aws:events:${config.aggregator.region}:${aggregatorAccount(config).id}:event-bus/mock" }`);
  });
});
