/**
 * The sample messages in README.md: one per alert kind, rendered
 * from a corpus event with the input transformer the aggregator deploys, and
 * kept true (the test fails when the document is stale).
 */
import { readFileSync } from 'node:fs';
import { fullAlertCatalogue } from '../../detection/catalogue';
import { toEnvelope } from '../../detection/envelope';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { renderMessage } from '../../detection/message';
import { chatbotMessageTemplate } from '../../stacks/constructs/chatbot-message';
import { ALERT_KIND_IDS } from '../../config/schema';
import {
  DEFAULT_DOC_FILE,
  renderSamples,
  sampleEvents,
  samplesMarkdown,
  withSamples,
  type Sample,
} from '../../scripts/render-samples';

describe('sample messages of the aggregator documentation', () => {
  let samples: Sample[];

  beforeAll(() => {
    // GIVEN the vendored corpus and the trail-tampering fixtures WHEN the samples are rendered
    samples = renderSamples(sampleEvents());
  });

  it('renders one sample per alert kind, from an event labelled with that kind', () => {
    expect(samples.map((sample) => sample.kind.id)).toEqual([...ALERT_KIND_IDS]);
    for (const sample of samples) expect(sample.line.expected).toContain(sample.kind.id);
  });

  it("shows who, where, when and which event: the sample's own values appear in its message", () => {
    for (const { kind, line, message } of samples) {
      const detail = toEnvelope(line.event).detail as Record<string, string>;
      expect(message.split('\n')[0]).toBe(`"[${kind.severity}] ${kind.title} (signin-watch ${kind.id})"`);
      if (kind.id === 'guardduty-console-finding') {
        // A GuardDuty finding is not a CloudTrail record: its own account, severity, title and id.
        for (const [label, key] of [['Account', 'accountId'], ['GuardDuty severity', 'severity'], ['Finding', 'title'], ['Finding id', 'id']]) {
          expect(message).toContain(`"${label}: ${detail[key]}"`);
        }
        continue;
      }
      expect(message).toContain(`"Source IP: ${detail.sourceIPAddress}"`);
      expect(message).toContain(`"Event id: ${detail.eventID}"`);
      expect(message).toContain(`"Time: ${detail.eventTime}"`);
      expect(message).not.toMatch(/<[A-Za-z]+>/);
    }
  });

  it('is what README.md shows (run npx tsx scripts/render-samples.ts when this fails)', () => {
    const document = readFileSync(DEFAULT_DOC_FILE, 'utf8');
    expect(withSamples(document, samplesMarkdown(samples))).toBe(document);
    expect(document.match(/^#### /gm)).toHaveLength(fullAlertCatalogue().length);
  });
});

describe('AWS Chatbot messages', () => {
  it('render, for every corpus and trail-tampering event an alert kind matches, a valid custom notification showing that event', () => {
    // GIVEN every corpus event and trail-tampering fixture WHEN a kind's pattern matches it THEN the chat message parses and names the event
    const corpus = sampleEvents();
    let rendered = 0;
    for (const kind of fullAlertCatalogue()) {
      const template = chatbotMessageTemplate(kind);
      for (const line of corpus) {
        const envelope = toEnvelope(line.event);
        if (!matchesEventPattern(kind.eventPattern, envelope)) continue;
        const notification = JSON.parse(renderMessage(template, envelope));
        expect(notification).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown', title: `[${kind.severity}] ${kind.title}` } });
        const eventId = (envelope.detail as Record<string, unknown>).eventID;
        if (typeof eventId === 'string') expect(notification.content.description).toContain(`*Event id*: ${eventId}`);
        rendered += 1;
      }
    }
    expect(rendered).toBeGreaterThan(fullAlertCatalogue().length);
  });
});
