/**
 * Lints the GitHub Actions workflows: valid YAML, the jobs and steps
 * docs/deploy.md describes, the deploy order, minimal permissions, pinned
 * actions, no expression interpolated into a shell script.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { AGGREGATOR_STACK, MANAGEMENT_STACK } from '../../config/names';
import { PROVIDER_ROLE_VARIABLE } from '../../stacks/provider';

const ROOT = path.join(__dirname, '..', '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = Record<string, any>;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Yaml;
  env?: Yaml;
  id?: string;
}

function load(file: string): { text: string; workflow: Yaml } {
  const text = readFileSync(path.join(WORKFLOWS, file), 'utf8');
  const doc = parseDocument(text, { uniqueKeys: true });
  expect(doc.errors.map((error) => error.message)).toEqual([]);
  expect(doc.warnings.map((warning) => warning.message)).toEqual([]);
  return { text, workflow: doc.toJS() as Yaml };
}

function steps(workflow: Yaml, job: string): Step[] {
  return workflow.jobs[job].steps as Step[];
}

function runs(workflow: Yaml, job: string): string {
  return steps(workflow, job)
    .flatMap((step) => (step.run ? [step.run] : []))
    .join('\n');
}

function usesOf(workflow: Yaml, job: string): string[] {
  return steps(workflow, job).flatMap((step) => (step.uses ? [step.uses.split('@')[0]] : []));
}

const FILES = ['pull-request.yml', 'deploy.yml'];
/** Where the pull-request workflow synthesizes for the read-only plan role. */
const PLAN_SYNTH = 'cdktf.plan.out';

describe.each(FILES)('GIVEN .github/workflows/%s', (file) => {
  const { text, workflow } = load(file);
  const jobs = Object.entries(workflow.jobs as Record<string, Yaml>);

  it('THEN every action is pinned to a full commit SHA with its version in a comment', () => {
    const uses = text.split('\n').filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('THEN the token may only read contents by default, and no job asks for more than it needs', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const allowed = [{ contents: 'read' }, { contents: 'read', 'id-token': 'write' }, { contents: 'read', 'pull-requests': 'write' }];
    for (const [, job] of jobs) if (job.permissions !== undefined) expect(allowed).toContainEqual(job.permissions);
  });

  it('THEN only jobs that assume the OIDC role get an id token, and every such job assumes a role from a variable', () => {
    for (const [name, job] of jobs) {
      const credentials = (job.steps as Step[]).filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect([name, job.permissions?.['id-token'] === 'write']).toEqual([name, credentials.length > 0]);
      for (const step of credentials) {
        expect(step.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.SIGNIN_WATCH_(PLAN|DEPLOY)_ROLE_ARN \}\}$/);
        expect(Object.keys(step.with ?? {}).sort()).toEqual(['aws-region', 'role-session-name', 'role-to-assume']);
      }
    }
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\.AWS_/);
  });

  it('THEN no ${{ }} expression is interpolated into a shell script (values reach scripts through env)', () => {
    for (const [name] of jobs) expect([name, runs(workflow, name)]).toEqual([name, expect.not.stringContaining('${{')]);
  });

  it('THEN Terraform never phones home and the provider mirror variable is passed through', () => {
    expect(workflow.env.CHECKPOINT_DISABLE).toBe('1');
    expect(workflow.env.SIGNIN_WATCH_PROVIDER_MIRROR).toBe('${{ vars.SIGNIN_WATCH_PROVIDER_MIRROR }}');
  });

  it('THEN every script and npm script it runs exists', () => {
    const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    for (const [, match] of text.matchAll(/npm run (?:--silent )?([\w-]+)/g)) expect(Object.keys(scripts)).toContain(match);
    for (const [file] of text.matchAll(/scripts\/[\w-]+\.ts/g)) expect([file, existsSync(path.join(ROOT, file))]).toEqual([file, true]);
  });

  it('THEN it is valid against GitHub\'s workflow schema (action-validator)', () => {
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'action-validator'), [path.join(WORKFLOWS, file)], { encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
  });

  it('THEN every job runs Node.js 22 or 24, the versions package.json engines allows, and both are tested', () => {
    const engines = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe('^22 || ^24');
    const versions = jobs.flatMap(([, job]) =>
      ((job.steps ?? []) as Step[]).filter((step) => step.uses?.startsWith('actions/setup-node@')).map((step) => String(step.with!['node-version']).replace('${{ env.NODE_VERSION }}', workflow.env.NODE_VERSION)),
    );
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(['22', '24']).toContain(version);
    if (file === 'pull-request.yml') expect(new Set(versions)).toEqual(new Set(['22', '24']));
  });

  it('THEN every signin-watch command it runs exists', () => {
    const commands = new Set(['synth', 'classify', 'coverage', 'drift', 'preflight', 'cost', 'changed-stacks', 'verify', 'bench', 'terraform-stacks', 'plan-summary']);
    for (const [, command] of text.matchAll(/node bin\/signin-watch\.js ([\w-]+)/g)) expect([command, commands.has(command)]).toEqual([command, true]);
  });

  it('THEN docs/deploy.md walks through every job', () => {
    const docs = readFileSync(path.join(ROOT, 'docs', 'deploy.md'), 'utf8');
    expect(docs).toContain(`.github/workflows/${file}`);
    for (const [name] of jobs) expect([name, docs.includes(`\`${name}\``)]).toEqual([name, true]);
  });
});

