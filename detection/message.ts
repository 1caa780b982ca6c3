/**
 * The message of a forwarded member-region alarm, and the dot-notation path
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
 * The message of a forwarded member-region alarm (a forwarder's dead-letter
 * queue filling, or events lost on the way to it): which alarm, where, why,
 * when. Read from the alarm state-change envelope CloudWatch emits, which the
 * forwarder carries to the central bus unchanged (account and region stay the
 * member's).
 */
export const FORWARDED_ALARM_MESSAGE: Readonly<MessageSpec> = {
  // config/alert-kinds.ts FORWARDER_ALARM_KIND_ID, spelled out: importing it would put that module into the
  // alert engine's bundle (esbuild keeps its array spreads), changing the deployed code. A test keeps both equal.
  id: 'forwarder-alarm',
  severity: 'HIGH',
  title: 'Sign-in forwarder failing',
  description:
    'A member region cannot deliver sign-in events to the central bus: failed events wait in its forwarder dead-letter queue, or were lost. Sign-ins there may not be alerted; the organization trail still records them.',
  messageFields: [
    { label: 'Alarm', variable: 'alarmName', path: '$.detail.alarmName' },
    { label: 'Account', variable: 'account', path: '$.account' },
    { label: 'Region', variable: 'region', path: '$.region' },
    { label: 'State', variable: 'state', path: '$.detail.state.value' },
    { label: 'Reason', variable: 'reason', path: '$.detail.state.reason' },
    { label: 'Alarm description', variable: 'alarmDescription', path: '$.detail.configuration.description' },
    { label: 'Time', variable: 'time', path: '$.time' },
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
