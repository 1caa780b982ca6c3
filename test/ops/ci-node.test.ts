/**
 * CI runs a Node.js that package.json `engines` declares: .ci/run sources
 * .ci/use-engine-node.sh before `npm ci`, which asks .ci/node-for-engines.js
 * which major to install (the npm registry's `node` package) when the
 * machine's node is outside `engines`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodeMajorToInstall } = require(path.join(ROOT, '.ci', 'node-for-engines.js')) as { nodeMajorToInstall: (range: string, version: string) => number | undefined };
const ENGINES = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
const CI_RUN = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');

describe('the Node.js CI runs', () => {
  it('GIVEN package.json engines THEN a node outside them gets the lowest declared major, one inside them nothing', () => {
    expect(ENGINES).toBe('^22 || ^24');
    expect(
      ['v18.20.0', 'v20.19.0', 'v22.0.0', 'v22.23.3', 'v23.1.0', 'v24.2.0', 'v26.0.0'].map((version) => [version, nodeMajorToInstall(ENGINES, version)]),
    ).toEqual([
      ['v18.20.0', 22],
      ['v20.19.0', 22],
      ['v22.0.0', undefined],
      ['v22.23.3', undefined],
      ['v23.1.0', 22],
      ['v24.2.0', undefined],
      ['v26.0.0', 22],
    ]);
  });

  it('GIVEN an engines range it cannot read THEN it says so instead of guessing', () => {
    expect(() => nodeMajorToInstall('>=20', 'v20.0.0')).toThrow('engines.node ">=20" is not a list of ^N ranges joined by ||');
  });

  it('GIVEN the script THEN it prints the major for the node it is told, nothing for a declared one', () => {
    const run = (version: string) => spawnSync(process.execPath, [path.join(ROOT, '.ci', 'node-for-engines.js'), '--node-version', version], { encoding: 'utf8' });
    expect([run('v20.19.0').stdout, run('v20.19.0').status]).toEqual(['22\n', 0]);
    expect([run('v24.2.0').stdout, run('v24.2.0').status]).toEqual(['', 0]);
  });

  it('GIVEN .ci/run THEN it selects the engine node before npm ci and npm test, and prints the node it uses', () => {
    const source = CI_RUN.search(/^source \.ci\/use-engine-node\.sh$/m);
    expect(source).toBeGreaterThan(0);
    expect(source).toBeLessThan(CI_RUN.search(/^echo "ci: node \$\(node --version\)/m));
    expect(source).toBeLessThan(CI_RUN.search(/^npm ci\b/m));
    expect(source).toBeLessThan(CI_RUN.search(/^npm test\b/m));
  });

  it("GIVEN the machine's node is a declared engine WHEN use-engine-node.sh is sourced THEN nothing is installed and PATH is unchanged", () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'sw-ci-node-'));
    try {
      mkdirSync(path.join(copy, '.ci'));
      for (const file of ['node-for-engines.js', 'use-engine-node.sh']) cpSync(path.join(ROOT, '.ci', file), path.join(copy, '.ci', file));
      const major = process.versions.node.split('.')[0];
      writeFileSync(path.join(copy, 'package.json'), JSON.stringify({ engines: { node: `^${Number(major) + 2} || ^${major}` } }));
      const run = spawnSync('bash', ['-c', 'set -euo pipefail; before="$PATH"; source .ci/use-engine-node.sh; [ "$PATH" = "$before" ] && node --version'], { cwd: copy, encoding: 'utf8' });
      expect([run.status, run.stdout, run.stderr]).toEqual([0, `${process.version}\n`, '']);
      expect(spawnSync('ls', ['-A', copy], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort()).toEqual(['.ci', 'package.json']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
