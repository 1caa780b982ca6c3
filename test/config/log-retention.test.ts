/**
 * aggregator.logRetentionDays below 365 is a documented config choice
 * (docs/aggregator.md: "Retention of both /aws/events/ log groups"): it
 * synthesizes without an acknowledgement, for the heartbeat log group too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../detection/org-config';
import { heartbeatLogGroupName, signInLogGroupName } from '../../config/names';
import { buildApp } from '../../stacks/app';
import { readSynthOutput, resourcesOfType } from '../../synth/output';

const ROOT = path.join(__dirname, '..', '..');

describe('GIVEN aggregator.logRetentionDays: 90 and no acknowledgement', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'sw-retention-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('THEN synth passes the security rules and both /aws/events/ log groups keep 90 days', () => {
    const text = readFileSync(path.join(ROOT, 'config', 'org.yaml'), 'utf8').replace(/^aggregator:\n/m, 'aggregator:\n  logRetentionDays: 90\n');
    const config = parseConfig(text, 'retention.yaml');
    expect(config.aggregator.logRetentionDays).toBe(90);
    expect(config.acknowledgements).toEqual([]);
    expect(() => buildApp(config, outdir).app.synth()).not.toThrow();
    const aggregator = readSynthOutput(outdir).get('aggregator')!;
    const retention = Object.fromEntries(resourcesOfType(aggregator.terraform, 'aws_cloudwatch_log_group').map(([, body]) => [body.name, body.retention_in_days]));
    expect(retention[signInLogGroupName(config)]).toBe(90);
    expect(retention[heartbeatLogGroupName(config)]).toBe(90);
  });
});
