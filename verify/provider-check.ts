/**
 * The real-provider configuration check of `npm run verify`: the AWS provider
 * configurations a stack synthesizes, configured by the real provider binary
 * and planned offline.
 *
 * Mock providers (the `terraform test` phase) never configure a region, so a
 * region the pinned provider refuses ("invalid AWS Region: ap-southeast-6",
 * terraform-provider-aws issue #44113) passes every other phase and fails the
 * first real plan. Here every provider block of the stack is kept as
 * synthesized (region, alias, skip_region_validation, default_tags...), minus
 * what needs AWS: assume_role and allowed_account_ids are removed, fake static
 * credentials and skip_credentials_validation, skip_requesting_account_id and
 * skip_metadata_api_check are added. One `data "aws_partition"` per provider
 * makes Terraform configure each of them (an unused provider is never
 * configured); it reads nothing from AWS. (`data "aws_region"` would not do:
 * it looks the region up in the provider's own table and fails for a region
 * the provider does not know even with skip_region_validation, which the
 * stacks therefore never use.)
 *
 * One provider process per provider block: a member stack of every catalogue
 * region starts 34 (time and memory measured: docs/regions.md).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TerraformEnv } from '../terraform/env';

type Json = Record<string, any>;

/** Fake static credentials: never valid, never sent (nothing in the probe calls AWS). */
const FAKE_CREDENTIALS = {
  access_key: 'AKIAIOSFODNN7EXAMPLE',
  secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** Provider arguments that need a real AWS account or local credentials files. */
const REMOVED_ARGUMENTS = [
  'assume_role',
  'assume_role_with_web_identity',
  'allowed_account_ids',
  'forbidden_account_ids',
  'profile',
  'shared_config_files',
  'shared_credentials_files',
  'access_key',
  'secret_key',
  'token',
];

export interface ProviderFailure {
  stack: string;
  /** The provider alias; undefined for the default provider or an error not tied to one provider. */
  alias?: string;
  region?: string;
  message: string;
}

export interface ProviderCheckResult {
  stack: string;
  providers: number;
  failures: ProviderFailure[];
  /** Terraform's whole output (for an error the parser did not place). */
  output: string;
  ok: boolean;
}

/** The data source name that makes Terraform configure one provider block. */
function probeName(alias: string | undefined): string {
  return `probe-${alias ?? 'default'}`;
}

/** The provider blocks of a synthesized stack (cdk.tf.json), as a list. */
export function providerBlocks(stackJson: Json): Json[] {
  const aws = stackJson.provider?.aws;
  if (aws === undefined) return [];
  return Array.isArray(aws) ? aws : [aws];
}

/** The offline probe configuration (Terraform JSON) for a synthesized stack's providers. */
export function probeConfiguration(stackJson: Json): Json {
  const providers: Json[] = providerBlocks(stackJson).map((block) => {
    const probe: Json = { ...block };
    for (const argument of REMOVED_ARGUMENTS) delete probe[argument];
    return {
      ...probe,
      ...FAKE_CREDENTIALS,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
    };
  });
  const partitions: Json = {};
  for (const provider of providers) {
    partitions[probeName(provider.alias)] = provider.alias ? { provider: `aws.${provider.alias}` } : {};
  }
  return {
    terraform: { required_providers: stackJson.terraform?.required_providers ?? { aws: { source: 'hashicorp/aws' } } },
    provider: { aws: providers },
    data: { aws_partition: partitions },
  };
}

/**
 * Terraform's errors, one per `Error:` block, each tied to the provider named
 * in its `with provider["…"].<alias>,` line when there is one.
 */
export function parseProviderErrors(stack: string, output: string, regionOf: (alias: string | undefined) => string | undefined): ProviderFailure[] {
  const blocks = output.split(/^Error: /m).slice(1);
  return blocks.map((block) => {
    const lines = block.split('\n');
    const messageLines: string[] = [];
    for (const line of lines) {
      if (/^\s*(with |on )/.test(line)) break;
      messageLines.push(line);
    }
    const detail = lines
      .slice(lines.findIndex((line) => /^\s*on /.test(line)) + 1)
      .filter((line) => line.trim() !== '' && !/^\s*\d+:/.test(line) && !/^\s*(with |on )/.test(line))
      .join(' ')
      .trim();
    const message = [messageLines.join(' ').replace(/\s+/g, ' ').trim(), lines.some((line) => /^\s*on /.test(line)) ? detail : '']
      .filter(Boolean)
      .join(': ');
    const provider = /with provider\["[^"]+"\](?:\.([A-Za-z0-9_-]+))?,/.exec(block);
    const data = /with data\.aws_partition\.probe-([A-Za-z0-9_-]+),/.exec(block);
    const alias = provider ? provider[1] : data ? (data[1] === 'default' ? undefined : data[1]) : undefined;
    const tied = Boolean(provider || data);
    return { stack, ...(tied && alias ? { alias } : {}), ...(tied ? { region: regionOf(alias) } : {}), message };
  });
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('terraform', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\n(terraform ${args[0]} stopped after ${timeoutMs / 1000}s)`;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, output: `${output}\n${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

/**
 * Configures every provider of `stackJson` with the real provider binary
 * (offline `terraform plan` in `workDir`) and reports each provider that fails.
 */
export async function checkStackProviders(stack: string, stackJson: Json, workDir: string, tf: TerraformEnv, timeoutMs = 10 * 60 * 1000): Promise<ProviderCheckResult> {
  const probe = probeConfiguration(stackJson);
  const regions = new Map<string | undefined, string | undefined>(probe.provider.aws.map((p: Json) => [p.alias, p.region]));
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  writeFileSync(path.join(workDir, 'main.tf.json'), `${JSON.stringify(probe, null, 2)}\n`);
  const env = { ...tf.env, TF_IN_AUTOMATION: '1' };
  const providers = probe.provider.aws.length;
  const init = await run(['init', '-input=false', '-no-color', '-backend=false'], workDir, env, timeoutMs);
  if (init.code !== 0) {
    return { stack, providers, output: init.output, ok: false, failures: [{ stack, message: `terraform init failed: ${init.output.trim().split('\n').slice(-5).join(' ')}` }] };
  }
  const plan = await run(['plan', '-input=false', '-no-color', '-lock=false', '-refresh=true'], workDir, env, timeoutMs);
  if (plan.code === 0) return { stack, providers, output: plan.output, ok: true, failures: [] };
  const failures = parseProviderErrors(stack, plan.output, (alias) => regions.get(alias));
  return {
    stack,
    providers,
    output: plan.output,
    ok: false,
    failures: failures.length > 0 ? failures : [{ stack, message: plan.output.trim().split('\n').slice(-5).join(' ') }],
  };
}

/** One line per failing provider: `stack provider aws.<alias> (<region>): <Terraform's message>`. */
export function formatProviderFailure(failure: ProviderFailure): string {
  const provider = failure.region !== undefined || failure.alias !== undefined ? ` provider aws${failure.alias ? `.${failure.alias}` : ''}${failure.region ? ` (${failure.region})` : ''}` : '';
  return `${failure.stack}${provider}: ${failure.message}`;
}

/**
 * The other half of the fact: every provider block that skips region
 * validation, configured again without the skip, must still be refused
 * ("invalid AWS Region"). One that is accepted means the pinned provider has
 * come to know the region: its entry in REGIONS_UNKNOWN_TO_PROVIDER
 * (config/regions.ts) is stale and is reported.
 */
export async function checkSkipsStillNeeded(stack: string, stackJson: Json, workDir: string, tf: TerraformEnv, timeoutMs = 10 * 60 * 1000): Promise<ProviderCheckResult> {
  const skipping = providerBlocks(stackJson).filter((block) => block.skip_region_validation === true);
  if (skipping.length === 0) return { stack, providers: 0, failures: [], output: '', ok: true };
  const unvalidated = { ...stackJson, provider: { aws: skipping.map(({ skip_region_validation: _skip, ...block }) => block) } };
  const result = await checkStackProviders(stack, unvalidated, workDir, tf, timeoutMs);
  const refused = new Set(result.failures.filter((failure) => /invalid AWS Region/.test(failure.message)).map((failure) => failure.alias));
  const failures: ProviderFailure[] = skipping
    .filter((block) => !refused.has(block.alias))
    .map((block) => ({
      stack,
      alias: block.alias,
      region: block.region,
      message: `the provider now accepts region ${block.region} without skip_region_validation: remove it from REGIONS_UNKNOWN_TO_PROVIDER (config/regions.ts)`,
    }));
  return { stack, providers: skipping.length, failures, output: result.output, ok: failures.length === 0 };
}
