import { atMost, doesNotGrow, GB, MB, megabytes, seconds } from '../../bench/targets';

describe('bench targets', () => {
  it('GIVEN a figure within the limit THEN the target is met', () => {
    expect(atMost('synth', 5000, 4200, seconds, '≤ 5 s')).toEqual({ what: 'synth', target: '≤ 5 s', measured: '4.2 s', met: 'yes' });
  });

  it('GIVEN a figure above the limit THEN the target is missed', () => {
    expect(atMost('synth', 5000, 5100, seconds, '≤ 5 s').met).toBe('NO');
  });

  it('GIVEN no figure THEN the row says not measured', () => {
    expect(atMost('synth', 5000, undefined, seconds, '≤ 5 s')).toEqual({ what: 'synth', target: '≤ 5 s', measured: 'not measured', met: 'n/a' });
  });

  it('GIVEN plan memory of a small and a large org within the noise ratio THEN it does not grow', () => {
    expect(doesNotGrow('member', 1000 * MB, 1100 * MB, 1.15)).toEqual({
      what: 'member',
      target: '500 ≤ 10 × 1.15',
      measured: '1000 MB → 1100 MB (×1.10)',
      met: 'yes',
    });
  });

  it('GIVEN plan memory that grows beyond the noise ratio THEN the target is missed', () => {
    expect(doesNotGrow('aggregator', 700 * MB, 900 * MB, 1.15).met).toBe('NO');
  });

  it('GIVEN large sizes THEN memory reads in GB', () => {
    expect(megabytes(12 * GB)).toBe('12.0 GB');
    expect(megabytes(2 * GB)).toBe('2048 MB');
  });
});
