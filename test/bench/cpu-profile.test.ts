import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { hotSpots } from '../../bench/cpu-profile';
import { scratchTempDir } from '../support/scratch';

describe('cpu profile summary', () => {
  // GIVEN a profile where main calls resolve, sampled 3 times in resolve (10 ms each) and once in main (5 ms)
  const profile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2] },
      { id: 2, callFrame: { functionName: 'main', url: `file://${path.join(__dirname, '..', '..', 'main.ts')}`, lineNumber: 9 }, children: [3] },
      { id: 3, callFrame: { functionName: 'resolve', url: 'file:///x/node_modules/cdktf/lib/tokens/private/resolve.js', lineNumber: 19 } },
    ],
    samples: [3, 3, 3, 2],
    timeDeltas: [10_000, 10_000, 10_000, 5_000],
  };
  const file = path.join(scratchTempDir('bench-profile-'), 'x.cpuprofile');
  writeFileSync(file, JSON.stringify(profile));

  it('WHEN summarized THEN self time goes to the leaf, total time to every caller once', () => {
    const summary = hotSpots(file, 3);
    expect(summary.totalMs).toBe(35);
    expect(summary.bySelf.slice(0, 2)).toEqual([
      { fn: 'resolve cdktf/lib/tokens/private/resolve.js:20', selfMs: 30, totalMs: 30 },
      { fn: 'main main.ts:10', selfMs: 5, totalMs: 35 },
    ]);
    expect(summary.byTotal).toEqual(
      expect.arrayContaining([
        { fn: '(root) :0', selfMs: 0, totalMs: 35 },
        { fn: 'main main.ts:10', selfMs: 5, totalMs: 35 },
        { fn: 'resolve cdktf/lib/tokens/private/resolve.js:20', selfMs: 30, totalMs: 30 },
      ]),
    );
    expect(summary.byTotal[2].fn).toBe('resolve cdktf/lib/tokens/private/resolve.js:20');
  });
});
