/**
 * The sample messages in docs/alert-messages.md: one per alert kind, rendered
 * from a corpus event by the alert engine the aggregator deploys, with the
 * example config, and kept true (the test fails when the document is stale).
 */
import { readFileSync } from 'node:fs';
import { fullAlertCatalogue } from '../../detection/catalogue';
import { toEnvelope } from '../../detection/envelope';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { engineFor } from '../../detection/alerts/model';
import { ALERT_KIND_IDS } from '../../config/schema';
import {
  DEFAULT_DOC_FILE,
  renderSamples,
  sampleEvents,
  samplesMarkdown,
  withSamples,
  type Sample,
} from '../../generated-docs/render-samples';
import { exampleConfig } from '../support/synth';

describe('sample messages of the alert documentation', () => {
  let samples: Sample[];

  beforeAll(() => {
    // GIVEN the vendored corpus and the trail-tampering fixtures WHEN the samples are rendered
    samples = renderSamples(sampleEvents());
  });

  it('renders one sample per alert kind, from an event labelled with that kind', () => {
    expect(samples.map((sample) => sample.kind.id)).toEqual([...ALERT_KIND_IDS]);
    for (const sample of samples) expect(sample.line.expected).toContain(sample.kind.id);
  });

  it("shows who, where, when and which event, in plain text: the sample's own values appear, unquoted", () => {
    for (const { kind, line, subject, message } of samples) {
      const detail = toEnvelope(line.event).detail as Record<string, string>;
      expect(message.split('\n')[0]).toBe(subject);
      // GuardDuty sample findings say so in the subject (guardduty-origin.ts).
      expect(subject.startsWith(`[${kind.severity}] ${kind.title}: `) || subject.startsWith(`[${kind.severity}] SAMPLE ${kind.title}: `)).toBe(true);
      expect(message).toMatch(/\nAccount: (\S+ \(\d{12}\)|\d+ \(not in config\))\n/);
      if (kind.id === 'guardduty-console-finding') {
        // A GuardDuty finding is not a CloudTrail record: its own severity, title and id.
        for (const [label, key] of [['GuardDuty severity', 'severity'], ['Finding', 'title'], ['Finding id', 'id']]) {
          expect(message).toContain(`\n${label}: ${detail[key]}\n`);
        }
        continue;
      }
      expect(message).toContain(`\nSource IP: ${detail.sourceIPAddress}\n`);
      expect(message).toContain(`\nEvent id: ${detail.eventID}\n`);
      expect(message).toContain(`\nTime: ${detail.eventTime}\n`);
      expect(message).not.toMatch(/<[A-Za-z]+>/);
      expect(message.split('\n').filter((text) => /^".*"$/.test(text))).toEqual([]);
    }
  });

  it('is what docs/alert-messages.md shows (run npx tsx generated-docs/render-samples.ts when this fails)', () => {
    const document = readFileSync(DEFAULT_DOC_FILE, 'utf8');
    expect(withSamples(document, samplesMarkdown(samples))).toBe(document);
    expect(document.match(/^#### /gm)).toHaveLength(fullAlertCatalogue().length);
  });
});

describe('AWS Chatbot messages', () => {
  it('render, for every corpus and trail-tampering event an alert kind matches, a valid custom notification showing that event', () => {
    // GIVEN every corpus event and trail-tampering fixture WHEN a kind's pattern matches it THEN the chat message parses and names the event
    const config = exampleConfig();
    config.alerts.enabled = Object.fromEntries(ALERT_KIND_IDS.map((id) => [id, true])) as typeof config.alerts.enabled;
    const engine = engineFor(config);
    let rendered = 0;
    for (const kind of fullAlertCatalogue()) {
      for (const line of sampleEvents()) {
        const envelope = toEnvelope(line.event);
        if (!matchesEventPattern(kind.eventPattern, envelope)) continue;
        const message = engine.render({ kind: kind.id, event: envelope });
        const notification = JSON.parse(message.chat);
        expect(notification).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown' } });
        expect(notification.content.title.startsWith(`[${kind.severity}] `)).toBe(true);
        const eventId = (envelope.detail as Record<string, unknown>).eventID;
        if (typeof eventId === 'string') expect(notification.content.description).toContain(`*Event id*: \`${eventId}\``);
        rendered += 1;
      }
    }
    expect(rendered).toBeGreaterThan(fullAlertCatalogue().length);
  });
});