describe('GIVEN the pull-request workflow', () => {
  const { workflow } = load('pull-request.yml');

  it('THEN it runs on pull requests to main with jobs test, node-22, preflight, plan, summary', () => {
    expect(workflow.on).toEqual({ pull_request: { branches: ['main'] } });
    expect(Object.keys(workflow.jobs)).toEqual(['test', 'node-22', 'preflight', 'plan', 'summary']);
  });

  it('THEN preflight checks the organization with the plan credentials before any plan runs, only when there is something to plan', () => {
    const preflight = workflow.jobs.preflight;
    expect(preflight.needs).toBe('test');
    expect(preflight.if).toBe(workflow.jobs.plan.if);
    expect(preflight.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const credentials = steps(workflow, 'preflight').find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(credentials.with!['role-to-assume']).toBe('${{ vars.SIGNIN_WATCH_PLAN_ROLE_ARN }}');
    expect(runs(workflow, 'preflight')).toBe('npm ci\nnpm run preflight -- --roles plan --management-role plan');
    expect(workflow.jobs.plan.needs).toEqual(['test', 'preflight']);
  });

  it('THEN test installs, tests, synthesizes, lists the changed stacks against the PR base and writes the coverage report', () => {
    const script = runs(workflow, 'test');
    expect(steps(workflow, 'test').map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci',
      'npm test',
      'npm run synth',
      expect.stringContaining('node bin/signin-watch.js changed-stacks --base "$BASE_SHA" --current cdktf.out --out changed-stacks.json --explain explain.md --github-output'),
      'npm run --silent coverage -- --synth cdktf.out --format markdown > coverage.md',
      'npm run synth',
    ]);
    expect(steps(workflow, 'test').find((step) => step.id === 'changes')!.env).toEqual({ BASE_SHA: '${{ github.event.pull_request.base.sha }}' });
    expect(steps(workflow, 'test')[0].with).toEqual({ 'fetch-depth': 0, 'persist-credentials': false });
    expect(script).not.toContain('terraform apply');
  });

  it('THEN plan runs only for changed stacks, as a bounded matrix, and only plans', () => {
    const plan = workflow.jobs.plan;
    expect(plan.needs).toEqual(['test', 'preflight']);
    expect(plan.if).toContain("needs.test.outputs.any == 'true'");
    expect(plan.strategy.matrix).toEqual({ include: '${{ fromJSON(needs.test.outputs.plan_matrix) }}' });
    expect(plan.strategy['max-parallel']).toBe(4);
    expect(plan.strategy['fail-fast']).toBe(false);
    expect(runs(workflow, 'plan')).toBe(`npm ci\nnode bin/signin-watch.js terraform-stacks plan --synth ${PLAN_SYNTH} --stacks "$STACKS" --out plans`);
    expect(usesOf(workflow, 'plan')).toContain('aws-actions/configure-aws-credentials');
  });

  it('THEN the plans are synthesized for the read-only plan role, separately from the deploy-role synth that changed-stacks compares', () => {
    const test = steps(workflow, 'test');
    const synths = test.filter((step) => step.run === 'npm run synth');
    expect(synths.map((step) => step.env)).toEqual([undefined, { [PROVIDER_ROLE_VARIABLE]: 'plan', CDKTF_OUTDIR: PLAN_SYNTH }]);
    const planSynth = test.indexOf(synths[1]);
    expect(planSynth).toBeGreaterThan(test.findIndex((step) => step.id === 'changes'));
    const upload = test.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    expect(test.indexOf(upload)).toBeGreaterThan(planSynth);
    // Only the plan-role synth leaves the job: the plan jobs cannot plan a deploy-role configuration by mistake.
    expect(upload.with).toEqual(expect.objectContaining({ name: 'synth', path: `${PLAN_SYNTH}\nchanged-stacks.json\ncoverage.md\nexplain.md\n` }));
  });

  it('THEN summary writes the plan counts and coverage and posts them as one updatable comment', () => {
    const summary = workflow.jobs.summary;
    expect(summary.needs).toEqual(['test', 'plan']);
    expect(summary.if).toBe("always() && needs.test.result == 'success'");
    expect(runs(workflow, 'summary')).toContain('node bin/signin-watch.js plan-summary --plans plans --changes changed-stacks.json --coverage coverage.md --explain explain.md --artifacts-url "$ARTIFACTS_URL" > summary.md');
    // What the comment leaves out is an artifact, uploaded first so the comment can link it.
    const review = steps(workflow, 'summary').find((step) => step.id === 'review')!;
    expect(review.uses).toMatch(/^actions\/upload-artifact@/);
    expect(String(review.with!.path).split('\n').filter(Boolean)).toEqual(['explain.md', 'coverage.md', 'changed-stacks.json', 'plans']);
    const write = steps(workflow, 'summary').find((step) => step.name === 'Write the summary')!;
    expect(write.env).toEqual({ ARTIFACTS_URL: '${{ steps.review.outputs.artifact-url }}' });
    expect(steps(workflow, 'summary').indexOf(review)).toBeLessThan(steps(workflow, 'summary').indexOf(write));
    const comment = steps(workflow, 'summary').find((step) => step.uses?.startsWith('actions/github-script@'))!;
    expect(comment.with!.script).toContain('github.rest.issues.updateComment');
    expect(comment.with!.script).toContain('github.rest.issues.createComment');
  });
});

