/**
 * docs/detection.md stays true to the catalogue: the alert table, and the example
 * patterns are compared with what the code
 * produces now.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { alertKind, fullAlertCatalogue, SIGN_IN_EVENT_NAMES } from '../../detection/catalogue';
import { REPO_ROOT } from './helpers';

const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'detection.md'), 'utf8');

/** The fenced block right after an HTML comment marker. */
function blockAfter(marker: string): string {
  const start = doc.indexOf(marker);
  if (start < 0) throw new Error(`docs/detection.md has no ${marker}`);
  const fence = /```[a-z]*\n([\s\S]*?)\n```/.exec(doc.slice(start));
  if (!fence) throw new Error(`no code block after ${marker}`);
  return fence[1];
}

describe('docs/detection.md', () => {
  it('GIVEN the alert kinds table WHEN read THEN it lists every kind with the catalogue severity, in order', () => {
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| ([A-Z]+) \|/gm)].map((match) => [match[1], match[2]]);
    expect(rows).toEqual(fullAlertCatalogue().map((kind) => [kind.id, kind.severity]));
  });

  it('GIVEN the example patterns WHEN compared THEN they are the catalogue strings of console-login-failure', () => {
    const kind = alertKind('console-login-failure');
    expect(blockAfter('<!-- pattern: console-login-failure -->').split('\n')).toEqual([
      `EventBridge pattern:   ${JSON.stringify(kind.eventPattern)}`,
      `raw-record filter:     ${kind.rawMetricFilter}`,
      `envelope filter:       ${kind.envelopeMetricFilter}`,
    ]);
  });

  it('GIVEN the messages section WHEN read THEN it shows no renderings of the retired input transformer and links the engine-rendered samples', () => {
    expect(doc).not.toMatch(/<!-- sample: /);
    expect(doc).toContain('[alert-messages.md](alert-messages.md)');
  });

  it('GIVEN the forwarding table WHEN read THEN it names exactly the forwarded event names', () => {
    const section = doc.slice(doc.indexOf('| eventName | why it is forwarded |'), doc.indexOf('Not forwarded:'));
    expect([...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((match) => match[1]).sort()).toEqual([...SIGN_IN_EVENT_NAMES].sort());
  });
});
