/**
 * `npm run verify` must fail, naming the stack and showing Terraform's own
 * message, when a synthesized argument is invalid. Two one-region stacks keep
 * it fast: a valid alarm and one with a misspelled comparison_operator.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

const REPO = path.resolve(__dirname, '..', '..');

function alarmStack(app: App, name: string, comparisonOperator: string): void {
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new CloudwatchMetricAlarm(stack, 'alarm', {
    alarmName: `${name}-alarm`,
    namespace: 'Test',
    metricName: 'Count',
    statistic: 'Sum',
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator,
  });
}

describe('npm run verify on a broken stack', () => {
  let outdir: string;
  let result: { status: number | null; output: string };

  beforeAll(() => {
    outdir = mkdtempSync(path.join(os.tmpdir(), 'sw-verify-'));
    const app = new App({ outdir });
    alarmStack(app, 'valid-alarm', 'GreaterThanOrEqualToThreshold');
    alarmStack(app, 'broken-alarm', 'GreaterThanOrEqualToThresholdd');
    app.synth();
    const run = spawnSync(process.execPath, ['bin/signin-watch.js', 'verify', '--synthesized', outdir, '--no-test'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    });
    result = { status: run.status, output: `${run.stdout}${run.stderr}` };
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('THEN it exits non-zero', () => {
    expect(result.status).toBe(1);
  });

  it("THEN it names the broken stack and shows Terraform's own message", () => {
    expect(result.output).toContain('verify: FAILED stack broken-alarm: terraform validate');
    expect(result.output).toMatch(/\[broken-alarm\].*expected comparison_operator to be one of/);
    expect(result.output).toContain('GreaterThanOrEqualToThresholdd');
  });

  it('THEN the valid stack passes, so the failure is the broken argument', () => {
    expect(result.output).toContain('ok   validate valid-alarm');
    expect(result.output).toContain('verify: FAILED: 1/2 stacks validated, 0 tested (mocked apply), 1 failed (broken-alarm)');
  });

  it('THEN the provider is linked into the stack, not copied (675 MB per stack otherwise)', () => {
    const platformDir = path.join(outdir, 'stacks', 'valid-alarm', '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64');
    expect(lstatSync(platformDir).isSymbolicLink()).toBe(true);
  });
});
