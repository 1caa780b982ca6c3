/**
 * The searchable central logs: the sign-in log (every forwarded sign-in and
 * every call on the product's own resources) and the heartbeat log, the one
 * resource policy that lets EventBridge write to both, and the three rules
 * that fill them.
 */
import type { Construct } from 'constructs';
import {
  centralRuleArn,
  eventsLogResourcePolicyName,
  heartbeatLogGroupName,
  heartbeatLogRuleName,
  pipelineLogRuleName,
  rulePartName,
  signInLogGroupName,
  signInLogRuleName,
} from '../../config/names';
import { centralLogPattern, heartbeatPattern, pipelineLogPatternsFor } from '../../detection/catalogue';
import { CentralRule } from '../constructs/central-rule';
import { EncryptedLogGroup } from '../constructs/encrypted-log-group';
import { EventsLogResourcePolicy } from '../constructs/events-log-resource-policy';
import type { KmsKey } from '../constructs/kms-key';
import type { AggregatorSite, CentralRuleBase } from './site';

export interface CentralLogs {
  signInLog: EncryptedLogGroup;
  heartbeatLog: EncryptedLogGroup;
  /** Admits the log rules; their targets are created after it. */
  logPolicy: EventsLogResourcePolicy;
}

export function centralLogs(stack: Construct, { config, accountId, region }: AggregatorSite, logsKey: KmsKey, keyArns: string[]): CentralLogs {
  const logRetention = config.aggregator.logRetentionDays;
  const signInLog = new EncryptedLogGroup(stack, 'sign-in-log', {
    name: signInLogGroupName(config),
    retentionInDays: logRetention,
    accountId,
    region,
    encryptionKey: logsKey,
  });
  const heartbeatLog = new EncryptedLogGroup(stack, 'heartbeat-log', {
    name: heartbeatLogGroupName(config),
    retentionInDays: logRetention,
    accountId,
    region,
    encryptionKey: logsKey,
  });
  const logRuleNames = [signInLogRuleName(config), ...pipelineLogRuleNames(config, keyArns), heartbeatLogRuleName(config)];
  const logPolicy = new EventsLogResourcePolicy(stack, 'events-log-policy', {
    name: eventsLogResourcePolicyName(config),
    accountId,
    region,
    logGroupNames: [signInLog.name, heartbeatLog.name],
    ruleArns: logRuleNames.map((ruleName) => centralRuleArn(config, ruleName)),
  });
  return { signInLog, heartbeatLog, logPolicy };
}

/** Names of the pipeline log rules, one per pattern. */
export function pipelineLogRuleNames(config: CentralRuleBase['config'], keyArns: string[]): string[] {
  return pipelineLogPatternsFor(config, keyArns).map((_pattern, index) => rulePartName(pipelineLogRuleName(config), index));
}

/** The sign-in, pipeline and heartbeat log rules, in that order. */
export function centralLogRules(stack: Construct, base: CentralRuleBase, logs: CentralLogs, keyArns: string[]): CentralRule[] {
  const { config } = base;
  const logTarget = (ruleName: string, logGroup: EncryptedLogGroup, targetId: string) => ({
    ruleName,
    ruleArn: centralRuleArn(config, ruleName),
    targetId,
    targetArn: logGroup.logGroup.arn,
    targetDependsOn: [logs.logPolicy.policy],
  });
  const signInRule = new CentralRule(stack, 'sign-in-log-rule', {
    ...base,
    ...logTarget(signInLogRuleName(config), logs.signInLog, 'sign-in-log'),
    description: 'signin-watch: every forwarded sign-in event and trail-tampering call, kept in the searchable sign-in log group.',
    eventPattern: centralLogPattern(),
  });
  const patterns = pipelineLogPatternsFor(config, keyArns);
  const ruleNames = pipelineLogRuleNames(config, keyArns);
  // One rule per pattern (the calls do not fit one EventBridge pattern); the first keeps the construct id of a single rule.
  const pipelineLogRules = patterns.map(
    (eventPattern, index) =>
      new CentralRule(stack, index === 0 ? 'pipeline-log-rule' : `pipeline-log-rule-${index + 1}`, {
        ...base,
        ...logTarget(ruleNames[index], logs.signInLog, 'sign-in-log'),
        description: `signin-watch: every forwarded call on this product's own resources (pipeline-tampering and deploys), kept in the sign-in log group (part ${index + 1} of ${patterns.length}).`,
        eventPattern,
      }),
  );
  const heartbeatRule = new CentralRule(stack, 'heartbeat-log-rule', {
    ...base,
    ...logTarget(heartbeatLogRuleName(config), logs.heartbeatLog, 'heartbeat-log'),
    description: 'signin-watch: heartbeats of every member region, read by the forwarder health check (envelope account and region).',
    eventPattern: heartbeatPattern(),
  });
  return [signInRule, ...pipelineLogRules, heartbeatRule];
}
