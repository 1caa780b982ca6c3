import { isProviderProcess, measure, procAvailable } from '../../bench/process-tree';
import { MB } from '../../bench/targets';

const onLinux = procAvailable() ? describe : describe.skip;

/** A node program that holds `mb` MB in a child process for a moment, then exits with `code`. */
function childHolding(mb: number, code: number): string[] {
  const grandchild = `const b = Buffer.alloc(${mb} * 1024 * 1024, 1); setTimeout(() => process.exit(0), 1500)`;
  return ['-e', `const { spawnSync } = require('node:child_process'); spawnSync(process.execPath, ['-e', ${JSON.stringify(grandchild)}]); process.exit(${code})`];
}

onLinux('process tree measurement', () => {
  describe('GIVEN a command whose child process holds 200 MB', () => {
    let result: Awaited<ReturnType<typeof measure>>;
    beforeAll(async () => {
      // WHEN it is measured
      result = await measure(process.execPath, childHolding(200, 3));
    });

    it("THEN the grandchild's memory counts in the tree's peak", () => {
      expect(result.peakTreeMemoryBytes).toBeGreaterThan(200 * MB);
      expect(result.peakTreePrivateBytes).toBeGreaterThan(200 * MB);
      expect(result.peakProcessRssBytes).toBeGreaterThan(200 * MB);
    });

    it('THEN both processes were seen and none is a provider', () => {
      expect(result.peakProcesses).toBe(2);
      expect(result.peakProviderProcesses).toBe(0);
    });

    it('THEN the exit code is reported and nothing was stopped', () => {
      expect(result.exitCode).toBe(3);
      expect(result.stoppedBecause).toBeUndefined();
    });
  });

  describe('GIVEN a command that keeps a core busy for 600 ms of CPU time', () => {
    it('WHEN measured THEN its CPU time is counted (sampled, so up to 100 ms short)', async () => {
      const busy = 'const start = process.cpuUsage(); while (process.cpuUsage(start).user < 600000) {} setTimeout(() => {}, 300)';
      const result = await measure(process.execPath, ['-e', busy]);
      expect(result.cpuMs).toBeGreaterThanOrEqual(450);
    });
  });

  describe('GIVEN a memory cap below what the tree uses', () => {
    it('WHEN measured THEN the whole tree is stopped and the reason recorded', async () => {
      const result = await measure(process.execPath, childHolding(300, 0), { rssCapBytes: 150 * MB });
      expect(result.stoppedBecause).toBe('rss-cap');
      expect(result.signal).toBe('SIGKILL');
    });
  });
});

describe('provider process recognition', () => {
  it('GIVEN the 15-character comm of the AWS provider THEN it is a provider', () => {
    expect(isProviderProcess('terraform-provi')).toBe(true);
    expect(isProviderProcess('terraform')).toBe(false);
  });
});
