/**
 * cdktf's own floor, for the bench (issue 13): what cdktf costs to synthesize
 * an organization's output when nothing of signin-watch runs. A generated app
 * with the same stacks, the same provider configurations and the same
 * resources and data sources (same types, names and attribute values, as
 * literals: no construct logic, no token references), no aspect, synthesized
 * by cdktf's standard `app.synth()`.
 *
 *   CDKTF_OUTDIR=… SIGNIN_WATCH_SYNTH_TIMINGS=timings.json tsx bench/floor-app.ts --from <synth dir>
 *
 * The timings file gets the CPU time of building the app and of app.synth()
 * (reading the input is not counted), comparable with main.ts's
 * SIGNIN_WATCH_SYNTH_TIMINGS of the same organization.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, TerraformBackend, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { disableTokenCreationStackTraces } from '../stacks/token-stack-traces';

type Body = Record<string, unknown>;
type Blocks = Record<string, Record<string, Body>>;

interface StackJson {
  terraform?: { backend?: Record<string, Body> };
  provider?: Record<string, Body[]>;
  resource?: Blocks;
  data?: Blocks;
}

class LiteralProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, type: string, private readonly body: Body) {
    super(scope, id, { terraformResourceType: type, terraformProviderSource: `hashicorp/${type}` });
  }
  protected synthesizeAttributes(): Body {
    return this.body;
  }
}

class LiteralBackend extends TerraformBackend {
  constructor(scope: Construct, name: string, private readonly body: Body) {
    super(scope, 'backend', name);
  }
  protected synthesizeAttributes(): Body {
    return this.body;
  }
  getRemoteStateDataSource(): never {
    throw new Error('not used by the floor app');
  }
}

const withoutMetadata = (body: Body): Body => Object.fromEntries(Object.entries(body).filter(([key]) => key !== '//'));

class LiteralResource extends TerraformResource {
  constructor(scope: Construct, type: string, name: string, private readonly body: Body) {
    super(scope, `${type}.${name}`, { terraformResourceType: type });
    this.overrideLogicalId(name);
  }
  protected synthesizeAttributes(): Body {
    return this.body;
  }
}

class LiteralDataSource extends TerraformDataSource {
  constructor(scope: Construct, type: string, name: string, private readonly body: Body) {
    super(scope, `data.${type}.${name}`, { terraformResourceType: type });
    this.overrideLogicalId(name);
  }
  protected synthesizeAttributes(): Body {
    return this.body;
  }
}

export class FloorStack extends TerraformStack {
  constructor(scope: Construct, id: string, json: StackJson) {
    super(scope, id);
    for (const [name, body] of Object.entries(json.terraform?.backend ?? {})) new LiteralBackend(this, name, body);
    for (const [type, configs] of Object.entries(json.provider ?? {})) {
      configs.forEach((config, index) => new LiteralProvider(this, `provider.${type}.${index}`, type, config));
    }
    for (const [type, named] of Object.entries(json.resource ?? {})) {
      for (const [name, body] of Object.entries(named)) new LiteralResource(this, type, name, withoutMetadata(body));
    }
    for (const [type, named] of Object.entries(json.data ?? {})) {
      for (const [name, body] of Object.entries(named)) new LiteralDataSource(this, type, name, withoutMetadata(body));
    }
  }
}

/** Reads every stack of a synth directory (manifest order). */
export function readStacks(synthDir: string): Array<{ name: string; json: StackJson }> {
  const manifest = JSON.parse(readFileSync(path.join(synthDir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return Object.entries(manifest.stacks).map(([name, stack]) => ({
    name,
    json: JSON.parse(readFileSync(path.join(synthDir, stack.synthesizedStackPath), 'utf8')) as StackJson,
  }));
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Builds and synthesizes the floor app; returns CPU milliseconds of each phase. */
export function synthesizeFloor(stacks: Array<{ name: string; json: StackJson }>, outdir: string): { build: number; synth: number } {
  disableTokenCreationStackTraces(); // as main.ts: the floor is cdktf at its cheapest
  const start = cpuMs();
  const app = new App({ outdir, skipValidation: false, stackTraces: false });
  for (const { name, json } of stacks) new FloorStack(app, name, json);
  const built = cpuMs();
  app.synth();
  return { build: built - start, synth: cpuMs() - built };
}

if (require.main === module) {
  const flag = process.argv.indexOf('--from');
  if (flag < 0 || !process.argv[flag + 1]) throw new Error('usage: floor-app.ts --from SYNTH_DIR (CDKTF_OUTDIR sets the output)');
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const stacks = readStacks(process.argv[flag + 1]);
  const timings = synthesizeFloor(stacks, outdir);
  if (process.env.SIGNIN_WATCH_SYNTH_TIMINGS) writeFileSync(process.env.SIGNIN_WATCH_SYNTH_TIMINGS, `${JSON.stringify(timings)}\n`);
  console.log(`signin-watch bench: floor app synthesized ${stacks.length} stacks into ${outdir}`);
}
