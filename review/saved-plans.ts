/**
 * Saved plans: what the deploy approves is what it applies. `plan --out DIR`
 * keeps, per stack, the plan file, its `terraform show` text (for the
 * approval) and a fingerprint of the configuration it was made from;
 * `apply --plans DIR` applies only those files. A plan whose configuration
 * differs from the synth being deployed, or whose state moved on (Terraform
 * itself refuses a stale saved plan), is refused with a message: never
 * re-planned, so nothing unreviewed is applied.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SynthesizedStack } from '../synth/output';

export const PLAN_FILE = 'signin-watch.tfplan';

export interface SavedPlanFiles {
  plan: string;
  shown: string;
  fingerprint: string;
}

export function savedPlanFiles(dir: string, stack: string): SavedPlanFiles {
  return { plan: path.join(dir, `${stack}.tfplan`), shown: path.join(dir, `${stack}.txt`), fingerprint: path.join(dir, `${stack}.config-sha256`) };
}

/** SHA-256 of the stack's synthesized configuration, as it was read. */
export function configFingerprint(stack: SynthesizedStack): string {
  return createHash('sha256').update(JSON.stringify(stack.terraform)).digest('hex');
}

/** Keeps the plan made in the stack's directory, with its shown text and fingerprint. */
export function savePlan(dir: string, stack: SynthesizedStack, shown: string): void {
  const files = savedPlanFiles(dir, stack.name);
  copyFileSync(path.join(stack.workingDirectory, PLAN_FILE), files.plan);
  writeFileSync(files.shown, shown);
  writeFileSync(files.fingerprint, `${configFingerprint(stack)}\n`);
}

/** The saved plan to apply for a stack, or why there is none that may be applied. */
export function reviewedPlan(dir: string, stack: SynthesizedStack): { plan: string } | { refused: string } {
  const files = savedPlanFiles(dir, stack.name);
  if (!existsSync(files.plan) || !existsSync(files.fingerprint)) {
    return { refused: `no saved plan in ${dir}: only reviewed plans are applied (run the plan job of this deploy)` };
  }
  if (readFileSync(files.fingerprint, 'utf8').trim() !== configFingerprint(stack)) {
    return { refused: 'stale plan: it was made from another configuration than the synth being deployed; not applied, not re-planned (run the deploy again to plan and review)' };
  }
  return { plan: path.resolve(files.plan) };
}

/** Terraform's refusal of a saved plan whose state changed since it was made. */
export const STALE_PLAN = /Saved plan is stale/;

export const STALE_STATE_MESSAGE = 'stale plan: the state changed since it was reviewed; not applied, not re-planned (run the deploy again to plan and review)';
