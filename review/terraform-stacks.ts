/**
 * signin-watch terraform-stacks plan|apply --stacks "a b c" [--synth cdktf.out] [--out plans] [--plans plans]
 *
 * Runs Terraform in synthesized stack directories, one stack after the other
 * (a 17-region stack starts 17+ provider processes, ~1.2 GB: parallelism
 * comes from the pipeline's matrix, bounded there).
 *   plan:  init, plan -lock=false, and per stack in --out: a count summary (<stack>.json), the
 *          saved plan with its `terraform show` text and configuration fingerprint (saved-plans.ts)
 *   apply: init, then apply of the saved plan in --plans, never a new plan (saved-plans.ts)
 * Every call gets the project's Terraform environment (terraform/env.ts:
 * CHECKPOINT_DISABLE=1, the provider mirror of SIGNIN_WATCH_PROVIDER_MIRROR if set).
 * A failing stack does not stop the others. Exit 0 when all succeeded, 1 otherwise, 2 on usage errors.
 * Arguments are parsed in cli/commands/terraform-stacks.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../command/io';
export { UsageError };
import { summarizePlan, type StackPlan } from './plan-comment';
import { readSynthOutput } from '../synth/output';
import { createProgress } from '../command/progress';
import { prepareTerraformEnv } from '../terraform/env';
import { PLAN_FILE, reviewedPlan, savePlan, STALE_PLAN, STALE_STATE_MESSAGE } from './saved-plans';
import type { SynthesizedStack } from '../synth/output';


function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv, capture = false): { ok: boolean; stdout: string; stderr: string; detail: string } {
  const result = spawnSync('terraform', args, { cwd, env, encoding: 'utf8', stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
  const stderr = result.stderr ?? '';
  if (!capture) process.stderr.write(stderr);
  const detail = result.error ? result.error.message : stderr.trim().split('\n').slice(-5).join(' ');
  return { ok: result.status === 0, stdout: result.stdout ?? '', stderr, detail };
}

export interface TerraformStacksOptions {
  /** Stack names separated by spaces (as the workflow matrix passes them). */
  stacks: string;
  synth?: string;
  out?: string;
  /** apply: the directory of saved plans (plan --out) to apply. */
  plans?: string;
}

export function runTerraformStacks(mode: string, options: TerraformStacksOptions, processEnv: NodeJS.ProcessEnv = process.env): number {
  if (mode !== 'plan' && mode !== 'apply') throw new UsageError('first argument must be plan or apply');
  const names = options.stacks.split(/\s+/).filter(Boolean);
  if (names.length === 0) throw new UsageError('--stacks needs at least one stack name');
  const synth = readSynthOutput(options.synth ?? 'cdktf.out');
  const unknown = names.filter((name) => !synth.has(name));
  if (unknown.length > 0) throw new UsageError(`not in the synth output: ${unknown.join(', ')}`);
  if (mode === 'apply' && !options.plans) throw new UsageError('apply needs --plans DIR: only saved, reviewed plans are applied (terraform-stacks plan --out DIR)');
  const outDir = options.out ?? 'plans';
  if (mode === 'plan') mkdirSync(outDir, { recursive: true });

  // Local state on a pipeline runner is lost with the runner: the next run would create everything again.
  const localState = names.filter((name) => synth.get(name)!.terraform.terraform?.backend?.local);
  if (processEnv.GITHUB_ACTIONS === 'true' && localState.length > 0) {
    const message = `state.backend is local for ${localState.join(', ')}: a pipeline needs state.backend: s3 (docs/deploy.md)`;
    if (mode === 'apply') throw new UsageError(message);
    process.stderr.write(`::warning::${message}; this plan shows every resource as new\n`);
  }

  const { env } = prepareTerraformEnv({ baseEnv: processEnv });
  const progress = createProgress(mode, names.length);
  let failures = 0;
  for (const name of names) {
    const stack = synth.get(name)!;
    const outcome = mode === 'plan' ? planStack(stack, outDir, env) : applyStack(stack, options.plans!, env);
    if (mode === 'plan') writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(outcome.plan)}\n`);
    if (outcome.error) failures += 1;
    progress.step(`${name}: ${outcome.error ? `FAILED (${outcome.error})` : outcome.line}`);
  }
  progress.done(`${names.length - failures} of ${names.length} stacks ${mode === 'plan' ? 'planned' : 'applied'}`);
  return failures === 0 ? 0 : 1;
}

function planStack(stack: SynthesizedStack, outDir: string, env: NodeJS.ProcessEnv): { plan: StackPlan; line: string; error?: string } {
  const { name, workingDirectory: cwd } = stack;
  const failed = (error: string) => ({ plan: { ...summarizePlan(name, {}), error }, line: '', error });
  const init = terraform(['init', '-input=false', '-no-color'], cwd, env);
  if (!init.ok) return failed(`terraform init failed: ${init.detail}`);
  // -lock=false: a pull request only reads state; it must not block a deploy.
  const plan = terraform(['plan', '-input=false', '-no-color', '-lock=false', `-out=${PLAN_FILE}`], cwd, env);
  if (!plan.ok) return failed(`terraform plan failed: ${plan.detail}`);
  const show = terraform(['show', '-json', '-no-color', PLAN_FILE], cwd, env, true);
  if (!show.ok) return failed(`terraform show failed: ${show.detail}`);
  const summary = summarizePlan(name, JSON.parse(show.stdout));
  const shown = terraform(['show', '-no-color', PLAN_FILE], cwd, env, true);
  if (!shown.ok) return failed(`terraform show failed: ${shown.detail}`);
  savePlan(outDir, stack, shown.stdout);
  return { plan: summary, line: `${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy` };
}

function applyStack(stack: SynthesizedStack, plansDir: string, env: NodeJS.ProcessEnv): { plan?: undefined; line: string; error?: string } {
  const reviewed = reviewedPlan(plansDir, stack);
  if ('refused' in reviewed) return { line: '', error: reviewed.refused };
  const init = terraform(['init', '-input=false', '-no-color'], stack.workingDirectory, env);
  if (!init.ok) return { line: '', error: `terraform init failed: ${init.detail}` };
  const apply = terraform(['apply', '-input=false', '-no-color', reviewed.plan], stack.workingDirectory, env);
  if (!apply.ok) return { line: '', error: STALE_PLAN.test(apply.stderr) ? STALE_STATE_MESSAGE : `terraform apply failed: ${apply.detail}` };
  return { line: 'applied the reviewed plan' };
}
