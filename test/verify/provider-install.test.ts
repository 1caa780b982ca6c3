/**
 * `npm test` offline without SIGNIN_WATCH_PROVIDER_MIRROR: the first
 * `terraform init` fails to reach the registry, and verify stops with one
 * message naming the variable instead of one registry error per stack.
 * A stand-in `terraform` prints what Terraform 1.11 prints offline.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ProviderInstallError, validateStacks, type StackFailure } from '../../verify/run';
import { MIRROR_VARIABLE, type TerraformEnv } from '../../terraform/env';

const OFFLINE_INIT = `Initializing provider plugins...
- Finding hashicorp/aws versions matching "5.100.0"...
╷
│ Error: Failed to query available provider packages
│
│ Could not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io: failed to request discovery document: Get "https://registry.terraform.io/.well-known/terraform.json": dial tcp: lookup registry.terraform.io on 127.0.0.53:53: no such host
╵
`;

describe('GIVEN no provider mirror and no network', () => {
  let root: string;
  let calls: string;
  let tf: TerraformEnv;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sw-offline-'));
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    calls = path.join(root, 'calls');
    writeFileSync(calls, '');
    writeFileSync(path.join(bin, 'terraform'), `#!/bin/sh\necho "$@" >> "${calls}"\ncat >&2 <<'EOF'\n${OFFLINE_INIT}EOF\nexit 1\n`);
    chmodSync(path.join(bin, 'terraform'), 0o755);
    tf = { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, cliConfigFile: '', pluginCacheDir: '', mirror: undefined };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('THEN validate stops after the first init with one message that names the mirror variable', async () => {
    const stacks = ['aggregator', 'management', 'member-a'].map((name) => {
      const dir = path.join(root, name);
      mkdirSync(dir, { recursive: true });
      return { name, dir, json: {} };
    });
    const failures: StackFailure[] = [];
    const run = validateStacks(stacks, tf, 2, failures);
    await expect(run).rejects.toBeInstanceOf(ProviderInstallError);
    const message = await run.catch((error: Error) => error.message);
    expect(message).toContain('Terraform could not install the AWS provider from registry.terraform.io');
    expect(message).toContain(`${MIRROR_VARIABLE}=/opt/tf-plugins npm test`);
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('THEN with a mirror configured the same failure stays a per-stack failure (the mirror is what is wrong)', async () => {
    const stacks = [{ name: 'aggregator', dir: path.join(root, 'aggregator'), json: {} }];
    const failures: StackFailure[] = [];
    await expect(validateStacks(stacks, { ...tf, mirror: '/opt/tf-plugins' }, 1, failures)).resolves.toEqual([]);
    expect(failures.map((failure) => failure.stack)).toEqual(['aggregator']);
  });
});
