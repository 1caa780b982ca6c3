/** Progress lines: one per step, with counts and elapsed time, on their own lines. */
import { createProgress } from '../../command/progress';

describe('GIVEN a task of three steps', () => {
  it('WHEN steps, a note and the end are reported THEN each is one line with the count and the elapsed time', () => {
    const lines: string[] = [];
    let now = 1_000;
    const progress = createProgress('drift', 3, { write: (line) => lines.push(line), now: () => now, quiet: false });

    progress.step('regions of management (111111111111)');
    now += 1_500;
    progress.note('throttled, retry 1 in 500 ms');
    progress.step('regions of security (333333333333)');
    now += 250;
    progress.done('2 drift findings');

    expect(lines).toEqual([
      '[drift] 1/3 regions of management (111111111111) (0.0 s)',
      '[drift] throttled, retry 1 in 500 ms (1.5 s)',
      '[drift] 2/3 regions of security (333333333333) (1.5 s)',
      '[drift] done: 2 drift findings (1.8 s)',
    ]);
    expect(progress.count).toBe(2);
  });

  it('WHEN quiet THEN nothing is written but steps are still counted', () => {
    const lines: string[] = [];
    const progress = createProgress('synth', 2, { write: (line) => lines.push(line), quiet: true });
    progress.step('a');
    progress.done('ok');
    expect(lines).toEqual([]);
    expect(progress.count).toBe(1);
  });
});
