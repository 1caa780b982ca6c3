/**
 * The message of silent forwarders, and the dot-notation path
 * reader the alert engine (detection/alerts/engine.ts) fills every message
 * field with. Each alert kind's message fields live in its kind file
 * (detection/kinds/); the engine renders them.
 *
 * Paths use dot notation ($.a.b), as EventBridge input paths do (user guide,
 * "Amazon EventBridge input transformation",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 * No cdktf import.
 */
import type { MessageSpec } from './types';

/**
 * The message of silent forwarders (issue 18 item 1): the aggregator's health
 * checker (detection/health/) invokes the alert engine with one such event per
 * silent account, built only from the config and from AWS-stamped envelope
 * fields (`account`, `region`, `time` of heartbeats), never from an event
 * detail a member could write. `account` is the silent account, so routes by
 * account and tag apply.
 */
export const FORWARDER_SILENT_MESSAGE: Readonly<MessageSpec> = {
  // config/alert-kinds.ts FORWARDER_SILENT_KIND_ID and detection/health/check.ts FORWARDER_SILENT_KIND, spelled
  // out: importing them would put those modules into the alert engine's bundle. A test keeps all three equal.
  id: 'forwarder-silent',
  severity: 'HIGH',
  title: 'Sign-in forwarder silent',
  description:
    'No heartbeat from these member regions for over 70 minutes: their forwarder rule, role, schedule or the central bus policy is broken or was changed, so sign-ins there may not be alerted. The organization trail still records them.',
  messageFields: [
    { label: 'Account', variable: 'account', path: '$.account' },
    { label: 'Silent region', variable: 'silentRegions', path: '$.detail.silentRegions' },
    { label: 'Silent account', variable: 'silentAccounts', path: '$.detail.silentAccounts' },
    { label: 'Silent account-regions', variable: 'silentCount', path: '$.detail.silentCount' },
    { label: 'Checked at', variable: 'time', path: '$.time' },
  ],
};

/** Reads a dot-notation JSONPath ($.a.b, numeric segments index arrays); undefined when absent. */
export function readPath(event: unknown, path: string): unknown {
  if (path === '$') return event;
  let current: unknown = event;
  for (const segment of path.replace(/^\$\./, '').split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
    if (current === undefined) return undefined;
  }
  return current;
}
