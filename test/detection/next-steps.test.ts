/**
 * Issue 19 item 6: each kind carries one to three "what to do now" lines in
 * its kind file, citing the AWS guidance they come from, and every message
 * shows them (plain text and the Chatbot notification's nextSteps).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fullAlertCatalogue } from '../../detection/catalogue';
import { engineFor } from '../../detection/alerts/model';
import { exampleConfig } from '../support/synth';

const KINDS_DIR = path.join(__dirname, '..', '..', 'detection', 'kinds');
const FIXTURE = path.join(__dirname, 'fixtures', 'alerts', 'root-sign-in-workload-prod.json');

describe('what to do now', () => {
  it.each(fullAlertCatalogue().map((kind) => [kind.id, kind] as const))('GIVEN kind %s THEN it has 1-3 next steps and its file cites an AWS page', (id, kind) => {
    expect(kind.nextSteps.length).toBeGreaterThanOrEqual(1);
    expect(kind.nextSteps.length).toBeLessThanOrEqual(3);
    for (const step of kind.nextSteps) expect(step.length).toBeGreaterThan(20);
    const source = readFileSync(path.join(KINDS_DIR, `${id}.ts`), 'utf8');
    expect(source).toMatch(/What to do now \(nextSteps\), from AWS guidance:\n( \* - https:\/\/(docs\.aws\.amazon\.com|repost\.aws)\/\S+\n)+/);
  });

  it('GIVEN a root sign-in WHEN rendered THEN the text and the Slack notification carry the leader kind\'s next steps', () => {
    const engine = engineFor(exampleConfig());
    const event = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    const message = engine.renderEvent(event.event ?? event, ['root-console-login', ...engine.matchingKinds(event.event ?? event)]);
    const steps = fullAlertCatalogue().find((kind) => kind.id === 'root-console-login')!.nextSteps;
    expect(message.text).toContain(`What to do now:\n${steps.map((step) => `- ${step}`).join('\n')}`);
    expect(JSON.parse(message.chat).content.nextSteps.slice(0, steps.length)).toEqual(steps);
  });
});
