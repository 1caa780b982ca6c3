/**
 * The README's five-minute tour, run as written: every line of its ```sh
 * blocks, in order, with bash, in a temporary copy of the repository (each
 * top-level entry a symbolic link, except config/, copied, so the tour's copy
 * of config/org.yaml and its cdktf.out land in the temporary directory, never
 * in the working tree). The sample CloudTrail log file it classifies is
 * checked to be corpus records in CloudTrail's log-file format, and the
 * copy's `# yaml-language-server` modeline must name the schema from where
 * the tour puts the copy.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

const ROOT = path.join(__dirname, '..', '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** Never linked into the copy: what a run writes, or the reader's own. */
const NOT_COPIED = new Set(['.git', 'cdktf.out', 'cdktf.plan.out', '.tmp', '.signin-watch-staging', 'config']);

function tourLines(): string[] {
  const start = README.indexOf('\n## A five-minute tour\n');
  const tour = README.slice(start, README.indexOf('\n## ', start + 1));
  return [...tour.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap(([, block]) => block.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')));
}

/** A documented command that fails on purpose: the README shows its error. */
const expectedStatus = (line: string): number => (line.includes('test/config/fixtures/bad/') ? 1 : 0);

describe('the README tour', () => {
  const lines = tourLines();

  it('THEN it copies the example config, synthesizes, replays the sample log file and shows coverage', () => {
    expect(lines.some((line) => /^cp config\/org\.yaml /.test(line))).toBe(true);
    expect(lines.some((line) => /classify -- --summary \S+\.json\.gz$/.test(line))).toBe(true);
    expect(lines.some((line) => /npm run --silent coverage/.test(line))).toBe(true);
  });

  it('GIVEN the tour copy of config/org.yaml THEN its $schema modeline resolves, from where the copy is, to config/org.schema.json, and git ignores the copy', () => {
    const [, destination] = /^cp config\/org\.yaml (\S+)$/m.exec(lines.join('\n'))!;
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(path.join(ROOT, 'config', 'org.yaml'), 'utf8'))![1];
    expect(path.resolve(ROOT, path.dirname(destination), modeline)).toBe(path.join(ROOT, 'config', 'org.schema.json'));
    const ignored = spawnSync('git', ['check-ignore', '--no-index', '-q', destination], { cwd: ROOT });
    expect([destination, ignored.status]).toEqual([destination, 0]);
  });

  it('GIVEN the sample log file THEN it is a gzipped {"Records": [...]} of corpus records of the account and region its name says', () => {
    const sample = /classify -- --summary (\S+\.json\.gz)$/m.exec(lines.join('\n'))![1];
    const name = /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]{16}\.json\.gz$/.exec(path.basename(sample));
    expect(name).not.toBeNull();
    const records = (JSON.parse(gunzipSync(readFileSync(path.join(ROOT, sample))).toString('utf8')) as { Records: Record<string, unknown>[] }).Records;
    const corpus = readFileSync(path.join(ROOT, 'test', 'detection', 'fixtures', 'corpus', 'signin-events.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.stringify((JSON.parse(line) as { event: unknown }).event));
    expect(records.length).toBeGreaterThan(10);
    for (const record of records) {
      expect(corpus).toContain(JSON.stringify(record));
      expect([record.recipientAccountId ?? (record.userIdentity as { accountId?: string }).accountId, record.awsRegion]).toEqual([name![1], name![2]]);
    }
  });

  it('WHEN every command of the tour runs in order in a copy of the repository THEN each exits as documented and the working tree is untouched', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'sw-tour-'));
    try {
      for (const entry of readdirSync(ROOT)) if (!NOT_COPIED.has(entry)) symlinkSync(path.join(ROOT, entry), path.join(copy, entry));
      cpSync(path.join(ROOT, 'config'), path.join(copy, 'config'), { recursive: true });
      const env: NodeJS.ProcessEnv = { ...process.env, SIGNIN_WATCH_QUIET: '1' };
      delete env.CDKTF_OUTDIR;
      delete env.SIGNIN_WATCH_CONFIG;
      const results = lines.map((line) => {
        const run = spawnSync('bash', ['-o', 'pipefail', '-c', line], { cwd: copy, encoding: 'utf8', env });
        return { line, status: run.status, stderr: run.status === expectedStatus(line) ? '' : run.stderr };
      });
      expect(results).toEqual(lines.map((line) => ({ line, status: expectedStatus(line), stderr: '' })));
      // The synth of the copy wrote into the copy (the bad-config example then invalidated it, state kept).
      expect(existsSync(path.join(copy, 'cdktf.out', 'stacks'))).toBe(true);
      expect(existsSync(path.join(copy, 'config', 'my-org.yaml'))).toBe(true);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 600_000);
});
