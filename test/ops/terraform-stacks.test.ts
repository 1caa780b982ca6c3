/**
 * review/terraform-stacks.ts refuses what would go wrong in a pipeline
 * before it starts Terraform (the plan and apply themselves need AWS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../detection/org-config';
import { AGGREGATOR_STACK } from '../../config/names';
import { buildApp } from '../../stacks/app';
import { runTerraformStacks, UsageError } from '../../review/terraform-stacks';

const EXAMPLE = path.join(__dirname, '..', '..', 'config', 'org.yaml');

describe('GIVEN the example synthesized with its local state backend', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'signin-watch-tf-stacks-'));
  beforeAll(() => {
    buildApp(loadConfig(EXAMPLE), outdir).app.synth();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('WHEN applied on GitHub Actions THEN it refuses: the state would be lost with the runner', () => {
    expect(() => runTerraformStacks('apply', { synth: outdir, stacks: AGGREGATOR_STACK, plans: 'plans' }, { GITHUB_ACTIONS: 'true' })).toThrow(
      new UsageError(`state.backend is local for ${AGGREGATOR_STACK}: a pipeline needs state.backend: s3 (docs/deploy.md)`),
    );
  });

  it('WHEN a stack is not in the synth output THEN it names it', () => {
    expect(() => runTerraformStacks('plan', { synth: outdir, stacks: `${AGGREGATOR_STACK} member-nobody` }, {})).toThrow(
      new UsageError('not in the synth output: member-nobody'),
    );
  });

  it('WHEN the mode or the stacks are missing THEN it says what is expected', () => {
    expect(() => runTerraformStacks('destroy', { stacks: AGGREGATOR_STACK }, {})).toThrow(new UsageError('first argument must be plan or apply'));
    expect(() => runTerraformStacks('plan', { synth: outdir, stacks: '' }, {})).toThrow(new UsageError('--stacks needs at least one stack name'));
  });
});
