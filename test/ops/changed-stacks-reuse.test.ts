/**
 * changed-stacks with a git base (issue 20 item 5): when the ref's code is
 * this checkout's code, the base is synthesized in this process reusing the
 * current synth's unchanged member stacks, and the result is byte for byte
 * what a fresh synth of the ref's config writes. With other code, the ref's
 * own main.ts runs, as before.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { generateOrgYaml, EXAMPLE_CONFIG } from '../../bench/org-generator';
import { parseConfig } from '../../detection/org-config';
import { synthesizeGitRef, synthesize, type GitRefReuse } from '../../review/changed-stacks';
import { synthesizeOrganization } from '../../synth/app';
import { codeFiles } from '../../synth/stack-inputs';
import { filesOf } from '../support/files';

const ROOT = path.join(__dirname, '..', '..');
const ACCOUNTS = 6;


describe('GIVEN a git base with the same code as this checkout and one account edited since', () => {
  let work: string;
  let repo: string;
  let committedYaml: string;
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, stdio: 'pipe' });

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'signin-watch-changed-reuse-'));
    repo = path.join(work, 'repo');
    // The code that synthesizes (exactly what the code version hashes), and the organization config.
    for (const file of codeFiles(ROOT)) {
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      copyFileSync(path.join(ROOT, file), path.join(repo, file));
    }
    committedYaml = generateOrgYaml(readFileSync(EXAMPLE_CONFIG, 'utf8'), ACCOUNTS);
    writeFileSync(path.join(repo, 'config', 'org.yaml'), committedYaml);
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const doc = parse(committedYaml);
    doc.accounts[3].optInRegions = ['eu-south-1'];
    writeFileSync(path.join(repo, 'config', 'org.yaml'), stringify(doc));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('THEN the base is synthesized in this process, reusing every unchanged member stack, byte-identical to a fresh synth of the committed config', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const current = path.join(work, 'current.out');
      synthesize(path.join(repo, 'config', 'org.yaml'), current);
      const reuse: GitRefReuse = { from: current };
      const base = synthesizeGitRef('HEAD', path.join(repo, 'config', 'org.yaml'), mkdtempSync(path.join(work, 'ref-')), repo, reuse);
      expect(reuse.reused).toBe(ACCOUNTS - 1);
      const fresh = path.join(work, 'fresh.out');
      synthesizeOrganization(parseConfig(committedYaml, 'committed.yaml'), fresh, { cache: {}, report: () => undefined });
      expect(filesOf(base)).toEqual(filesOf(fresh));
    } finally {
      stderr.mockRestore();
    }
  });
});
