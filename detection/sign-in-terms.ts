/**
 * Building blocks of the sign-in kinds (signin.amazonaws.com records), shared
 * by several of them: the filter and bus-pattern shape of a sign-in, and the
 * console and Identity Center tests more than one kind makes.
 */
import { SIGN_IN_EVENT_SOURCE, SIGN_IN_SOURCE } from './event-sources';
import { any, ENVELOPE, is, quote, type Root } from './filter-terms';
import type { EventPattern } from './types';

/**
 * Every filter pins the sign-in service, as the bus patterns pin `source`:
 * envelopes by `$.source`; raw records by eventSource, or by its absence
 * (published fixtures strip it; detection/envelope.ts infers the same).
 */
export function signInFilter(root: Root, ...terms: string[]): string {
  const service =
    root === ENVELOPE
      ? `($.source = ${quote(SIGN_IN_SOURCE)})`
      : any(`($.eventSource = ${quote(SIGN_IN_EVENT_SOURCE)})`, '($.eventSource NOT EXISTS)');
  return `{ ${[service, ...terms].join(' && ')} }`;
}

export const consoleLogin = (root: Root): string => is(root, 'eventName', 'ConsoleLogin');
export const outcome = (root: Root, value: 'Success' | 'Failure'): string => is(root, 'responseElements.ConsoleLogin', value);
export const identityCenterFailed = (root: Root): string =>
  any(is(root, 'serviceEventDetails.CredentialVerification', 'Failure'), is(root, 'serviceEventDetails.CredentialChallenge', 'Failure'));
export const credentialVerification = (root: Root): string => is(root, 'eventName', 'CredentialVerification');

/** EventBridge (central bus: envelopes): a sign-in with this detail. */
export const signIn = (detail: EventPattern): EventPattern => ({ source: [SIGN_IN_SOURCE], detail });
export const identityCenterFailedBranches: EventPattern[] = [
  { serviceEventDetails: { CredentialVerification: ['Failure'] } },
  { serviceEventDetails: { CredentialChallenge: ['Failure'] } },
];
