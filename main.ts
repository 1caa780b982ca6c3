/**
 * Entry point for `npm run synth` and `cdktf synth`: reads the organization
 * config and synthesizes one Terraform configuration per stack.
 * Config: --config PATH, else $SIGNIN_WATCH_CONFIG, else config/org.yaml.
 */
import * as path from 'node:path';
import { loadConfig, ConfigError } from './config/load';
import { buildApp } from './stacks/app';

function configPath(argv: string[]): string {
  const flag = argv.indexOf('--config');
  if (flag >= 0 && argv[flag + 1]) return argv[flag + 1];
  return process.env.SIGNIN_WATCH_CONFIG ?? path.join(__dirname, 'config', 'org.yaml');
}

function main(): void {
  const file = configPath(process.argv.slice(2));
  const outdir = process.env.CDKTF_OUTDIR ?? path.join(process.cwd(), 'cdktf.out');
  try {
    const config = loadConfig(file);
    const { app, stackNames } = buildApp(config, outdir);
    if (stackNames.length === 0) throw new Error(`${file}: no stack was produced`);
    app.synth();
    console.log(`signin-watch: synthesized ${stackNames.length} stacks into ${outdir}: ${stackNames.join(', ')}`);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

main();
