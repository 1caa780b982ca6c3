/**
 * Event-routed alarms: CloudWatch alarms in a member region that notify no
 * SNS topic (a member region has none) but whose state changes the region's
 * forwarder rule carries to the central bus, where the aggregator turns them
 * into alert messages. An alarm is event-routed when
 * - it has no alarm_actions,
 * - its name starts with the config's `forwardedAlarmPrefix`, and
 * - a forwarder rule of the same provider (account and region: a rule on the
 *   default bus with a bus target outside this stack) has an event pattern
 *   that matches the state-change event CloudWatch would emit for it
 *   (evaluated offline with detection/eventbridge-pattern.ts).
 * SW-ALARM-1 exempts exactly these from "alarm_actions names a topic";
 * SW-ALARM-4 accepts them as a forwarder's health alarms.
 */
import { forwardedAlarmPrefix } from '../../config/names';
import type { OrgConfig } from '../../config/schema';
import { alarmStateChangeEvent } from '../../detection/alarm-state-change';
import { matchesEventPattern } from '../../detection/eventbridge-pattern';
import { ruleOfTarget, sameProvider, targetKind } from './helpers';
import { asStrings, type StackModel, type TfItem } from './model';

/** Rules on the default bus with a target on an event bus outside this stack: the cross-account forwarders. */
export function forwarderRules(model: StackModel): TfItem[] {
  const rules: TfItem[] = [];
  for (const target of model.resources('aws_cloudwatch_event_target')) {
    const { kind, item } = targetKind(model, target);
    if (kind !== 'bus' || item) continue;
    const rule = ruleOfTarget(model, target);
    if (rule && model.busName(rule) === 'default' && !rules.includes(rule)) rules.push(rule);
  }
  return rules;
}

function parsedPattern(rule: TfItem): unknown {
  try {
    return JSON.parse(String(rule.body.event_pattern ?? 'null'));
  } catch {
    return undefined;
  }
}

function matches(pattern: unknown, event: unknown): boolean {
  if (pattern === undefined || pattern === null) return false;
  try {
    return matchesEventPattern(pattern, event);
  } catch {
    return false; // syntax the evaluator does not know: cannot show it forwards
  }
}

/** Why `alarm` is not event-routed; empty when it is. */
export function eventRoutingProblems(model: StackModel, alarm: TfItem, config: OrgConfig): string[] {
  const problems: string[] = [];
  if (asStrings(alarm.body.alarm_actions).length > 0) problems.push('it has alarm_actions');
  const name = alarm.body.alarm_name;
  const prefix = forwardedAlarmPrefix(config);
  if (typeof name !== 'string' || !name.startsWith(prefix)) {
    problems.push(`its name ${JSON.stringify(name ?? null)} does not start with the forwarded-alarm prefix "${prefix}"`);
    return problems;
  }
  const { region, accountIds } = model.provider(alarm);
  if (!region || accountIds.length !== 1) {
    problems.push('its provider names no single account and region, so its state-change event cannot be checked');
    return problems;
  }
  const event = alarmStateChangeEvent({ alarmName: name, account: accountIds[0], region });
  const forwarders = forwarderRules(model).filter((rule) => sameProvider(model, rule, alarm));
  if (!forwarders.some((rule) => matches(parsedPattern(rule), event))) {
    problems.push(
      forwarders.length === 0
        ? `no forwarder rule in its region (${region}) carries its state changes to the central bus`
        : `the forwarder rule of its region (${region}) does not match its ALARM state-change event`,
    );
  }
  return problems;
}

export function isEventRoutedAlarm(model: StackModel, alarm: TfItem, config: OrgConfig): boolean {
  return eventRoutingProblems(model, alarm, config).length === 0;
}
