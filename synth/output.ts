/**
 * Reads what `npm run synth` wrote: cdktf.out/manifest.json and one
 * cdk.tf.json per stack. Coverage, changed-stacks and the plan scripts read
 * the synthesized Terraform rather than the config, so they cannot disagree
 * with what is deployed.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The parts of a Terraform JSON configuration these scripts look at. */
export interface TerraformJson {
  terraform?: { backend?: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  provider?: Record<string, Array<Record<string, unknown>>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  [key: string]: unknown;
}

export interface SynthesizedStack {
  name: string;
  /** Absolute path of the stack's working directory (where terraform runs). */
  workingDirectory: string;
  terraform: TerraformJson;
}

interface ManifestStack {
  name: string;
  workingDirectory: string;
  synthesizedStackPath: string;
}

export class SynthOutputError extends Error {}

/** Stack names listed in <outdir>/manifest.json, sorted. */
export function listStacks(outdir: string): string[] {
  return Object.keys(readManifest(outdir)).sort();
}

export function readSynthOutput(outdir: string): Map<string, SynthesizedStack> {
  const stacks = new Map<string, SynthesizedStack>();
  for (const [name, entry] of Object.entries(readManifest(outdir)).sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(outdir, entry.synthesizedStackPath);
    if (!existsSync(file)) throw new SynthOutputError(`${file}: listed in the manifest but missing; run npm run synth again`);
    stacks.set(name, {
      name,
      workingDirectory: path.resolve(outdir, entry.workingDirectory),
      terraform: JSON.parse(readFileSync(file, 'utf8')) as TerraformJson,
    });
  }
  return stacks;
}

function readManifest(outdir: string): Record<string, ManifestStack> {
  const file = path.join(outdir, 'manifest.json');
  if (!existsSync(file)) throw new SynthOutputError(`${file} not found: run npm run synth first (or pass the directory of a previous synth)`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { stacks?: Record<string, ManifestStack> };
  return manifest.stacks ?? {};
}

/** Every resource of one Terraform type in a stack, as [logical id, body]. */
export function resourcesOfType(terraform: TerraformJson, type: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(terraform.resource?.[type] ?? {});
}

/**
 * The region a resource is created in: its provider alias's region, else the
 * default provider's region. `provider` is "aws.<alias>" or absent.
 */
export function resourceRegion(terraform: TerraformJson, resource: Record<string, unknown>): string | undefined {
  const providers = terraform.provider?.aws ?? [];
  const ref = typeof resource.provider === 'string' ? resource.provider : undefined;
  const alias = ref?.startsWith('aws.') ? ref.slice('aws.'.length) : undefined;
  const config = alias ? providers.find((p) => p.alias === alias) : providers.find((p) => p.alias === undefined);
  return typeof config?.region === 'string' ? config.region : undefined;
}
