import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack } from 'cdktf';
import { loadConfig } from '../../detection/org-config';
import { buildApp } from '../../stacks/app';

const EXAMPLE = path.join(__dirname, '..', '..', 'config', 'org.yaml');

/**
 * Synth speed: the rule-pack aspect hands the JSON it checked to the
 * synthesizer instead of letting it resolve the stack again. The written
 * files must be exactly what a fresh, independent resolve produces.
 */
describe('synth output with the rule pack reusing its resolved JSON', () => {
  let outdir: string;
  let written: Record<string, unknown>;
  let fresh: Record<string, unknown>;
  beforeAll(() => {
    outdir = mkdtempSync(path.join(os.tmpdir(), 'signin-watch-reuse-'));
    // GIVEN the example organization WHEN synthesized as main.ts does
    const built = buildApp(loadConfig(EXAMPLE), outdir);
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    built.app.synth();
    written = Object.fromEntries(
      built.stackNames.map((name) => [name, JSON.parse(readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))]),
    );
    // AND, independently, each stack of a fresh build resolved without any aspect
    const other = buildApp(loadConfig(EXAMPLE), outdir);
    const stacks = other.stackNames.map((name) => other.app.node.findChild(name) as TerraformStack);
    stacks.forEach((stack) => stack.prepareStack());
    fresh = Object.fromEntries(stacks.map((stack) => [stack.node.id, JSON.parse(JSON.stringify(TerraformStack.prototype.toTerraform.call(stack)))]));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('THEN every written cdk.tf.json equals the fresh resolve of its stack', () => {
    expect(Object.keys(written).sort()).toEqual(Object.keys(fresh).sort());
    for (const name of Object.keys(fresh)) expect(written[name]).toEqual(fresh[name]);
  });

  it('THEN each stack has its own toTerraform again after synth', () => {
    const { app, stackNames } = buildApp(loadConfig(EXAMPLE), outdir);
    app.synth();
    for (const name of stackNames) expect(Object.prototype.hasOwnProperty.call(app.node.findChild(name), 'toTerraform')).toBe(false);
  });
});
