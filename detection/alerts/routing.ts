/**
 * Who receives a message (issue 19 items 2, 3 and 5): routes add, never take
 * away, and INFO goes to a digest unless a route asks for it.
 *
 * For each kind of the message:
 * - every route it matches adds its destinations. A route without
 *   `severities` matches every severity but INFO immediately; a route whose
 *   `severities` lists INFO receives INFO kinds one by one;
 * - the default recipients (notifications.emails / notifications.slack)
 *   receive the kind when no route matches it, and always receive CRITICAL and
 *   HIGH kinds unless a matching route says `replaceDefault: true` (a
 *   deliberate gap: synth warns, coverage lists it);
 * - an INFO kind nobody asked for one by one goes to the digest instead
 *   (`digest`): of every route without `severities` that selects it, and of
 *   the default recipients unless such a route replaces them.
 * A message's destinations are the union over its kinds, each once.
 */
import type { Severity } from '../types';

/** An account of the config, as the engine knows it. */
export interface EngineAccount {
  id: string;
  name: string;
  tags: Record<string, string>;
  /** accounts[].owner: shown in every message of the account. */
  owner?: string;
}

/** A route of notifications.routes, with accounts resolved to ids and destinations spelled out. */
export interface EngineRoute {
  name: string;
  severities?: Severity[];
  kinds?: string[];
  /** Account ids. */
  accounts?: string[];
  accountTags?: Record<string, string>;
  /** The default recipients lose what this route matches (CRITICAL and HIGH included). */
  replaceDefault?: boolean;
  /** `email:ADDR`, `https:URL`, `slack:CHANNEL`. */
  destinations: string[];
}

/** Severities the default recipients keep whatever routes match (unless a route replaces them). */
export const ALWAYS_TO_DEFAULT: readonly Severity[] = ['CRITICAL', 'HIGH'];

/** Whether a route's criteria select the kind and account (severity `INFO` only when the route lists it). */
export function routeMatches(route: EngineRoute, kind: { id: string; severity: Severity }, accountId: string | undefined, account: EngineAccount | undefined): boolean {
  if (route.severities ? !route.severities.includes(kind.severity) : kind.severity === 'INFO') return false;
  return routeSelects(route, kind, accountId, account);
}

/** The route's criteria other than severity (a digest is per route whatever the route's severities). */
function routeSelects(route: EngineRoute, kind: { id: string }, accountId: string | undefined, account: EngineAccount | undefined): boolean {
  if (route.kinds && !route.kinds.includes(kind.id)) return false;
  if (route.accounts && (!accountId || !route.accounts.includes(accountId))) return false;
  if (route.accountTags) {
    if (!account) return false;
    for (const [key, value] of Object.entries(route.accountTags)) if (account.tags[key] !== value) return false;
  }
  return true;
}

export interface Routing {
  /** Sent now. */
  destinations: string[];
  /** Summarized in the digest (INFO kinds nobody receives one by one). */
  digest: string[];
  /** Names of the routes that matched. */
  routes: string[];
}

/** Where one kind of one account goes. */
export function routeKind(
  routes: EngineRoute[],
  defaults: string[],
  kind: { id: string; severity: Severity },
  accountId: string | undefined,
  account: EngineAccount | undefined,
): Routing {
  const matched = routes.filter((route) => routeMatches(route, kind, accountId, account));
  const replaced = matched.some((route) => route.replaceDefault === true);
  const toDefaults = !replaced && (matched.length === 0 || ALWAYS_TO_DEFAULT.includes(kind.severity));
  const destinations = unique([...matched.flatMap((route) => route.destinations), ...(toDefaults && kind.severity !== 'INFO' ? defaults : [])]);
  let digest: string[] = [];
  if (kind.severity === 'INFO') {
    // A route without severities gets the digest of what it selects; one that lists severities without INFO asked for none of it.
    const digestRoutes = routes.filter((route) => !matched.includes(route) && !route.severities && routeSelects(route, kind, accountId, account));
    const replacedInDigest = digestRoutes.some((route) => route.replaceDefault === true) || replaced;
    digest = unique([...digestRoutes.flatMap((route) => route.destinations), ...(replacedInDigest ? [] : defaults)]).filter((destination) => !destinations.includes(destination));
  }
  return { destinations, digest, routes: matched.map((route) => route.name) };
}

/** Where a message of several kinds goes: the union over its kinds. */
export function routeKinds(routes: EngineRoute[], defaults: string[], kinds: Array<{ id: string; severity: Severity }>, accountId: string | undefined, account: EngineAccount | undefined): Routing {
  const each = kinds.map((kind) => routeKind(routes, defaults, kind, accountId, account));
  const destinations = unique(each.flatMap((routing) => routing.destinations));
  return {
    destinations,
    digest: unique(each.flatMap((routing) => routing.digest)).filter((destination) => !destinations.includes(destination)),
    routes: unique(each.flatMap((routing) => routing.routes)),
  };
}

const unique = (values: string[]): string[] => [...new Set(values)];
