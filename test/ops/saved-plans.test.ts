/**
 * `terraform-stacks apply --plans DIR` applies the saved plan that was shown
 * for approval, and refuses a stale one instead of planning again. Real
 * Terraform, offline: a local-backend stack of one `terraform_data` resource
 * (built into Terraform, no provider to install).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'signin-watch.js');
const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

describe('GIVEN a synthesized stack with local state', () => {
  let work: string;
  let synth: string;
  const stackDir = () => path.join(synth, 'stacks', 'demo');
  const configure = (input: string) => writeFileSync(path.join(stackDir(), 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { local: { path: 'terraform.tfstate' } } }, resource: { terraform_data: { marker: { input } } } }));
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'terraform-stacks', ...args, '--synth', synth, '--stacks', 'demo'], { cwd: work, encoding: 'utf8', env: { ...process.env, SIGNIN_WATCH_QUIET: '' } });
  const state = () => JSON.parse(readFileSync(path.join(stackDir(), 'terraform.tfstate'), 'utf8')) as { serial: number; resources: Array<{ instances: Array<{ attributes: { input: { value: string } } }> }> };

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'sw-saved-plans-'));
    synth = path.join(work, 'cdktf.out');
    mkdirSync(stackDir(), { recursive: true });
    writeFileSync(path.join(synth, 'manifest.json'), JSON.stringify({ version: 'test', stacks: { demo: { name: 'demo', workingDirectory: 'stacks/demo', synthesizedStackPath: 'stacks/demo/cdk.tf.json' } } }));
    configure('v1');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  (hasTerraform ? it : it.skip)('WHEN planned THEN the plan file, its shown text and the counts are saved', () => {
    const run = cli('plan', '--out', path.join(work, 'reviewed'));
    expect([run.status, run.stderr]).toEqual([0, expect.stringContaining('1/1 demo: 1 to add, 0 to change, 0 to destroy')]);
    expect(existsSync(path.join(work, 'reviewed', 'demo.tfplan'))).toBe(true);
    expect(readFileSync(path.join(work, 'reviewed', 'demo.txt'), 'utf8')).toContain('# terraform_data.marker will be created');
    expect(JSON.parse(readFileSync(path.join(work, 'reviewed', 'demo.json'), 'utf8'))).toMatchObject({ stack: 'demo', add: 1 });
  });

  (hasTerraform ? it : it.skip)('WHEN applied without saved plans THEN it refuses (exit 2) and never plans', () => {
    const run = cli('apply');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('apply needs --plans DIR: only saved, reviewed plans are applied');
    expect(existsSync(path.join(stackDir(), 'terraform.tfstate'))).toBe(false);
  });

  (hasTerraform ? it : it.skip)('WHEN the reviewed plan is applied THEN exactly it is applied', () => {
    const run = cli('apply', '--plans', path.join(work, 'reviewed'));
    expect([run.status, run.stderr]).toEqual([0, expect.stringContaining('1/1 demo: applied the reviewed plan')]);
    expect(state().resources[0].instances[0].attributes.input.value).toBe('v1');
  });

  (hasTerraform ? it : it.skip)('WHEN the state moved since a plan was made THEN that plan is refused as stale, not re-planned', () => {
    configure('v2');
    expect(cli('plan', '--out', path.join(work, 'first')).status).toBe(0);
    expect(cli('plan', '--out', path.join(work, 'second')).status).toBe(0);
    expect(cli('apply', '--plans', path.join(work, 'second')).status).toBe(0);
    const serial = state().serial;
    const run = cli('apply', '--plans', path.join(work, 'first'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('demo: FAILED (stale plan: the state changed since it was reviewed; not applied, not re-planned');
    expect(state().serial).toBe(serial);
  });

  (hasTerraform ? it : it.skip)('WHEN the configuration changed since the plan THEN it is refused before Terraform runs', () => {
    expect(cli('plan', '--out', path.join(work, 'third')).status).toBe(0);
    configure('v3');
    const serial = state().serial;
    const run = cli('apply', '--plans', path.join(work, 'third'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('demo: FAILED (stale plan: it was made from another configuration than the synth being deployed');
    expect(state().serial).toBe(serial);
    expect(state().resources[0].instances[0].attributes.input.value).toBe('v2');
  });

  (hasTerraform ? it : it.skip)('WHEN a stack has no saved plan THEN it is refused', () => {
    const run = cli('apply', '--plans', path.join(work, 'nowhere'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('demo: FAILED (no saved plan in');
  });
});
