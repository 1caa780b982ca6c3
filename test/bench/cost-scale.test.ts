/** The bench's cost section: the sizes issue 13 asks for, and its table. */
import { COST_SIZES, costMarkdown, costTable, DIMENSION_SIZES, type CostRow } from '../../bench/cost-scale';

const row: CostRow = { accounts: 500, totalMonthUsd: 123.456, perAccountMonthUsd: 0.2469, standardAlarms: 90, customMetrics: 60, largestFilterDimensionValues: 32, notPriced: 0 };

describe('bench cost section', () => {
  it('covers 10, 100, 500, 2,000 and 5,000 accounts, and prints the filter dimension figure for 500, 2,000 and 5,000', () => {
    expect([...COST_SIZES]).toEqual([10, 100, 500, 2000, 5000]);
    expect(DIMENSION_SIZES.every((size) => (COST_SIZES as readonly number[]).includes(size))).toBe(true);
  });

  it('renders each row with the cost, per-account cost and the largest dimension count against the 1,000 limit', () => {
    const text = costTable([row], 'console');
    expect(text).toContain('limit 1000');
    expect(text).toMatch(/500\s+123\.46\s+0\.25\s+90\s+60\s+32\s+0/);
    expect(costMarkdown([row])).toContain('| 500 | 123.46 | 0.25 | 90 | 60 | 32 | 0 |');
  });
});
