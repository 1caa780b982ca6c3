import { table } from '../../scripts/bench/report';

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
