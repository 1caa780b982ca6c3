/**
 * docs/alerts.md (and the README's table) list every alert kind of the
 * catalogue, in ALERT_KIND_IDS order, with the catalogue's severity; the
 * heartbeat period they state is the schedule's.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ALERT_KIND_IDS } from '../../config/alert-kinds';
import { HEARTBEAT_SCHEDULE_EXPRESSION } from '../../config/names';
import { alertCatalogue } from '../../detection/catalogue';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** [id, severity] of each row of the alert table (`| \`id\` | SEVERITY | … |`). */
function tableRows(text: string): Array<[string, string]> {
  return [...text.matchAll(/^\| `([a-z-]+)` \| ([A-Z]+) \|/gm)].map((match) => [match[1], match[2]]);
}

describe('the alert kinds in the docs', () => {
  const catalogue = alertCatalogue({ enabled: Object.fromEntries(ALERT_KIND_IDS.map((id) => [id, true])) });
  const expected = ALERT_KIND_IDS.map((id) => [id, catalogue.find((kind) => kind.id === id)?.severity]);

  it('GIVEN the catalogue THEN it has every kind ALERT_KIND_IDS names', () => {
    expect(catalogue.map((kind) => kind.id).sort()).toEqual([...ALERT_KIND_IDS].sort());
  });

  it.each(['docs/alerts.md'])('THEN %s lists every kind, in catalogue order, with its severity', (doc) => {
    expect(tableRows(read(doc))).toEqual(expected);
  });

  it('THEN the README lists every kind with its severity', () => {
    expect(tableRows(read('README.md')).sort()).toEqual([...expected].sort());
  });

  it('THEN docs/alerts.md states the heartbeat period of the schedule, never "hourly"', () => {
    const text = read('docs/alerts.md').replace(/\s+/g, ' ');
    const minutes = /^rate\((\d+) minutes\)$/.exec(HEARTBEAT_SCHEDULE_EXPRESSION)![1];
    expect(text).toContain(`every ${minutes} minutes`);
    expect(text).not.toMatch(/(?<!half-)\bhourly\b/);
  });
});
