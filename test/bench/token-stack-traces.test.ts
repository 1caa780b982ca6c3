import * as path from 'node:path';
import { Lazy, Testing, TerraformStack } from 'cdktf';
import { loadConfig } from '../../detection/org-config';
import { buildApp } from '../../stacks/app';
import { disableTokenCreationStackTraces, KEEP_TRACES_VARIABLE } from '../../stacks/token-stack-traces';
import { scratchDir } from '../support/scratch';

const EXAMPLE = path.join(__dirname, '..', '..', 'config', 'org.yaml');
/** Where cdktf says a new token was created (a Lazy records it like every Intrinsic). */
function lazyCreationStack(): string[] {
  const lazy = Lazy.anyValue({ produce: () => 'x' }) as unknown as { creationStack: string[] };
  return lazy.creationStack;
}

function synthAll(): Record<string, string> {
  const { app, stackNames } = buildApp(loadConfig(EXAMPLE), scratchDir());
  return Object.fromEntries(stackNames.map((name) => [name, Testing.synth(app.node.findChild(name) as TerraformStack)]));
}

describe('token creation stack traces (synth speed)', () => {
  it(`GIVEN ${KEEP_TRACES_VARIABLE}=1 WHEN disabling THEN cdktf keeps recording where tokens were created`, () => {
    expect(disableTokenCreationStackTraces({ [KEEP_TRACES_VARIABLE]: '1' })).toBe(false);
    expect(lazyCreationStack().length).toBeGreaterThan(0);
  });

  describe('GIVEN the example organization', () => {
    let withTraces: Record<string, string>;
    let withoutTraces: Record<string, string>;
    beforeAll(() => {
      process.env[KEEP_TRACES_VARIABLE] = '1';
      withTraces = synthAll();
      delete process.env[KEEP_TRACES_VARIABLE];
      // WHEN buildApp runs (it turns the traces off)
      withoutTraces = synthAll();
    });

    it('THEN tokens created afterwards carry no creation stack', () => {
      expect(lazyCreationStack()).toEqual([]);
    });

    it('THEN every synthesized stack is byte-identical to a synth with traces', () => {
      expect(Object.keys(withoutTraces)).toEqual(Object.keys(withTraces));
      for (const name of Object.keys(withTraces)) expect(withoutTraces[name]).toBe(withTraces[name]);
    });
  });
});
