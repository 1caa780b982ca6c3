/**
 * What `--help` states is what the commands do: bench's range of
 * organization sizes, cost's volume defaults as the numbers they are.
 */
import { runCli } from '../../cli/program';
import { TARGETS } from '../../bench/targets';
import { DEFAULT_VOLUMES, VOLUME_NAMES, volumeOption } from '../../cost/volumes';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env: {}, out: (text) => (out += text), err: (text) => (err += text) }, { dryRun: () => undefined });
  return { code, out: out.replace(/\s+/g, ' '), err };
}

describe('--help texts', () => {
  it('GIVEN the bench sizes THEN `bench --help` names the largest organization it synthesizes', async () => {
    const largest = Math.max(TARGETS.largeOrgAccounts, ...Object.keys(TARGETS.scaleSynthBytes).map(Number));
    expect(largest).toBe(5000);
    expect((await cli(['bench', '--help'])).out).toContain('at 1 to 5,000 accounts');
  });

  it('THEN `cost --help` shows every volume default as a number, not a quoted string', async () => {
    const { out } = await cli(['cost', '--help']);
    for (const name of VOLUME_NAMES) expect(out).toContain(`--${volumeOption(name)} <n> volume: ${name} (default: ${DEFAULT_VOLUMES[name]})`);
    expect(out).not.toMatch(/\(default: "\d/);
  });

  it('GIVEN a cost volume that is not a number >= 0 THEN commander refuses it with exit 2', async () => {
    const run = await cli(['cost', '--lambda-duration-ms', '-5']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('expected a number >= 0, got "-5"');
  });
});
