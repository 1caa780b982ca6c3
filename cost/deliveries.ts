/**
 * Messages per month to each destination (issue 19 item 8, issue 21 item 3),
 * from the routes and the volumes, with the engine's own routing
 * (detection/alerts/routing.ts through AlertEngine.routing):
 * - per-event messages of non-INFO kinds: `nonInfoAlertsPerAccountMonth` per
 *   configured account, split evenly over the enabled non-INFO kinds (an
 *   approximation: the volumes do not say which kinds fire), each to the
 *   destinations the engine routes that kind and account to. The volume is
 *   counted after storm control (a flood of one principal sends at most
 *   `stormControl.firstMessages` per window and key);
 * - console-login-success (INFO) one by one, every sign-in of the account
 *   (`signInsPerAccountDay`, failures counted too: an upper bound), only to
 *   destinations of a route whose `severities` lists INFO;
 * - one digest per period (`notifications.digest.periodHours`) to every digest
 *   destination (detection/digest-delivery.ts `digestAudiences`), when the
 *   synth has the digest function: sent every period, sign-ins or not.
 * No cdktf import.
 */
import type { OrgConfig } from '../config/schema';
import { engineFor } from '../detection/alerts/model';
import { DIGEST_KIND, digestAudiences } from '../detection/digest-delivery';
import { DAYS_PER_MONTH } from './prices';
import type { Volumes } from './volumes';

export interface DestinationMessages {
  /** Non-INFO kinds, one message per event. */
  perEvent: number;
  /** console-login-success one by one (a route with severities INFO). */
  info: number;
  /** Digests. */
  digest: number;
}

/** Digest runs a month: 24 / periodHours a day. */
export function digestRunsPerMonth(config: Pick<OrgConfig, 'notifications'>): number {
  return (24 / config.notifications.digest.periodHours) * DAYS_PER_MONTH;
}

export const totalMessages = (messages: DestinationMessages): number => messages.perEvent + messages.info + messages.digest;

/** Messages a month per destination (`email:…`, `https:…`, `slack:…`, `teams:…`). */
export function destinationMessages(config: OrgConfig, volumes: Volumes, digestDeployed: boolean): Map<string, DestinationMessages> {
  const engine = engineFor(config);
  const messages = new Map<string, DestinationMessages>();
  const entry = (destination: string): DestinationMessages =>
    messages.get(destination) ?? messages.set(destination, { perEvent: 0, info: 0, digest: 0 }).get(destination)!;
  const nonInfo = engine.model.kinds.filter((kind) => kind.severity !== 'INFO');
  const perKind = nonInfo.length > 0 ? volumes.nonInfoAlertsPerAccountMonth / nonInfo.length : 0;
  const signIns = volumes.signInsPerAccountDay * DAYS_PER_MONTH;
  const digestKindEnabled = engine.model.kinds.some((kind) => kind.id === DIGEST_KIND.id);
  for (const account of config.accounts) {
    for (const kind of nonInfo) for (const destination of engine.routing(kind, account.id).destinations) entry(destination).perEvent += perKind;
    if (digestKindEnabled) for (const destination of engine.routing(DIGEST_KIND, account.id).destinations) entry(destination).info += signIns;
  }
  if (digestDeployed) {
    const runs = digestRunsPerMonth(config);
    for (const audience of digestAudiences(engine, config.accounts)) for (const destination of audience.destinations) entry(destination).digest += runs;
  }
  return messages;
}
