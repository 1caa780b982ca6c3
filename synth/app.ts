/**
 * Synthesizes an organization stack by stack, as `npm run synth` (main.ts)
 * does: build one stack, resolve it once, run the rule pack on its JSON, write
 * it, release it, then the next. The output is byte-identical to cdktf's own
 * `app.synth()` of buildApp (test/stacks/app-streaming.test.ts), but:
 *
 * - Memory follows the largest stack, not the organization: a written stack is
 *   removed from the app and its tokens are released (token-release.ts).
 *   `app.synth()` keeps all 5,000 member stacks and every token alive.
 * - Each stack is resolved once. `app.synth()` resolves every stack twice
 *   (prepareStack's preparing pass, then toTerraform); here the one
 *   toTerraform runs in preparing mode. The preparing pass exists only to find
 *   cross-stack references, which signin-watch's stacks never make (they share
 *   names and ARNs through config/names.ts): one is refused with an error, as
 *   it would need an output in a stack already written.
 * - The rules run on that JSON directly (once per stack), every stack is
 *   checked even after a finding, and all unacknowledged findings are
 *   reported together.
 * - A progress line at least every PROGRESS_INTERVAL_MS.
 *
 * A stack carrying a cdktf Aspect (none does today) is synthesized the
 * standard way (prepareStack, aspects, the rule pack as an aspect), so an
 * aspect always runs before the rules read the stack.
 */
import { AnnotationMetadataEntryType, Aspects, type App, type TerraformStack } from 'cdktf';
import type { OrgConfig } from '../config/schema';
import { createApp, stackBuilders, type BuildOptions, type StackBuilder } from '../stacks/app';
import { SECURITY_RULES } from '../stacks/rules';
import { checkStack, SecurityRulesAspect, unusedAcknowledgements, type Acknowledgement, type CheckedFinding } from '../stacks/rules/aspect';
import type { TerraformJson } from '../stacks/rules/model';
import type { Progress } from '../command/progress';
import { isErrorAnnotationFailure } from './security-findings';
import { releaseTokensSince, tokenMark } from './token-release';

/** Progress lines come at least this often while stacks are synthesized (issue 13: every 10 s at most). */
export const PROGRESS_INTERVAL_MS = 5_000;

/** CPU time (user + system) spent in each phase, in milliseconds. */
export interface SynthTimings {
  /** Constructing the stacks (constructs, providers, resources). */
  build: number;
  /** cdktf resolving each stack to Terraform JSON. */
  resolve: number;
  /** The rule pack on that JSON. */
  rules: number;
  /** cdktf's synthesizer: validations, annotations, JSON serialization, files. */
  write: number;
  /** Releasing written stacks and their tokens. */
  release: number;
}

export interface SynthAppResult {
  /** Stack names in deploy order. */
  stackNames: string[];
  /** Every finding, acknowledged or not. */
  findings: CheckedFinding[];
  /** Unacknowledged findings (nothing usable was written when there are any). */
  unacknowledged: CheckedFinding[];
  /** Acknowledgements of the config that accepted no finding. */
  unusedAcknowledgements: Acknowledgement[];
  /** Warning annotations, `<construct path>: <message>`, in construct order. */
  warnings: string[];
  timings: SynthTimings;
}

export interface SynthAppOptions extends BuildOptions {
  progress?: Progress;
  /** Where acknowledged findings are printed. @default console.log */
  report?: (line: string) => void;
  /** The stacks to synthesize. @default stackBuilders(config) */
  builders?: StackBuilder[];
  /** Clock for progress lines, in ms. @default Date.now */
  now?: () => number;
}

class CrossStackReferenceError extends Error {}

/** A cross-stack reference would add an output to a stack that may already be written: refuse it. */
function refuseCrossStackReferences(app: App): void {
  Object.defineProperty(app, 'crossStackReference', {
    value: (fromStack: TerraformStack, toStack: TerraformStack, identifier: string) => {
      throw new CrossStackReferenceError(
        `stack ${toStack.node.id} refers to ${identifier} of stack ${fromStack.node.id}: signin-watch stacks share values through config/names.ts, never through tokens (synth/app.ts)`,
      );
    },
  });
}

const cdktfTokens = require('cdktf/lib/_tokens') as { resolve: (scope: unknown, obj: unknown, preparing?: boolean) => unknown };

/**
 * stack.toTerraform() with every resolve in preparing mode: the same JSON
 * (only cross-stack references resolve differently in that mode, and they are
 * refused), in one pass instead of prepareStack's plus toTerraform's. cdktf
 * 0.21.0's TerraformStack reads `_tokens.resolve` at each call.
 */
function toTerraformPreparing(stack: TerraformStack, onElement: () => void = () => undefined): TerraformJson {
  const resolve = cdktfTokens.resolve;
  cdktfTokens.resolve = (scope, obj) => {
    onElement(); // a large stack (the aggregator of 5,000 accounts) takes seconds: progress lines keep coming
    return resolve(scope, obj, true);
  };
  try {
    stack.ensureBackendExists();
    return stack.toTerraform() as TerraformJson;
  } finally {
    cdktfTokens.resolve = resolve;
  }
}

