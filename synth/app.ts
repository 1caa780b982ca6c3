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
import * as path from 'node:path';
import { AnnotationMetadataEntryType, Aspects, type App, type TerraformStack } from 'cdktf';
import type { AccountConfig, OrgConfig } from '../config/schema';
import { memberStackName } from '../config/names';
import { createApp, stackBuilders, type BuildOptions, type StackBuilder } from '../stacks/app';
import { providerRoleFromEnv } from '../stacks/provider';
import { SECURITY_RULES } from '../stacks/rules';
import { acknowledgementFor, checkStack, SecurityRulesAspect, unusedAcknowledgements, type Acknowledgement, type CheckedFinding } from '../stacks/rules/aspect';
import type { TerraformJson } from '../stacks/rules/model';
import type { Progress } from '../command/progress';
import { isErrorAnnotationFailure } from './security-findings';
import { releaseTokensSince, tokenMark } from './token-release';
import { StackCache, type CacheHit } from './stack-cache';
import { codeVersion, memberStackKey } from './stack-inputs';

const PROJECT_ROOT = path.resolve(__dirname, '..');

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
  /** With `cache`: member stacks reused from the earlier output, and synthesized afresh. */
  reuse?: { reused: number; synthesized: number };
}

/** Incremental synth (synth/stack-cache.ts): reuse member stacks whose inputs and code are unchanged. */
export interface SynthCacheOptions {
  /** Directory of an earlier output (with its .signin-watch-cache.json) to reuse member stacks from; absent: none, but the cache file is written. */
  from?: string;
  /** The code version (synth/stack-inputs.ts `codeVersion`). @default the hash of this checkout's code */
  code?: string;
}

export interface SynthAppOptions extends BuildOptions {
  progress?: Progress;
  /** Where acknowledged findings are printed. @default console.log */
  report?: (line: string) => void;
  /** The stacks to synthesize. @default stackBuilders(config) */
  builders?: StackBuilder[];
  /** Clock for progress lines, in ms. @default Date.now */
  now?: () => number;
  /** Reuse unchanged member stacks of an earlier output and write the cache file into the output. @default no reuse, no cache file */
  cache?: SynthCacheOptions;
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

/** The part of cdktf's Manifest this synth uses. */
interface CdktfManifest {
  stacks: Record<string, unknown>;
  writeToFile(): void;
}

interface ActiveCache {
  store: StackCache;
  /** Member stack name → the key of its inputs (synth/stack-inputs.ts). */
  keys: Map<string, string>;
}

/** The incremental synth's keys and store, when asked for (never for HCL output, whose files differ). */
function openCache(app: App, config: OrgConfig, options: SynthAppOptions): ActiveCache | undefined {
  if (!options.cache || (app as unknown as { hclOutput?: boolean }).hclOutput) return undefined;
  const code = options.cache.code ?? codeVersion(PROJECT_ROOT);
  const role = options.providerRole ?? providerRoleFromEnv(process.env);
  const context: unknown = app.node.getAllContext();
  const keys = new Map(config.accounts.map((account: AccountConfig) => [memberStackName(account), memberStackKey(code, context, config, account, role)]));
  return { store: new StackCache(options.cache.from), keys };
}

/**
 * Installs an unchanged member stack from the earlier output: its files, its
 * manifest entry, its findings acknowledged by today's acknowledgements and
 * the lines they print. Undefined (synthesize it afresh) when a finding is no
 * longer acknowledged: the fresh path reports it.
 */
function reuseStack(hit: CacheHit, name: string, config: OrgConfig, store: StackCache, manifest: CdktfManifest, outdir: string, report: (line: string) => void): CheckedFinding[] | undefined {
  const checked = hit.entry.findings.map((finding) => ({ ...finding, acknowledged: acknowledgementFor(finding, config.acknowledgements) }));
  if (checked.some((finding) => !finding.acknowledged)) return undefined;
  store.restore(outdir, name, hit);
  manifest.stacks[name] = hit.entry.manifest;
  for (const line of hit.entry.reports) report(line);
  return checked;
}

/**
 * Synthesizes every stack of `config` into `outdir` (manifest.json and
 * stacks/<name>/cdk.tf.json, as cdktf writes them). With unacknowledged
 * findings the manifest is not written; the caller reports them.
 */
export function synthesizeOrganization(config: OrgConfig, outdir: string, options: SynthAppOptions = {}): SynthAppResult {
  const app = createApp(config, outdir, options);
  refuseCrossStackReferences(app);
  const manifest = (app as unknown as { manifest: CdktfManifest }).manifest;
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

  const cache = openCache(app, config, options);
  const report = options.report ?? ((line: string) => console.log(line));
  for (const builder of builders) {
    const key = cache?.keys.get(builder.name);
    const hit = key === undefined ? undefined : cache!.store.lookup(builder.name, key);
    const reused = hit && timed('write', () => reuseStack(hit, builder.name, config, cache!.store, manifest, outdir, report));
    if (reused) {
      stackNames.push(builder.name);
      findings.push(...reused);
      warnings.push(...hit.entry.warnings);
      tick(() => `${stackNames.length}/${builders.length} stacks synthesized and checked (${builder.name}, unchanged)`);
      continue;
    }
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
      const reports: string[] = [];
      const recordingReport = (line: string) => {
        reports.push(line);
        report(line);
      };
      stackFindings = timed('rules', () => checkStack(stack, json, config, SECURITY_RULES, { report: recordingReport }));
      tick(() => `${position} stacks: ${builder.name} checked`);
      if (!stackFindings.some((finding) => !finding.acknowledged)) {
        serveOnce(stack, json);
        timed('write', () => (stack as unknown as { synthesizer: { synthesize(session: unknown): void } }).synthesizer.synthesize(session));
        if (key !== undefined) {
          const stackWarnings = warningsOf(stack);
          const raw = stackFindings.map(({ rule, stack: name, path: where, address, message }) => ({ rule, stack: name, path: where, address, message }));
          cache!.store.record(outdir, stack.node.id, { key, manifest: manifest.stacks[stack.node.id], findings: raw, reports, warnings: stackWarnings });
        }
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
    cache?.store.write(outdir);
  }
  return {
    stackNames,
    findings,
    unacknowledged,
    unusedAcknowledgements: unusedAcknowledgements(config.acknowledgements, findings),
    warnings,
    timings,
    ...(cache ? { reuse: { reused: cache.store.hits, synthesized: cache.store.misses } } : {}),
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
