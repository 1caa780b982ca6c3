import { concurrentPlans, replaceScaleBlock, SCALE_BLOCK_END, SCALE_BLOCK_START, table } from '../../bench/report';

describe('bench report tables', () => {
  const headers = ['Target', 'Met?'];
  const rows = [
    ['synth', 'yes'],
    ['plan | 30 regions', 'NO'],
  ];

  it('GIVEN rows WHEN rendered as markdown THEN pipes in cells are escaped', () => {
    expect(table(headers, rows, 'markdown')).toBe(['| Target | Met? |', '| --- | --- |', '| synth | yes |', '| plan \\| 30 regions | NO |'].join('\n'));
  });

  it('GIVEN rows WHEN rendered for the console THEN columns are aligned to the widest cell', () => {
    expect(table(headers, rows, 'console')).toBe(
      ['Target             Met?', '-----------------  ----', 'synth              yes', 'plan | 30 regions  NO'].join('\n'),
    );
  });
});

describe('runner sizing from the figures', () => {
  const GB = 1024 ** 3;
  it('GIVEN a plan needing 2 GB first and 1.5 GB more per further plan WHEN the runner has 7 GB (1 GB headroom) THEN 3 plans fit', () => {
    // 6 GB usable: 2 + 1.5 + 1.5 = 5 ≤ 6, a fourth would need 6.5
    expect(concurrentPlans(7 * GB, 2 * GB, 1.5 * GB)).toBe(3);
  });

  it('GIVEN a runner smaller than one plan THEN none fits', () => {
    expect(concurrentPlans(3 * GB, 2.5 * GB, 1 * GB)).toBe(0);
  });
});

describe('figures block of docs/scale.md', () => {
  it('GIVEN a text with the markers WHEN replaced THEN only the block changes', () => {
    const text = `intro\n${SCALE_BLOCK_START}\nold figures\n${SCALE_BLOCK_END}\noutro\n`;
    expect(replaceScaleBlock(text, `${SCALE_BLOCK_START}\nnew\n${SCALE_BLOCK_END}`)).toBe(`intro\n${SCALE_BLOCK_START}\nnew\n${SCALE_BLOCK_END}\noutro\n`);
  });

  it('GIVEN a text without markers THEN it is unchanged', () => {
    expect(replaceScaleBlock('no block here', 'x')).toBe('no block here');
  });
});
