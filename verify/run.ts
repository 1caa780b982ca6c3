/**
 * `npm run verify`: proves the synthesized Terraform with Terraform itself,
 * offline. Phases:
 *   1. synth    the example organization (config/org.yaml or --config) into .tmp/verify/
 *   2. validate every stack: `terraform init -backend=false` + `terraform validate`
 *   3. test     management, aggregator and two member stacks (one with opt-in
 *               regions): a generated verify.tftest.hcl with one mock_provider per
 *               provider alias, `command = apply`, and assertions on key values
 *               derived from config/names.ts.
 *   4. providers the AWS provider blocks of a member stack whose account enables
 *               every catalogue region, configured by the real provider binary
 *               and planned offline (verify/provider-check.ts): a region the
 *               pinned provider refuses fails here, not at the first real plan.
 * A failure names the stack and shows Terraform's own message; exit code 1.
 *
 * Options: --config FILE, --synthesized DIR (verify an existing cdktf outdir,
 * skip synth), --jobs N (stacks at a time; default $SIGNIN_WATCH_VERIFY_JOBS,
 * else 2, fewer with one core or under 3 GB free: every provider alias is a
 * ~70 MB process, a 17-region stack ~1.2 GB), --no-test (validate only),
 * --no-providers (skip phase 4; skipped too with --synthesized, whose stacks
 * need not come from the config).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../detection/org-config';
import {
  AGGREGATOR_STACK,
  alertEngineName,
  centralBusArn,
  centralBusName,
  createdTrailName,
  createsTrail,
  forwarderDlqName,
  MANAGEMENT_STACK,
  memberStackName,
  trailBucketName,
} from '../config/names';
import { forwardedRegions, OPT_IN_REGIONS } from '../config/regions';
import { forwarderDeadLetterFilter } from '../detection/catalogue';
import type { OrgConfig } from '../config/schema';
import { AWS_PROVIDER_SOURCE, MIRROR_VARIABLE, prepareTerraformEnv, REPO_ROOT, type TerraformEnv } from '../terraform/env';
import { checkSkipsStillNeeded, checkStackProviders, formatProviderFailure, type ProviderCheckResult } from './provider-check';
import { pipelineForwarderPatternsFor } from '../detection/catalogue';

export const TEST_FILE = 'verify.tftest.hcl';
const COMMAND_TIMEOUT_MS = 10 * 60 * 1000;

type Json = Record<string, any>;

export interface SynthesizedStack {
  name: string;
  dir: string;
  json: Json;
}

export interface StackFailure {
  stack: string;
  step: string;
  output: string;
}

// ---------------------------------------------------------------------------
// Reading the synthesized stacks
// ---------------------------------------------------------------------------

export function readStacks(outdir: string): SynthesizedStack[] {
  const root = path.join(outdir, 'stacks');
  if (!existsSync(root)) throw new Error(`${outdir}: no stacks/ directory (was it synthesized?)`);
  return readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'cdk.tf.json')))
    .sort()
    .map((name) => ({ name, dir: path.join(root, name), json: JSON.parse(readFileSync(path.join(root, name, 'cdk.tf.json'), 'utf8')) as Json }));
}

function resourcesOf(stack: SynthesizedStack, type: string): Array<[string, Json]> {
  return Object.entries((stack.json.resource?.[type] ?? {}) as Record<string, Json>);
}

// ---------------------------------------------------------------------------
// The generated terraform test file
// ---------------------------------------------------------------------------

export interface Assertion {
  condition: string;
  message: string;
}

/** An HCL string literal: JSON quoting, with template sequences escaped. */
const hcl = (value: string): string =>
  JSON.stringify(value)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');

/**
 * Realistic computed values for mocked resources: the AWS provider validates
 * ARNs it receives (a target's role_arn, a DLQ arn...), and mock_provider
 * would otherwise invent random strings.
 */
