/** The machine and tool versions a bench ran on, for the report header. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  terraform: string;
  cdktf: string;
  cdktfCli: string;
  providerAws: string;
}

const ROOT = path.join(__dirname, '..');

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function terraformVersion(env: NodeJS.ProcessEnv): string {
  try {
    const out = execFileSync('terraform', ['version', '-json'], { env, encoding: 'utf8' });
    return (JSON.parse(out) as { terraform_version: string }).terraform_version;
  } catch {
    return 'not found';
  }
}

export function machineInfo(env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' }): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    terraform: terraformVersion(env),
    cdktf: packageVersion('cdktf'),
    cdktfCli: packageVersion('cdktf-cli'),
    providerAws: packageVersion('@cdktf/provider-aws'),
  };
}
