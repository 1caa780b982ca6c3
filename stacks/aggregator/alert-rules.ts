/**
 * The rules that invoke the alert engine with {kind, event}: one per enabled
 * alert kind. No rule matches alarm state changes (issue 18 item 2): the old
 * forwarded-alarm rule matched any alarm named `<prefix>-forwarder-*`, which a
 * member admin could create, word and trip at will. Silent forwarders reach
 * the engine from the health checker (stacks/aggregator/forwarder-health.ts).
 */
import type { Construct } from 'constructs';
import type { OrgConfig } from '../../config/schema';
import { centralAlertRuleName, centralRuleArn, rulePartName } from '../../config/names';
import type { AlertKind } from '../../detection/types';
import { engineInput, type AlertEngine } from '../constructs/alert-engine';
import { CentralRule } from '../constructs/central-rule';
import type { CentralRuleBase } from './site';

/** Every rule that invokes the engine, in the order of the engine's permissions: one per alert kind. */
export function engineRuleNames(config: OrgConfig, kinds: readonly AlertKind[]): string[] {
  return kinds.flatMap((kind) => kindRuleNames(config, kind));
}

/** A kind's rules: one per deployed pattern (pipeline-tampering needs several), `<prefix>-alert-<kind>`, then `-2`, `-3`, … */
export function kindRuleNames(config: OrgConfig, kind: Pick<AlertKind, 'id' | 'eventPatterns'>): string[] {
  return kind.eventPatterns.map((_pattern, index) => rulePartName(centralAlertRuleName(config, kind.id), index));
}

export interface EngineRules {
  /** Alert kind id → its rule. */
  byKind: Record<string, CentralRule>;
  /** The further rules of kinds deployed as several (pipeline-tampering). */
  parts: CentralRule[];
}

export function engineRules(stack: Construct, base: CentralRuleBase, engine: AlertEngine, kinds: readonly AlertKind[]): EngineRules {
  const { config } = base;
  const ruleNames = engineRuleNames(config, kinds);
  const engineTarget = (ruleName: string, kindId: string) => ({
    ruleName,
    ruleArn: centralRuleArn(config, ruleName),
    targetId: 'alert-engine',
    targetArn: engine.arn,
    inputTransformer: engineInput(kindId),
    // EventBridge's documented defaults, written out: retried for 24 hours, then the rule's DLQ.
    retryPolicy: { maximumEventAgeInSeconds: 24 * 60 * 60, maximumRetryAttempts: 185 },
    targetDependsOn: [engine.permissions[ruleNames.indexOf(ruleName)]],
  });
  const byKind: Record<string, CentralRule> = {};
  const parts: CentralRule[] = [];
  for (const kind of kinds) {
    const names = kindRuleNames(config, kind);
    kind.eventPatterns.forEach((eventPattern, index) => {
      const rule = new CentralRule(stack, index === 0 ? `alert-${kind.id}` : `alert-${kind.id}-${index + 1}`, {
        ...base,
        ...engineTarget(names[index], kind.id),
        description: `signin-watch ${kind.severity}: ${kind.title}. One message per event, through the alert engine${names.length > 1 ? ` (part ${index + 1} of ${names.length})` : ''}.`,
        eventPattern,
      });
      if (index === 0) byKind[kind.id] = rule;
      else parts.push(rule);
    });
  }
  return { byKind, parts };
}