describe('GIVEN the deploy workflow', () => {
  const { text, workflow } = load('deploy.yml');
  const jobs = workflow.jobs;

  it('THEN it never chooses the provider role: deploys assume the deployment roles', () => {
    expect(text).not.toContain(PROVIDER_ROLE_VARIABLE);
    expect(text).not.toContain(PLAN_SYNTH);
    expect(text).not.toContain('CDKTF_OUTDIR');
  });

  it('THEN it runs on pushes to main (and by hand), one run at a time, never cancelled half way', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null });
    expect(workflow.concurrency).toEqual({ group: 'deploy-main', 'cancel-in-progress': false });
  });

  it('THEN the order is changes, preflight, plan, approve, aggregator, management, members', () => {
    expect(Object.keys(jobs)).toEqual(['changes', 'preflight', 'plan', 'approve', 'aggregator', 'management', 'members']);
    expect(jobs.preflight.needs).toBe('changes');
    expect(jobs.plan.needs).toEqual(['changes', 'preflight']);
    expect(jobs.approve.needs).toEqual(['changes', 'preflight', 'plan']);
    expect(jobs.aggregator.needs).toEqual(['changes', 'approve']);
    expect(jobs.management.needs).toEqual(['changes', 'approve', 'aggregator']);
    expect(jobs.members.needs).toEqual(['changes', 'approve', 'aggregator', 'management']);
  });

  it('THEN a stage that has nothing to do is skipped without stopping the later ones, and a failure stops them', () => {
    expect(jobs.aggregator.if).toBe("needs.changes.outputs.aggregator == 'true'");
    expect(jobs.management.if).toBe("${{ !cancelled() && !failure() && needs.changes.outputs.management == 'true' }}");
    expect(jobs.members.if).toBe("${{ !cancelled() && !failure() && needs.changes.outputs.members_any == 'true' }}");
  });

  it('THEN each stage applies its own stacks, the members in a bounded matrix of shards', () => {
    expect(runs(workflow, 'aggregator')).toContain(`node bin/signin-watch.js terraform-stacks apply --synth cdktf.out --plans plans --stacks ${AGGREGATOR_STACK}`);
    expect(runs(workflow, 'management')).toContain(`node bin/signin-watch.js terraform-stacks apply --synth cdktf.out --plans plans --stacks ${MANAGEMENT_STACK}`);
    expect(runs(workflow, 'members')).toContain('node bin/signin-watch.js terraform-stacks apply --synth cdktf.out --plans plans --stacks "$STACKS"');
    expect(jobs.members.strategy).toEqual({ 'fail-fast': false, 'max-parallel': 4, matrix: { include: '${{ fromJSON(needs.changes.outputs.members_matrix) }}' } });
  });

  it('THEN what is approved is what is applied: the plan job saves and shows every changed stack\'s plan, each stage applies only those saved plans', () => {
    expect(jobs.changes.outputs.plan_matrix).toBe('${{ steps.changes.outputs.plan_matrix }}');
    expect(runs(workflow, 'plan')).toContain('node bin/signin-watch.js terraform-stacks plan --synth cdktf.out --stacks "$STACKS" --out plans');
    expect(runs(workflow, 'plan')).toMatch(/for shown in plans\/\*\.txt[\s\S]*>> "\$GITHUB_STEP_SUMMARY"/);
    const keep = steps(workflow, 'plan').find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    expect(keep.with).toEqual({ name: 'plans-${{ strategy.job-index }}', path: 'plans', 'if-no-files-found': 'error', 'retention-days': 1 });
    for (const stage of ['aggregator', 'management', 'members']) {
      const fetch = steps(workflow, stage).find((step) => step.name === 'Fetch the approved plans')!;
      expect(fetch.with).toEqual({ pattern: 'plans-*', path: 'plans', 'merge-multiple': true });
    }
    // Every apply names the saved plans; none re-plans (terraform-stacks refuses apply without --plans).
    const applies = [...text.matchAll(/terraform-stacks apply [^\n]*/g)].map((match) => match[0]);
    expect(applies).toHaveLength(3);
    for (const apply of applies) expect(apply).toContain('--plans plans');
    expect(text).not.toContain('-auto-approve');
  });

  it('THEN one approval with required reviewers gates the run, and only the production environment gets deploy credentials', () => {
    expect(jobs.approve.environment).toBe('signin-watch-approval');
    for (const stage of ['preflight', 'plan', 'aggregator', 'management', 'members']) {
      expect(jobs[stage].environment).toBe('signin-watch-production');
      expect(jobs[stage].permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      expect(usesOf(workflow, stage)).toContain('aws-actions/configure-aws-credentials');
    }
    expect(jobs.changes.permissions).toBeUndefined();
    expect(jobs.changes.environment).toBeUndefined();
  });

  it('THEN preflight checks the organization with the deploy credentials before anyone approves, only when something changed', () => {
    expect(jobs.preflight.if).toBe("needs.changes.outputs.any == 'true'");
    const credentials = steps(workflow, 'preflight').find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(credentials.with!['role-to-assume']).toBe('${{ vars.SIGNIN_WATCH_DEPLOY_ROLE_ARN }}');
    expect(runs(workflow, 'preflight')).toBe('npm ci\nnpm run preflight -- --roles deployment --management-role deployment');
  });

  it('THEN changes tests, synthesizes and compares with the previous commit of main', () => {
    expect(steps(workflow, 'changes').map((step) => step.run).filter(Boolean).slice(0, 3)).toEqual(['npm ci', 'npm test', 'npm run synth']);
    const changes = steps(workflow, 'changes').find((step) => step.id === 'changes')!;
    expect(changes.env).toEqual({ EVENT: '${{ github.event_name }}', BEFORE: '${{ github.event.before }}' });
    expect(changes.run).toContain('base=(--base "$BEFORE")');
    expect(changes.run).toContain('node bin/signin-watch.js changed-stacks "${base[@]}" --current cdktf.out --out changed-stacks.json --github-output');
  });
});

describe('GIVEN the scheduled drift workflow docs/deploy.md shows', () => {
  const docs = readFileSync(path.join(ROOT, 'docs', 'deploy.md'), 'utf8');
  const section = docs.slice(docs.indexOf('### Scheduled drift pull request'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1];

  it('THEN it is a valid workflow (action-validator) that runs drift --write and opens a pull request', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-drift-workflow-'));
    const file = path.join(dir, 'drift.yml');
    writeFileSync(file, yaml);
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'action-validator'), [file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
    expect(yaml).toContain('npm run drift -- --write');
    expect(yaml).toContain('gh pr create');
    for (const line of yaml.split('\n').filter((text) => /uses:/.test(text))) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });
});