function mockResourceDefaults(region: string, account: string): Record<string, Record<string, string>> {
  const arn = (service: string, resource: string, global = false) => `arn:aws:${service}:${global ? '' : region}:${account}:${resource}`;
  return {
    aws_sqs_queue: { arn: arn('sqs', 'mock-queue'), url: `https://sqs.${region}.amazonaws.com/${account}/mock-queue` },
    aws_iam_role: { arn: arn('iam', 'role/mock-role', true) },
    aws_iam_policy: { arn: arn('iam', 'policy/mock-policy', true) },
    aws_kms_key: { arn: arn('kms', 'key/00000000-0000-0000-0000-000000000000'), key_id: '00000000-0000-0000-0000-000000000000' },
    aws_kms_alias: { arn: arn('kms', 'alias/mock') },
    aws_sns_topic: { arn: arn('sns', 'mock-topic'), id: arn('sns', 'mock-topic') },
    aws_cloudwatch_log_group: { arn: arn('logs', 'log-group:mock') },
    aws_cloudwatch_event_bus: { arn: arn('events', 'event-bus/mock') },
    aws_cloudwatch_event_rule: { arn: arn('events', 'rule/mock') },
    aws_cloudwatch_metric_alarm: { arn: arn('cloudwatch', 'alarm:mock') },
    aws_s3_bucket: { arn: 'arn:aws:s3:::mock-bucket' },
    aws_cloudtrail: { arn: arn('cloudtrail', 'trail/mock') },
    aws_scheduler_schedule: { arn: arn('scheduler', 'schedule/default/mock') },
    aws_sns_topic_subscription: { arn: arn('sns', 'mock-topic:00000000-0000-0000-0000-000000000000') },
    aws_chatbot_slack_channel_configuration: { chat_configuration_arn: arn('chatbot', 'chat-configuration/slack-channel/mock', true) },
    aws_lambda_function: { arn: arn('lambda', 'function:mock'), invoke_arn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn('lambda', 'function:mock')}/invocations`, qualified_arn: arn('lambda', 'function:mock:1') },
  };
}

const MOCK_DATA_DEFAULTS = (region: string, account: string): Record<string, Record<string, string>> => ({
  aws_caller_identity: { account_id: account, arn: `arn:aws:iam::${account}:root` },
  aws_region: { name: region },
  aws_partition: { partition: 'aws', dns_suffix: 'amazonaws.com' },
});

function hclObject(values: Record<string, string>): string {
  return `{ ${Object.entries(values)
    .map(([key, value]) => `${key} = ${hcl(value)}`)
    .join(', ')} }`;
}

/** One mock_provider block per provider configuration of the stack (the default one and each alias). */
export function mockProviders(stack: SynthesizedStack): string {
  const types = new Set(Object.keys(stack.json.resource ?? {}));
  const dataTypes = new Set(Object.keys(stack.json.data ?? {}));
  const providers = (stack.json.provider?.aws ?? []) as Json[];
  return providers
    .map((provider) => {
      const region = String(provider.region ?? 'us-east-1');
      const account = String((provider.allowed_account_ids ?? ['123456789012'])[0]);
      const resources = Object.entries(mockResourceDefaults(region, account)).filter(([type]) => types.has(type));
      const data = Object.entries(MOCK_DATA_DEFAULTS(region, account)).filter(([type]) => dataTypes.has(type));
      const lines = [`mock_provider "aws" {`];
      if (provider.alias) lines.push(`  alias = ${hcl(String(provider.alias))}`);
      for (const [type, defaults] of resources) lines.push(`  mock_resource ${hcl(type)} {`, `    defaults = ${hclObject(defaults)}`, '  }');
      for (const [type, defaults] of data) lines.push(`  mock_data ${hcl(type)} {`, `    defaults = ${hclObject(defaults)}`, '  }');
      lines.push('}');
      return lines.join('\n');
    })
    .join('\n\n');
}

export function testFile(stack: SynthesizedStack, assertions: Assertion[]): string {
  const asserts = assertions
    .map((a) => `  assert {\n    condition     = ${a.condition}\n    error_message = ${hcl(`${stack.name}: ${a.message}`)}\n  }`)
    .join('\n');
  return `# Generated by verify/run.ts: mocked apply of stack ${stack.name}. Do not edit.\n\n${mockProviders(stack)}\n\nrun "mocked_apply" {\n  command = apply\n\n${asserts}\n}\n`;
}

/**
 * Assertions on the management stack: the created trail's flags and where it
 * writes; with trail.existing, that no trail records management events here
 * and that every safety-net filter sits on the existing trail's log group.
 */
export function managementAssertions(stack: SynthesizedStack, config: OrgConfig): Assertion[] {
  const trails = resourcesOf(stack, 'aws_cloudtrail');
  const expected = createsTrail(config) ? 1 : 0;
  if (trails.length !== expected) throw new Error(`${stack.name}: expected ${expected} aws_cloudtrail, found ${trails.length}`);
  const flags = ['is_organization_trail', 'is_multi_region_trail', 'include_global_service_events', 'enable_log_file_validation'];
  const trailAssertions = trails.flatMap(([name]) => {
    const address = `aws_cloudtrail.${name}`;
    return [
      ...flags.map((flag) => ({ condition: `${address}.${flag} == true`, message: `trail ${flag} must be true` })),
      { condition: `${address}.enable_logging != false`, message: 'trail logging must be on' },
      { condition: `${address}.name == ${hcl(createdTrailName(config))}`, message: `trail name must be ${createdTrailName(config)}` },
      { condition: `${address}.s3_bucket_name == ${hcl(trailBucketName(config))}`, message: `trail bucket must be ${trailBucketName(config)}` },
      ...(config.trail.existing
        ? [
            {
              condition: `alltrue([for s in ${address}.advanced_event_selector : alltrue([for f in s.field_selector : f.field != "eventCategory" || tolist(f.equals) == tolist(["Data"])])])`,
              message: 'beside trail.existing the created trail must record data events only (no paid second copy of management events)',
            },
          ]
        : []),
    ];
  });
  const existing = config.trail.existing;
  if (!existing) return trailAssertions;
  const deadLetterMetric = forwarderDeadLetterFilter(forwarderDlqName(config)).metricName;
  const filters = resourcesOf(stack, 'aws_cloudwatch_log_metric_filter').filter(([, body]) => body.name !== deadLetterMetric);
  if (filters.length === 0) throw new Error(`${stack.name}: trail.existing but no metric filter`);
  return [
    ...trailAssertions,
    ...filters.map(([name, body]) => ({
      condition: `aws_cloudwatch_log_metric_filter.${name}.log_group_name == ${hcl(existing.logGroupName)}`,
      message: `filter ${String(body.name)} must sit on the existing trail's log group ${existing.logGroupName}`,
    })),
  ];
}

/** Assertions on the aggregator stack: the central bus and its organization-only policy. */
export function aggregatorAssertions(stack: SynthesizedStack, config: OrgConfig): Assertion[] {
  const buses = resourcesOf(stack, 'aws_cloudwatch_event_bus').filter(([, body]) => body.name === centralBusName(config));
  if (buses.length !== 1) throw new Error(`${stack.name}: expected one aws_cloudwatch_event_bus named ${centralBusName(config)}, found ${buses.length}`);
  const policies = resourcesOf(stack, 'aws_cloudwatch_event_bus_policy');
  if (policies.length === 0) throw new Error(`${stack.name}: no aws_cloudwatch_event_bus_policy`);
  const org = hcl(config.organization.id);
  return [
    { condition: `aws_cloudwatch_event_bus.${buses[0][0]}.name == ${hcl(centralBusName(config))}`, message: `central bus must be named ${centralBusName(config)}` },
    ...policies.flatMap(([name]) => {
      const statements = `jsondecode(aws_cloudwatch_event_bus_policy.${name}.policy).Statement`;
      return [
        {
          condition: `length([for s in ${statements} : s if s.Effect == "Allow"]) > 0 && alltrue([for s in ${statements} : try(s.Condition.StringEquals["aws:PrincipalOrgID"] == ${org}, false) if s.Effect == "Allow"])`,
          message: `every Allow of the bus policy must require aws:PrincipalOrgID = ${config.organization.id}`,
        },
        {
          condition: `alltrue([for s in ${statements} : try(s.Action == "events:PutEvents", false) || try(tolist(s.Action) == tolist(["events:PutEvents"]), false) if s.Effect == "Allow"])`,
          message: 'the bus policy may only allow events:PutEvents',
        },
      ];
    }),
    ...alertEngineAssertions(stack, config),
  ];
}

/** The alert engine: its function, its failure destination and one invoke permission per alert rule, each for one rule. */
function alertEngineAssertions(stack: SynthesizedStack, config: OrgConfig): Assertion[] {
  const functions = resourcesOf(stack, 'aws_lambda_function').filter(([, body]) => body.function_name === alertEngineName(config));
  // A hand-built aggregator without the engine (the verify tests') has nothing to assert here.
  if (functions.length === 0) return [];
  if (functions.length > 1) throw new Error(`${stack.name}: expected one aws_lambda_function named ${alertEngineName(config)}, found ${functions.length}`);
  const fn = `aws_lambda_function.${functions[0][0]}`;
  const configs = resourcesOf(stack, 'aws_lambda_function_event_invoke_config');
  const permissions = resourcesOf(stack, 'aws_lambda_permission');
  return [
    { condition: `${fn}.function_name == ${hcl(alertEngineName(config))}`, message: `the alert engine must be named ${alertEngineName(config)}` },
    { condition: `${fn}.handler == "index.handler" && startswith(${fn}.runtime, "nodejs")`, message: 'the alert engine must run index.handler on a Node.js runtime' },
    ...configs.map(([name]) => ({
      condition: `aws_lambda_function_event_invoke_config.${name}.destination_config[0].on_failure[0].destination != "" && (aws_lambda_function_event_invoke_config.${name}.function_name != ${hcl(alertEngineName(config))} || aws_lambda_function_event_invoke_config.${name}.maximum_retry_attempts == 2)`,
      message: 'every function keeps failed events in its on-failure destination; the alert engine also retries twice (the health check runs again in 15 minutes instead)',
    })),
    ...permissions.map(([name]) => ({
      condition: `aws_lambda_permission.${name}.principal == "events.amazonaws.com" && !strcontains(aws_lambda_permission.${name}.source_arn, "*")`,
      message: 'every invoke permission must name one EventBridge rule',
    })),
  ];
}

/** Assertions on a member stack: in every forwarded region each forwarder rule (sign-ins, pipeline calls) sends to the central bus, through a role. */
export function memberAssertions(stack: SynthesizedStack, config: OrgConfig, regions: readonly string[]): Assertion[] {
  // The sign-in forwarder and one forwarder per part of the pipeline-call pattern.
  const rulesPerRegion = 1 + pipelineForwarderPatternsFor(config).length;
  const forwarders = resourcesOf(stack, 'aws_cloudwatch_event_target').filter(([, body]) => body.role_arn !== undefined);
  if (forwarders.length !== regions.length * rulesPerRegion) {
    throw new Error(
      `${stack.name}: expected ${rulesPerRegion} forwarder targets (with role_arn) in each of ${regions.length} forwarded regions, found ${forwarders.length}`,
    );
  }
  const central = hcl(centralBusArn(config));
  return forwarders.flatMap(([name]) => [
    { condition: `aws_cloudwatch_event_target.${name}.arn == ${central}`, message: `forwarder ${name} must target ${centralBusArn(config)}` },
    { condition: `startswith(aws_cloudwatch_event_target.${name}.role_arn, "arn:aws:iam::")`, message: `forwarder ${name} must send through a role` },
  ]);
}

export interface TestPlan {
  stack: string;
  assertions: (stack: SynthesizedStack) => Assertion[];
}

/** The stacks `terraform test` runs on: management, aggregator, a member with opt-in regions and one without. */
export function testPlans(config: OrgConfig): TestPlan[] {
  const plans: TestPlan[] = [
    { stack: MANAGEMENT_STACK, assertions: (s) => managementAssertions(s, config) },
    { stack: AGGREGATOR_STACK, assertions: (s) => aggregatorAssertions(s, config) },
  ];
  const withOptIn = config.accounts.find((account) => account.optInRegions.length > 0);
  const withoutOptIn = config.accounts.find((account) => account.optInRegions.length === 0);
  for (const account of [withOptIn, withoutOptIn]) {
    if (account) plans.push({ stack: memberStackName(account), assertions: (s) => memberAssertions(s, config, forwardedRegions(config, account)) });
  }
  return plans;
}

// ---------------------------------------------------------------------------
// Running Terraform
// ---------------------------------------------------------------------------

interface CommandResult {
  code: number;
  output: string;
}

export function runTerraform(args: string[], cwd: string, tf: TerraformEnv): Promise<CommandResult> {
  return new Promise((resolve) => {
    // Own process group: on timeout the whole group (terraform and its provider
    // processes, ~70 MB each) is stopped, never left behind as orphans.
    const child = spawn('terraform', args, { cwd, env: tf.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\n(terraform ${args[0]} stopped after ${COMMAND_TIMEOUT_MS / 1000}s)`;
      stopGroup(child);
    }, COMMAND_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code: 127, output: `${output}\n${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code !== 0) output += `\n(terraform ${args[0]} exited with ${signal ? `signal ${signal}` : `code ${code}`})`;
      resolve({ code: code ?? 1, output });
    });
  });
}

const running = new Set<ChildProcess>();

function stopGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** Stops every Terraform process group still running (verify interrupted). */
export function stopAll(): void {
  for (const child of running) stopGroup(child);
}

/** Runs `task` on every item, at most `jobs` at a time. */
async function pool<T>(items: T[], jobs: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  });
  await Promise.all(workers);
}

async function step(stack: SynthesizedStack, name: string, args: string[], tf: TerraformEnv, failures: StackFailure[]): Promise<boolean> {
  const result = await runTerraform([...args, '-no-color'], stack.dir, tf);
  if (result.code === 0) return true;
  failures.push({ stack: stack.name, step: name, output: result.output.trim() });
  return false;
}

/** Terraform could not install the AWS provider from the registry: every other stack would fail the same way. */
export class ProviderInstallError extends Error {}

const REGISTRY_FAILURE = /Failed to query available provider packages|Failed to install provider|could not connect to registry\.terraform\.io|registry\.terraform\.io.*(no such host|i\/o timeout|connection refused|dial tcp)/s;

/** The one message for an init that failed because the registry is unreachable (offline, no mirror), else undefined. */
export function providerInstallFailure(output: string, tf: Pick<TerraformEnv, 'mirror'>): string | undefined {
  if (tf.mirror || !REGISTRY_FAILURE.test(output)) return undefined;
  const detail = output.split('\n').find((line) => /Error:|could not connect|no such host|timeout/.test(line))?.trim() ?? '';
  return [
    `Terraform could not install the AWS provider from registry.terraform.io${detail ? ` (${detail.replace(/^│\s*/, '')})` : ''}.`,
    `  Offline, point ${MIRROR_VARIABLE} at a provider mirror: ${MIRROR_VARIABLE}=/opt/tf-plugins npm test`,
    `  (layout: <dir>/${AWS_PROVIDER_SOURCE}/<version>/<os_arch>/; \`terraform providers mirror <dir>\` creates one), or run online.`,
  ].join('\n');
}

export async function validateStacks(stacks: SynthesizedStack[], tf: TerraformEnv, jobs: number, failures: StackFailure[]): Promise<string[]> {
  // Inits one at a time: they are quick (the provider is linked, not copied),
  // and a registry download into the shared plugin cache is not concurrency-safe.
  const initialized: SynthesizedStack[] = [];
  for (const stack of stacks) {
    if (await step(stack, 'terraform init -backend=false', ['init', '-backend=false', '-input=false'], tf, failures)) {
      initialized.push(stack);
      continue;
    }
    // Offline without a mirror every stack fails identically: one message instead of one per stack.
    const registry = providerInstallFailure(failures[failures.length - 1].output, tf);
    if (registry) throw new ProviderInstallError(registry);
    console.log(`  FAIL init ${stack.name}`);
  }
  const valid: string[] = [];
  await pool(initialized, jobs, async (stack) => {
    const ok = await step(stack, 'terraform validate', ['validate'], tf, failures);
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} validate ${stack.name}`);
    if (ok) valid.push(stack.name);
  });
  return valid.sort((a, b) => stacks.findIndex((s) => s.name === a) - stacks.findIndex((s) => s.name === b));
}

export async function testStacks(
  stacks: SynthesizedStack[],
  plans: TestPlan[],
  tf: TerraformEnv,
  jobs: number,
  failures: StackFailure[],
): Promise<string[]> {
  const tested: string[] = [];
  const runs = plans.map((plan) => ({ plan, stack: stacks.find((s) => s.name === plan.stack) }));
  for (const { plan, stack } of runs) {
    if (!stack) failures.push({ stack: plan.stack, step: 'terraform test', output: 'stack was not synthesized' });
  }
  await pool(
    runs.filter((run) => run.stack),
    jobs,
    async ({ plan, stack }) => {
      let assertions: Assertion[];
      try {
        assertions = plan.assertions(stack!);
      } catch (error) {
        failures.push({ stack: stack!.name, step: 'terraform test (generating assertions)', output: (error as Error).message });
        return;
      }
      writeFileSync(path.join(stack!.dir, TEST_FILE), testFile(stack!, assertions));
      const ok = await step(stack!, 'terraform test', ['test'], tf, failures);
      console.log(`  ${ok ? 'ok  ' : 'FAIL'} test ${stack!.name} (${assertions.length} assertions)`);
      if (ok) tested.push(stack!.name);
    },
  );
  return tested;
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

/** A 17-region stack under test needs ~1.2 GB (one provider process per region); keep headroom. */
const MEMORY_PER_STACK_BYTES = 1.5 * 1024 ** 3;

/** Two stacks at a time, fewer on a machine with one core or little free memory. */
export function defaultJobs(cpus = os.cpus().length, freeBytes = os.freemem()): number {
  return Math.max(1, Math.min(2, cpus, Math.floor(freeBytes / MEMORY_PER_STACK_BYTES)));
}

export interface VerifyOptions {
  config: string;
  /** Verify this existing cdktf output instead of synthesizing (skip synth). */
  synthesized?: string;
  /** Stacks at a time (default: $SIGNIN_WATCH_VERIFY_JOBS, else defaultJobs()). */
  jobs?: number;
  /** false: validate only, no mocked apply. */
  test?: boolean;
  /** false: skip the real-provider configuration check. */
  providers?: boolean;
}

const seconds = (start: number) => `${((Date.now() - start) / 1000).toFixed(1)}s`;

async function synthesize(config: OrgConfig, outdir: string): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  // Imported here so `--synthesized` runs never load cdktf.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require, not import(): the CLI registers tsx for require only.
  const { buildApp } = require('../stacks/app') as typeof import('../stacks/app');
  buildApp(config, outdir).app.synth();
}

/**
 * The member stack of the config's first account, that account enabling every
 * catalogue region and excluding none: the stack with the most provider blocks
 * the code can synthesize. Built from the real MemberStack, so the check sees
 * exactly what a deploy would configure.
 */
export async function allRegionsMemberStack(config: OrgConfig): Promise<{ name: string; json: Json }> {
  // Lazy requires, not import(): the CLI registers tsx for require only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Testing, App } = require('cdktf') as typeof import('cdktf');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MemberStack } = require('../stacks/member') as typeof import('../stacks/member');
  const account = { ...config.accounts[0], optInRegions: [...OPT_IN_REGIONS] as string[], excludedRegions: [] };
  const variant = { ...config, excludedRegions: [], accounts: [account, ...config.accounts.slice(1)] } as OrgConfig;
  const name = memberStackName(account);
  const stack = new MemberStack(new App({ stackTraces: false }), name, variant, account);
  return { name, json: JSON.parse(Testing.synth(stack)) as Json };
}

async function checkProviders(config: OrgConfig, tf: TerraformEnv, failures: StackFailure[]): Promise<ProviderCheckResult> {
  const { name, json } = await allRegionsMemberStack(config);
  const result = await checkStackProviders(name, json, path.join(REPO_ROOT, '.tmp', 'verify', 'provider-check'), tf);
  if (!result.ok) {
    failures.push({ stack: name, step: 'real-provider configuration check (every catalogue region)', output: result.failures.map(formatProviderFailure).join('\n') });
  }
  console.log(`  ${result.ok ? 'ok  ' : 'FAIL'} providers ${name}: ${result.providers} provider configurations, ${result.failures.length} failed`);
  const stale = await checkSkipsStillNeeded(name, json, path.join(REPO_ROOT, '.tmp', 'verify', 'provider-check-unvalidated'), tf);
  if (!stale.ok) {
    failures.push({ stack: name, step: 'real-provider check: skip_region_validation still needed', output: stale.failures.map(formatProviderFailure).join('\n') });
  }
  console.log(`  ${stale.ok ? 'ok  ' : 'FAIL'} providers ${name}: ${stale.providers} region(s) still refused without skip_region_validation`);
  return { ...result, ok: result.ok && stale.ok, failures: [...result.failures, ...stale.failures] };
}

/** `signin-watch verify`; arguments are parsed in cli/commands/verify.ts. Exit 0, 1 on a failed stack. */
export async function runVerify(verifyOptions: VerifyOptions): Promise<number> {
  const started = Date.now();
  const jobs = verifyOptions.jobs ?? Number(process.env.SIGNIN_WATCH_VERIFY_JOBS || defaultJobs());
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`SIGNIN_WATCH_VERIFY_JOBS must be a positive integer`);
  const options = { ...verifyOptions, jobs, test: verifyOptions.test ?? true, providers: verifyOptions.providers ?? true };
  const config = loadConfig(options.config);
  const tf = prepareTerraformEnv();
  console.log(`verify: provider ${tf.mirror ? `from mirror ${tf.mirror}` : 'from the registry'}, ${options.jobs} stack(s) at a time`);

  let phase = Date.now();
  const outdir = options.synthesized ?? path.join(REPO_ROOT, '.tmp', 'verify', 'cdktf.out');
  if (!options.synthesized) await synthesize(config, outdir);
  const stacks = readStacks(outdir);
  console.log(`verify: phase synth: ${stacks.length} stacks in ${seconds(phase)}${options.synthesized ? ' (given)' : ''}`);

  const failures: StackFailure[] = [];
  phase = Date.now();
  const valid = await validateStacks(stacks, tf, options.jobs, failures);
  console.log(`verify: phase validate: ${valid.length}/${stacks.length} stacks valid in ${seconds(phase)}`);

  let tested: string[] = [];
  if (options.test) {
    phase = Date.now();
    const present = new Set(stacks.map((s) => s.name));
    // A given outdir (tests, ad-hoc runs) tests only the plan's stacks it holds.
    const plans = testPlans(config).filter((plan) => !options.synthesized || present.has(plan.stack));
    tested = await testStacks(stacks.filter((s) => valid.includes(s.name)), plans.filter((p) => !present.has(p.stack) || valid.includes(p.stack)), tf, options.jobs, failures);
    console.log(`verify: phase test: ${tested.length}/${plans.length} stacks passed a mocked apply in ${seconds(phase)}`);
  }

  let providerCheck: ProviderCheckResult | undefined;
  // A given outdir (tests, ad-hoc runs) is verified as given; the check's stack comes from the config, so it runs only with a synth.
  if (options.providers && options.synthesized) console.log('verify: phase providers: skipped (--synthesized: run without it for the real-provider check)');
  else if (options.providers) {
    phase = Date.now();
    providerCheck = await checkProviders(config, tf, failures);
    console.log(`verify: phase providers: ${providerCheck.providers - providerCheck.failures.length}/${providerCheck.providers} real provider configurations of an every-region member stack in ${seconds(phase)}`);
  }

  for (const failure of failures) {
    console.error(`\nverify: FAILED stack ${failure.stack}: ${failure.step}\n${failure.output.replace(/^/gm, `  [${failure.stack}] `)}`);
  }
  const failedStacks = [...new Set(failures.map((f) => f.stack))];
  const summary = `${valid.length}/${stacks.length} stacks validated, ${tested.length} tested (mocked apply), ${providerCheck ? `${providerCheck.providers} real provider configurations ${providerCheck.ok ? 'ok' : 'FAILED'}, ` : ''}${failedStacks.length} failed${failedStacks.length ? ` (${failedStacks.join(', ')})` : ''}, total ${seconds(started)}`;
  console.log(`\nverify: ${failures.length === 0 ? 'OK' : 'FAILED'}: ${summary}`);
  return failures.length === 0 ? 0 : 1;
}

/** Stops the Terraform processes of an interrupted verify; the CLI calls it on SIGINT/SIGTERM. */
export function onInterrupt(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopAll();
      process.exit(130);
    });
  }
}