/** The synthesizer's next toTerraform() call returns `json` (once) instead of resolving again. */
function serveOnce(stack: TerraformStack, json: TerraformJson): void {
  Object.defineProperty(stack, 'toTerraform', {
    configurable: true,
    writable: true,
    value: () => {
      delete (stack as { toTerraform?: unknown }).toTerraform;
      return json;
    },
  });
}

function hasAspects(stack: TerraformStack): boolean {
  return [stack, ...stack.node.findAll()].some((construct) => Aspects.of(construct).all.length > 0);
}

function warningsOf(stack: TerraformStack): string[] {
  const lines: string[] = [];
  for (const construct of stack.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === AnnotationMetadataEntryType.WARN) lines.push(`${construct.node.path}: ${String(entry.data)}`);
    }
  }
  return lines;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Removes a written stack from the app, and its constructs from it: a stack
 * others depend on (the aggregator) stays referenced by their dependency
 * lists, which need only its name.
 */
function release(app: App, stack: TerraformStack): void {
  app.node.tryRemoveChild(stack.node.id);
  for (const child of stack.node.children) stack.node.tryRemoveChild(child.node.id);
}

/**
 * Synthesizes every stack of `config` into `outdir` (manifest.json and
 * stacks/<name>/cdk.tf.json, as cdktf writes them). With unacknowledged
 * findings the manifest is not written; the caller reports them.
 */
export function synthesizeOrganization(config: OrgConfig, outdir: string, options: SynthAppOptions = {}): SynthAppResult {
  const app = createApp(config, outdir, options);
  refuseCrossStackReferences(app);
  const manifest = (app as unknown as { manifest: { writeToFile(): void } }).manifest;
  const session = { outdir, skipValidation: false, manifest };
  const builders = options.builders ?? stackBuilders(config);
  const now = options.now ?? Date.now;
  const timings: SynthTimings = { build: 0, resolve: 0, rules: 0, write: 0, release: 0 };
  const findings: CheckedFinding[] = [];
  const warnings: string[] = [];
  const stackNames: string[] = [];
  let lastLine = now();

  const timed = <T>(phase: keyof SynthTimings, run: () => T): T => {
    const start = cpuMs();
    try {
      return run();
    } finally {
      timings[phase] += cpuMs() - start;
    }
  };

  /** A progress line when the interval has passed since the last one. */
  const tick = (doing: () => string): void => {
    if (!options.progress || now() - lastLine < PROGRESS_INTERVAL_MS) return;
    options.progress.note(doing());
    lastLine = now();
  };

  for (const builder of builders) {
    const mark = tokenMark();
    const stack = timed('build', () => builder.build(app));
    const position = `${stackNames.length + 1}/${builders.length}`;
    tick(() => `${position} stacks: ${builder.name} built`);
    stackNames.push(stack.node.id);
    let stackFindings: CheckedFinding[];
    if (hasAspects(stack)) {
      stackFindings = synthesizeWithAspects(stack, config, options, session, timings);
    } else {
      let elements = 0;
      const json = timed('resolve', () => toTerraformPreparing(stack, () => {
        elements += 1;
        if (elements % 100 === 0) tick(() => `${position} stacks: resolving ${builder.name} (${elements} blocks so far)`);
      }));
      tick(() => `${position} stacks: ${builder.name} resolved`);
      stackFindings = timed('rules', () => checkStack(stack, json, config, SECURITY_RULES, options));
      tick(() => `${position} stacks: ${builder.name} checked`);
      if (!stackFindings.some((finding) => !finding.acknowledged)) {
        serveOnce(stack, json);
        timed('write', () => (stack as unknown as { synthesizer: { synthesize(session: unknown): void } }).synthesizer.synthesize(session));
      }
    }
    findings.push(...stackFindings);
    warnings.push(...warningsOf(stack));
    timed('release', () => {
      release(app, stack);
      releaseTokensSince(mark);
    });
    tick(() => `${stackNames.length}/${builders.length} stacks synthesized and checked (${stack.node.id})`);
  }

  const unacknowledged = findings.filter((finding) => !finding.acknowledged);
  if (unacknowledged.length === 0) {
    const errors = app.node.validate();
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    manifest.writeToFile();
  }
  return {
    stackNames,
    findings,
    unacknowledged,
    unusedAcknowledgements: unusedAcknowledgements(config.acknowledgements, findings),
    warnings,
    timings,
  };
}

/** cdktf's standard path for a stack with aspects: they run first, then the rule pack as the last aspect. */
function synthesizeWithAspects(
  stack: TerraformStack,
  config: OrgConfig,
  options: SynthAppOptions,
  session: unknown,
  timings: SynthTimings,
): CheckedFinding[] {
  const start = cpuMs();
  const rules = new SecurityRulesAspect(config, SECURITY_RULES, { report: options.report });
  Aspects.of(stack).add(rules);
  try {
    stack.prepareStack();
    (stack as unknown as { synthesizer: { synthesize(session: unknown): void } }).synthesizer.synthesize(session);
  } catch (error) {
    if (!(isErrorAnnotationFailure(error) && rules.findings.some((finding) => !finding.acknowledged))) throw error;
  } finally {
    timings.write += cpuMs() - start;
  }
  return rules.findings;
}
