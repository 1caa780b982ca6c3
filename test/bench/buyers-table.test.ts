/**
 * The buyer's table of docs/cost.md is generated (bench/buyers-table.ts), never
 * typed in: its 10-account row is what the cost model computes now, for an
 * existing trail and an own trail.
 */
import { readFileSync } from 'node:fs';
import { buyerRow, buyersMarkdown, BUYERS_SECTION, COST_DOC, dominant } from '../../bench/buyers-table';
import { sectionMarkers } from '../../generated-docs/generated-section';

describe("docs/cost.md's buyer's table", () => {
  const doc = readFileSync(COST_DOC, 'utf8');
  const { start, end } = sectionMarkers(BUYERS_SECTION);
  const block = doc.slice(doc.indexOf(start) + start.length, doc.indexOf(end));

  it('THEN it has a row per size, 10 to 5,000 accounts', () => {
    const sizes = block.split('\n').filter((line) => /^\| [\d,]+ \|/.test(line)).map((line) => line.split('|')[1].trim());
    expect(sizes).toEqual(['10', '100', '500', '2,000', '5,000']);
  });

  it('THEN its 10-account row is what the cost model computes now', () => {
    const row = buyerRow(10);
    const expected = buyersMarkdown([row]).split('\n').find((line) => line.startsWith('| 10 |'))!;
    expect(block.split('\n').find((line) => line.startsWith('| 10 |'))).toBe(expected);
    // An own trail costs more than reusing the existing one, and its CloudTrail line (the additional copy of management events) is the difference.
    expect(row.own.totalMonthUsd).toBeGreaterThan(row.existing.totalMonthUsd);
    expect(row.own.byResourceType.aws_cloudtrail).toBeGreaterThan(row.existing.byResourceType.aws_cloudtrail);
    expect(dominant(row.own)).toMatch(/^[\w ]+ \d+%, [\w ]+ \d+%$/);
  });
});
