/**
 * What the config schema's descriptions (config/schema.ts, shown by editors
 * through org.schema.json and in docs/configuration.md) claim must be true:
 * `accounts[].email` is shown in no alert message; the section a hint points
 * to exists (every pointer to a section: test/docs/anchors.test.ts).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../detection/org-config';
import { engineFor } from '../../detection/alerts/model';
import { toEnvelope } from '../../detection/envelope';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA = JSON.parse(readFileSync(path.join(ROOT, 'config', 'org.schema.json'), 'utf8')) as Record<string, unknown>;

/** Every `description` of the JSON schema, by the property name it describes. */
function descriptions(node: unknown, key = '', found: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(node)) node.forEach((child) => descriptions(child, key, found));
  else if (node && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    if (typeof object.description === 'string') found.push([key, object.description]);
    for (const [child, value] of Object.entries(object)) descriptions(value, child === 'properties' || child === 'items' ? key : child, found);
  }
  return found;
}

describe('claims of the config schema', () => {
  it('GIVEN accounts with an email WHEN the alert engine renders a message for each account THEN no message shows the email, and the schema does not claim it does', () => {
    const config = loadConfig(path.join(ROOT, 'config', 'org.yaml'));
    const engine = engineFor(config);
    const withEmail = config.accounts.filter((account) => account.email);
    expect(withEmail.length).toBeGreaterThan(0);
    for (const account of withEmail) {
      const event = {
        eventVersion: '1.08',
        userIdentity: { type: 'Root', principalId: account.id, arn: `arn:aws:iam::${account.id}:root`, accountId: account.id },
        eventTime: '2026-11-25T10:00:00Z',
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        awsRegion: 'us-east-1',
        sourceIPAddress: '192.0.2.1',
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: { MFAUsed: 'No' },
        eventID: '00000000-0000-0000-0000-000000000001',
        recipientAccountId: account.id,
      };
      const message = engine.render({ kind: 'root-console-login', event: toEnvelope(event) });
      expect(`${message.subject}\n${message.text}`).toContain(account.name);
      expect(`${message.subject}\n${message.text}`).not.toContain(account.email);
    }
    const email = descriptions(SCHEMA).filter(([key, text]) => key === 'email' && !/^Email address\.$/.test(text));
    expect(email).toHaveLength(1);
    expect(email[0][1]).toMatch(/no message or report shows it/);
  });
});
