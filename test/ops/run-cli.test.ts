/**
 * runCli (scripts/lib/args.ts): how the synchronous commands (coverage,
 * changed-stacks, plan-summary, terraform-stacks) end, in one place.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runCli, UsageError } from '../../scripts/lib/args';

const ROOT = path.join(__dirname, '..', '..');

describe('runCli', () => {
  let written: string[];
  let exitCode: typeof process.exitCode;
  beforeEach(() => {
    written = [];
    exitCode = process.exitCode;
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = exitCode;
  });

  it('GIVEN main returns a code THEN it becomes the exit code and nothing is printed', () => {
    runCli('tool', () => 3, 'npm run tool -- --x');
    expect(process.exitCode).toBe(3);
    expect(written).toEqual([]);
  });

  it('GIVEN a UsageError THEN the message and the usage line are printed and the exit code is 2', () => {
    runCli('tool', () => {
      throw new UsageError('--x needs a value');
    }, 'npm run tool -- --x VALUE');
    expect(written).toEqual(['tool: --x needs a value\n', 'usage: npm run tool -- --x VALUE\n']);
    expect(process.exitCode).toBe(2);
  });

  it('GIVEN any other error THEN only its message is printed and the exit code is 2', () => {
    runCli('tool', () => {
      throw new Error('disk full');
    }, 'npm run tool -- --x VALUE');
    expect(written).toEqual(['tool: disk full\n']);
    expect(process.exitCode).toBe(2);
  });
});

describe('GIVEN `npm run coverage` with an unknown option', () => {
  it('THEN it exits 2 with the error and its usage line', () => {
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/coverage.ts', '--bogus'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'coverage: unknown option --bogus (known: --format, --synth, --config, --strict)',
      'usage: npm run coverage -- [--format markdown|text] [--synth DIR] [--config FILE] [--strict]',
      '',
    ]);
  });
});
