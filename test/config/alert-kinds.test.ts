/**
 * Each alert kind's title and description have one source, config/alert-kinds.ts:
 * the config schema (editor hover, the README configuration reference) and the detection
 * catalogue (alert messages) both read them from there.
 */
import { ALERT_KIND_IDS as KIND_IDS, ALERT_KIND_TEXT, ALERT_SWITCH_IDS, SUPPRESSIBLE_ALERT_KIND } from '../../config/alert-kinds';
import { ALERT_KIND_IDS } from '../../config/schema';
import { alertCatalogue, fullAlertCatalogue, suppressionFilterLength } from '../../detection/catalogue';
import { generateJsonSchema } from '../../generated-docs/config-docs';

type Node = { description?: string; properties?: Record<string, Node>; default?: unknown };

describe('alert kind texts', () => {
  it('GIVEN config/schema.ts THEN it re-exports the same kind ids', () => {
    expect(ALERT_KIND_IDS).toBe(KIND_IDS);
  });

  it('GIVEN the JSON schema THEN every alerts.enabled switch is described by the kind title and description', () => {
    const alerts = (generateJsonSchema() as Node).properties!.alerts;
    const switches = alerts.properties!.enabled.properties!;
    expect(Object.keys(switches)).toEqual([...ALERT_SWITCH_IDS]);
    for (const id of ALERT_SWITCH_IDS) {
      const { title, description } = ALERT_KIND_TEXT[id];
      const note = id === SUPPRESSIBLE_ALERT_KIND ? ' The only kind alerts.ignorePrincipals suppresses.' : '';
      const off = id === 'console-login-outside-sso' ? ' Off by default.' : '';
      expect([id, switches[id].description, switches[id].default]).toEqual([id, `${title}: ${description}${note}${off}`, !off]);
    }
  });

  it('GIVEN the detection catalogue THEN every kind carries the same title and description', () => {
    const kinds = fullAlertCatalogue();
    expect(kinds.map((kind) => kind.id)).toEqual([...KIND_IDS]);
    for (const kind of kinds) expect([kind.id, kind.title, kind.description]).toEqual([kind.id, ALERT_KIND_TEXT[kind.id].title, ALERT_KIND_TEXT[kind.id].description]);
  });

  it('GIVEN ignored principals THEN only the suppressible kind filter grows, and suppressionFilterLength measures it', () => {
    const arns = ['arn:aws:iam::*:user/break-glass', 'arn:aws:iam::*:user/automation-*'];
    const plain = alertCatalogue();
    const suppressed = alertCatalogue({ ignorePrincipals: arns.map((arn) => ({ arn, reason: 'test' })) });
    const grown = suppressed.filter((kind, index) => kind.rawMetricFilter !== plain[index].rawMetricFilter).map((kind) => kind.id);
    expect(grown).toEqual([SUPPRESSIBLE_ALERT_KIND]);
    const kind = suppressed.find((candidate) => candidate.id === SUPPRESSIBLE_ALERT_KIND)!;
    expect(suppressionFilterLength(arns)).toBe(Math.max((kind.rawMetricFilter ?? '').length, kind.envelopeMetricFilter.length));
  });
});
