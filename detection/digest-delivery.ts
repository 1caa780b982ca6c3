/**
 * Who receives which digest, and what each receives (issue 19 item 2), shared
 * by `signin-watch digest --render` and the scheduled digest function
 * (detection/alerts/digest-handler.ts): the same records give the same text.
 *
 * A digest destination covers only what its route selects: for each
 * configured account, the engine's routing of the digest's INFO kind
 * (console-login-success) names the destinations that receive that account's
 * sign-ins in a digest (routes add, never take away; a route limited to some
 * accounts, tags or kinds gets only those). Accounts outside the config are
 * routed as an account no route names. Destinations that cover the same
 * accounts share one rendering. No Node.js import, no AWS SDK.
 */
import type { Routing } from './alerts/routing';
import { slackEscape } from './alerts/inert';
import { buildDigest, digestText, type Digest, type DigestAccount } from './digest';

/** The kind the digest summarizes one by one in place of messages (INFO, off the immediate path by default). */
export const DIGEST_KIND = { id: 'console-login-success', severity: 'INFO' as const };

export interface DigestAudience {
  /** Destinations (`email:…`, `https:…`, `slack:…`, `teams:…`) that receive this rendering. */
  destinations: string[];
  /** Configured accounts it covers. */
  accountIds: string[];
  /** Whether it covers sign-ins of accounts the config does not list. */
  outsideConfig: boolean;
}

/** What the digest needs from the engine: its routing of a kind and account. */
export interface DigestRouter {
  routing(kind: { id: string; severity: 'INFO' }, accountId: string | undefined): Routing;
}

/** The digest destinations, grouped by the accounts they cover (sorted by first destination). */
export function digestAudiences(router: DigestRouter, accounts: DigestAccount[]): DigestAudience[] {
  const scope = new Map<string, { accountIds: string[]; outsideConfig: boolean }>();
  const entry = (destination: string) => scope.get(destination) ?? scope.set(destination, { accountIds: [], outsideConfig: false }).get(destination)!;
  for (const account of accounts) for (const destination of router.routing(DIGEST_KIND, account.id).digest) entry(destination).accountIds.push(account.id);
  for (const destination of router.routing(DIGEST_KIND, undefined).digest) entry(destination).outsideConfig = true;
  const groups = new Map<string, DigestAudience>();
  for (const [destination, { accountIds, outsideConfig }] of [...scope.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const key = JSON.stringify([accountIds, outsideConfig]);
    const group = groups.get(key) ?? groups.set(key, { destinations: [], accountIds, outsideConfig }).get(key)!;
    group.destinations.push(destination);
  }
  return [...groups.values()];
}

/** The digest restricted to what an audience covers. */
export function digestFor(digest: Digest, audience: Pick<DigestAudience, 'accountIds' | 'outsideConfig'>, configured: ReadonlySet<string>): Digest {
  const covered = new Set(audience.accountIds);
  return { ...digest, accounts: digest.accounts.filter((account) => covered.has(account.accountId) || (audience.outsideConfig && !configured.has(account.accountId))) };
}

export interface DigestDelivery {
  destinations: string[];
  subject: string;
  /** Email and HTTPS: the plain text. */
  text: string;
  /** Slack and Teams through AWS Chatbot: a custom notification (same rules as the engine's messages). */
  chat: string;
}

/** The AWS Chatbot custom notification of a digest: title = subject, description = the body, escaped. */
export function digestChat(subject: string, text: string): string {
  const body = text.split('\n').slice(2).join('\n').trimEnd();
  return JSON.stringify({
    version: '1.0',
    source: 'custom',
    content: { textType: 'client-markdown', title: slackEscape(subject), description: slackEscape(body), keywords: ['DIGEST'] },
    metadata: { eventType: 'signin-watch-digest' },
  });
}

/** Every digest to send for records of [from, to): one per audience. */
export function digestDeliveries(records: unknown[], router: DigestRouter, accounts: DigestAccount[], from: Date, to: Date): DigestDelivery[] {
  const digest = buildDigest(records, accounts, from, to);
  const configured = new Set(accounts.map((account) => account.id));
  return digestAudiences(router, accounts).map((audience) => {
    const { subject, text } = digestText(digestFor(digest, audience, configured));
    return { destinations: audience.destinations, subject, text, chat: digestChat(subject, text) };
  });
}
