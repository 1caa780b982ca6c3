import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AWS_PROVIDER_SOURCE, MIRROR_VARIABLE, prepareTerraformEnv, resolveProviderMirror, terraformCliConfig } from '../../terraform/env';
import { findProviderMirror } from '../../terraform/mirror';
import { defaultJobs } from '../../verify/run';

describe('terraform-env', () => {
  let root: string;
  let mirror: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sw-tfenv-'));
    mirror = path.join(root, 'mirror');
    mkdirSync(path.join(mirror, AWS_PROVIDER_SOURCE, '5.100.0', 'linux_amd64'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('GIVEN a mirror WHEN the CLI config is rendered THEN the AWS provider comes only from it, with a shared plugin cache', () => {
    expect(terraformCliConfig('/cache', '/mirror')).toBe(
      [
        'plugin_cache_dir = "/cache"',
        'provider_installation {',
        '  filesystem_mirror {',
        '    path    = "/mirror"',
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN no mirror WHEN the CLI config is rendered THEN Terraform installs normally, still through the cache', () => {
    expect(terraformCliConfig('/cache')).toBe('plugin_cache_dir = "/cache"\n');
  });

  it(`GIVEN ${MIRROR_VARIABLE} names a mirror WHEN the env is prepared THEN every Terraform call gets the project's CLI config and no checkpoint`, () => {
    const tf = prepareTerraformEnv({ root, baseEnv: { [MIRROR_VARIABLE]: mirror, TF_CLI_CONFIG_FILE: '/nonexistent/.terraformrc', TF_PLUGIN_CACHE_DIR: '/elsewhere' } });
    expect(tf.mirror).toBe(mirror);
    expect(tf.env.CHECKPOINT_DISABLE).toBe('1');
    expect(tf.env.TF_CLI_CONFIG_FILE).toBe(path.join(root, '.tmp', 'terraformrc.mirror'));
    expect(tf.env.TF_PLUGIN_CACHE_DIR).toBeUndefined();
    expect(readFileSync(tf.cliConfigFile, 'utf8')).toBe(terraformCliConfig(path.join(root, '.tmp', 'terraform-plugin-cache'), mirror));
  });

  it('GIVEN no mirror variable and no mirror on the machine WHEN the env is prepared THEN the registry config is used', () => {
    const tf = prepareTerraformEnv({ root, baseEnv: {}, mirrorRoots: [path.join(root, 'nowhere')] });
    expect(tf.mirror).toBeUndefined();
    expect(readFileSync(tf.env.TF_CLI_CONFIG_FILE!, 'utf8')).not.toContain('provider_installation');
  });

  it('GIVEN no mirror variable but a mirror two levels below a search root WHEN the env is prepared THEN that mirror is used', () => {
    const search = path.join(root, 'search');
    const nested = path.join(search, 'b', 'tf-plugins');
    mkdirSync(path.join(nested, AWS_PROVIDER_SOURCE), { recursive: true });
    mkdirSync(path.join(search, 'a', 'empty'), { recursive: true });
    const tf = prepareTerraformEnv({ root, baseEnv: { [MIRROR_VARIABLE]: '' }, mirrorRoots: [path.join(root, 'nowhere'), search] });
    expect(tf.mirror).toBe(nested);
    expect(readFileSync(tf.cliConfigFile, 'utf8')).toContain(`path    = ${JSON.stringify(nested)}`);
  });

  it('GIVEN both WHEN the mirror is resolved THEN the variable wins over the search', () => {
    expect(resolveProviderMirror({ [MIRROR_VARIABLE]: mirror }, [path.join(root, 'search')])).toBe(mirror);
  });

  it('GIVEN a mirror three levels below the root WHEN searched THEN it is not found (a bounded search)', () => {
    const deep = path.join(root, 'deep');
    mkdirSync(path.join(deep, 'a', 'b', 'c', AWS_PROVIDER_SOURCE), { recursive: true });
    expect(findProviderMirror([deep])).toBeUndefined();
    expect(findProviderMirror([path.join(deep, 'a')])).toBe(path.join(deep, 'a', 'b', 'c'));
  });

  it('GIVEN this machine WHEN npm test runs without the variable THEN the default search finds /opt/tf-plugins when it exists', () => {
    if (!existsSync('/opt/tf-plugins/registry.terraform.io/hashicorp/aws')) return;
    expect(resolveProviderMirror({})).toBe('/opt/tf-plugins');
  });

  it('GIVEN the variable names a directory without the AWS provider WHEN the env is prepared THEN it fails naming the variable', () => {
    expect(() => prepareTerraformEnv({ root, baseEnv: { [MIRROR_VARIABLE]: root } })).toThrow(
      `${MIRROR_VARIABLE}=${root}: no ${AWS_PROVIDER_SOURCE} inside`,
    );
  });
});

describe('plugin cache seeding', () => {
  it('GIVEN a mirror WHEN the env is prepared THEN the cache links each mirrored package, as terraform init would', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sw-tfcache-'));
    try {
      const mirror = path.join(root, 'mirror');
      const packageDir = path.join(mirror, AWS_PROVIDER_SOURCE, '5.100.0', 'linux_amd64');
      mkdirSync(packageDir, { recursive: true });
      const tf = prepareTerraformEnv({ root, baseEnv: { [MIRROR_VARIABLE]: mirror } });
      const entry = path.join(tf.pluginCacheDir, AWS_PROVIDER_SOURCE, '5.100.0', 'linux_amd64');
      expect(lstatSync(entry).isSymbolicLink()).toBe(true);
      expect(readlinkSync(entry)).toBe(packageDir);
      // A second run (or a concurrent one) leaves the link as it is.
      expect(() => prepareTerraformEnv({ root, baseEnv: { [MIRROR_VARIABLE]: mirror } })).not.toThrow();
      expect(readlinkSync(entry)).toBe(packageDir);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('verify parallelism', () => {
  it('GIVEN 2 cores and plenty of memory THEN 2 stacks run at a time', () => {
    expect(defaultJobs(2, 16 * 1024 ** 3)).toBe(2);
  });
  it('GIVEN many cores THEN still 2 (each stack is many provider processes)', () => {
    expect(defaultJobs(16, 64 * 1024 ** 3)).toBe(2);
  });
  it('GIVEN under 3 GB free or one core THEN one stack at a time', () => {
    expect(defaultJobs(2, 2 * 1024 ** 3)).toBe(1);
    expect(defaultJobs(1, 16 * 1024 ** 3)).toBe(1);
    expect(defaultJobs(2, 100 * 1024 ** 2)).toBe(1);
  });
});
