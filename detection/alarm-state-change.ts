/**
 * The event CloudWatch puts on the default bus of an alarm's account and
 * region when the alarm changes state (EventBridge user guide, "Alarm events
 * and EventBridge"; CloudWatch user guide, "Alarm events and EventBridge").
 * Built offline so the tests can check that no member forwarder and no
 * aggregator rule matches an alarm state change (issue 18 item 2: alarm
 * names, reasons and descriptions are written by whoever owns the alarm).
 * No cdktf import.
 */
/** `source` and `detail-type` CloudWatch gives every alarm state change it puts on the default bus of the alarm's account and region. */
export const ALARM_STATE_CHANGE_SOURCE = 'aws.cloudwatch';
export const ALARM_STATE_CHANGE_DETAIL_TYPE = 'CloudWatch Alarm State Change';

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AlarmStateChangeInput {
  alarmName: string;
  account: string;
  region: string;
  /** @default 'ALARM' */
  state?: AlarmStateValue;
  /** @default 'OK' */
  previousState?: AlarmStateValue;
  /** @default a threshold-crossed reason as CloudWatch writes it */
  reason?: string;
  /** @default none */
  description?: string;
  /** ISO time of the change. @default 2026-11-25T10:05:00Z */
  time?: string;
}

/** The EventBridge envelope of an alarm state change, as CloudWatch emits it. */
export function alarmStateChangeEvent(input: AlarmStateChangeInput): Record<string, unknown> {
  const time = input.time ?? '2026-11-25T10:05:00Z';
  const timestamp = time.replace(/Z$/, '.000+0000');
  const state = input.state ?? 'ALARM';
  return {
    version: '0',
    id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
    'detail-type': ALARM_STATE_CHANGE_DETAIL_TYPE,
    source: ALARM_STATE_CHANGE_SOURCE,
    account: input.account,
    time,
    region: input.region,
    resources: [`arn:aws:cloudwatch:${input.region}:${input.account}:alarm:${input.alarmName}`],
    detail: {
      alarmName: input.alarmName,
      state: {
        value: state,
        reason:
          input.reason ??
          'Threshold Crossed: 1 out of the last 1 datapoints [1.0 (25/11/26 10:00:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
        timestamp,
      },
      previousState: { value: input.previousState ?? 'OK', reason: 'Threshold Crossed: no datapoints were received for 1 period.', timestamp },
      configuration: { ...(input.description !== undefined ? { description: input.description } : {}), metrics: [] },
    },
  };
}
