/**
 * Regions the pinned provider does not know (config/regions.ts
 * REGIONS_UNKNOWN_TO_PROVIDER) still get the right service endpoints once
 * region validation is skipped. The real provider binary reads an EventBridge
 * bus, lists SQS queues and reads an IAM role through a local HTTPS proxy that
 * only records the host each request is for and refuses it: nothing reaches
 * AWS, and the recorded hosts are the endpoints the provider resolved.
 * (EventBridge Scheduler has no data source in hashicorp/aws 5.100.0; its SDK
 * client resolves endpoints the same way as these.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { REGIONS_UNKNOWN_TO_PROVIDER } from '../../config/regions';
import { prepareTerraformEnv } from '../../terraform/env';

function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('terraform', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', () => resolve(output));
  });
}

describe('GIVEN providers in the regions the pinned provider does not know, with region validation skipped', () => {
  const hosts = new Set<string>();
  let workDir: string;
  let proxy: http.Server;
  let output: string;

  beforeAll(async () => {
    proxy = http.createServer((_request, response) => response.writeHead(502).end());
    proxy.on('connect', (request, socket) => {
      hosts.add(String(request.url));
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

    workDir = mkdtempSync(path.join(os.tmpdir(), 'sw-provider-endpoints-'));
    const providers = REGIONS_UNKNOWN_TO_PROVIDER.map((region) => ({
      alias: region,
      region,
      skip_region_validation: true,
      access_key: 'AKIAIOSFODNN7EXAMPLE',
      secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      max_retries: 1,
    }));
    const perRegion = <T>(body: T) => Object.fromEntries(REGIONS_UNKNOWN_TO_PROVIDER.map((region) => [region, { ...body, provider: `aws.${region}` }]));
    writeFileSync(
      path.join(workDir, 'main.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
        provider: { aws: providers },
        data: {
          aws_cloudwatch_event_bus: perRegion({ name: 'default' }),
          aws_sqs_queues: perRegion({}),
          aws_iam_role: perRegion({ name: 'signin-watch-probe' }),
        },
      }),
    );
    const tf = prepareTerraformEnv();
    const env: NodeJS.ProcessEnv = { ...tf.env, HTTPS_PROXY: proxyUrl, https_proxy: proxyUrl, HTTP_PROXY: proxyUrl, http_proxy: proxyUrl };
    delete env.NO_PROXY;
    delete env.no_proxy;
    await terraform(['init', '-input=false', '-no-color', '-backend=false'], workDir, env);
    output = await terraform(['plan', '-input=false', '-no-color', '-lock=false'], workDir, env);
  }, 10 * 60 * 1000);
  afterAll(async () => {
    await new Promise((resolve) => proxy.close(resolve));
    rmSync(workDir, { recursive: true, force: true });
  });

  it('THEN the provider accepts each region (no "invalid AWS Region")', () => {
    expect(output).not.toContain('invalid AWS Region');
  });

  it("THEN EventBridge and SQS requests go to the region's own endpoints, IAM to its global endpoint", () => {
    for (const region of REGIONS_UNKNOWN_TO_PROVIDER) {
      expect(hosts).toContain(`events.${region}.amazonaws.com:443`);
      expect(hosts).toContain(`sqs.${region}.amazonaws.com:443`);
    }
    expect(hosts).toContain('iam.amazonaws.com:443');
    expect([...hosts].every((host) => host.endsWith('.amazonaws.com:443'))).toBe(true);
  });
});
