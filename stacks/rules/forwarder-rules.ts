/**
 * The member forwarders as the rule pack sees them: rules on the default bus
 * whose target is an event bus outside this stack (the central bus).
 */
import { ruleOfTarget, targetKind } from './helpers';
import type { StackModel, TfItem } from './model';

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
