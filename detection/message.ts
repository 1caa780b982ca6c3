/**
 * The readable message each alert sends: an EventBridge input transformer for
 * the SNS target (one message per event, within seconds), and an offline
 * renderer with EventBridge's documented semantics so docs and tests can show
 * exactly what a recipient reads.
 *
 * EventBridge facts used (user guide, "Amazon EventBridge input transformation",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html,
 * and API reference "InputTransformer"):
 * - at most 100 input paths; keys match [A-Za-z0-9_-]+ and must not start with "AWS.";
 *   paths use dot notation; the template is at most 8192 characters;
 * - a string template needs quotes; each line of a multi-line template is a quoted string;
 * - a path missing from the event creates no variable: its placeholder renders empty;
 * - extracted values are not escaped when the template is filled.
 * No cdktf import.
 */
import type { MessageField, MessageSpec, MessageTemplate } from './types';

export const MAX_INPUT_PATHS = 100;
export const MAX_INPUT_TEMPLATE_LENGTH = 8192;
const VARIABLE_NAME = /^[A-Za-z0-9_-]+$/;
const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;

/** A quoted template line; static text is JSON-escaped, placeholders stay as <name>. */
const line = (text: string): string => JSON.stringify(text);

/** The input transformer of an alert kind's (or any message spec's) SNS target. */
export function messageTemplate(kind: MessageSpec): MessageTemplate {
  const fields: MessageField[] = kind.messageFields;
  if (fields.length > MAX_INPUT_PATHS) throw new Error(`${kind.id}: ${fields.length} input paths, EventBridge allows ${MAX_INPUT_PATHS}`);
  const inputPaths: Record<string, string> = {};
  for (const { variable, path } of fields) {
    if (!VARIABLE_NAME.test(variable) || variable.toUpperCase().startsWith('AWS.')) throw new Error(`${kind.id}: invalid input-path name "${variable}"`);
    if (inputPaths[variable] !== undefined) throw new Error(`${kind.id}: duplicate input-path name "${variable}"`);
    if (!/^\$(\.[A-Za-z0-9_-]+)+$/.test(path)) throw new Error(`${kind.id}: input path "${path}" is not in dot notation`);
    inputPaths[variable] = path;
  }
  const lines = [
    line(`[${kind.severity}] ${kind.title} (signin-watch ${kind.id})`),
    line(kind.description),
    ...fields.map(({ label, variable }) => line(`${label}: <${variable}>`)),
  ];
  const inputTemplate = lines.join('\n');
  if (inputTemplate.length > MAX_INPUT_TEMPLATE_LENGTH) throw new Error(`${kind.id}: input template of ${inputTemplate.length} characters exceeds ${MAX_INPUT_TEMPLATE_LENGTH}`);
  return { inputPaths, inputTemplate };
}

/**
 * The message of a forwarded member-region alarm (a forwarder's dead-letter
 * queue filling, or events lost on the way to it): which alarm, where, why,
 * when. Read from the alarm state-change envelope CloudWatch emits, which the
 * forwarder carries to the central bus unchanged (account and region stay the
 * member's).
 */
export const FORWARDED_ALARM_MESSAGE: Readonly<MessageSpec> = {
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

/** The input transformer of the aggregator's forwarded-alarm rule. */
export function forwardedAlarmMessageTemplate(): MessageTemplate {
  return messageTemplate(FORWARDED_ALARM_MESSAGE);
}

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

/**
 * Applies an input transformer to an EventBridge envelope, offline: each
 * <variable> takes the value at its path (a string as is, unescaped; any other
 * JSON value as JSON text); a missing path gives an empty string. Placeholders
 * with no input path are left as written. Returns the payload EventBridge would
 * hand to the SNS target.
 */
export function renderMessage(template: MessageTemplate, envelope: unknown): string {
  return template.inputTemplate.replace(PLACEHOLDER, (whole, name: string) => {
    const path = template.inputPaths[name];
    if (path === undefined) return whole;
    const value = readPath(envelope, path);
    if (value === undefined) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
