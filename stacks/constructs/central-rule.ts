/**
 * A rule on the central bus with one target, that target's encrypted
 * dead-letter queue, and the alarms that make a broken delivery an alert:
 * failed invocations, events sent to (or lost on the way to) the DLQ, and
 * messages waiting in the DLQ. The target takes no role (SNS and CloudWatch
 * Logs targets are authorized by their resource policies).
 */
import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { OrgConfig } from '../../config/schema';
import { centralRuleDlqName, pipelineAlarmName } from '../../config/names';
import type { EventPattern, MessageTemplate } from '../../detection/types';
import type { CentralBus } from './central-bus';
import type { KmsKey } from './kms-key';
import { CountAlarm, QUEUE_DEPTH_METRIC, queueDepthAlarm } from './metric-alarm';
import { RuleDeadLetterQueue } from './rule-dead-letter-queue';

/** EventBridge rule metrics that mean "an event did not reach its target" (AWS/Events, per rule). */
export const RULE_FAILURE_METRICS = [
  { metricName: 'FailedInvocations', slug: 'failed-invocations' },
  { metricName: 'InvocationsSentToDlq', slug: 'sent-to-dlq' },
  { metricName: 'InvocationsFailedToBeSentToDlq', slug: 'failed-to-reach-dlq' },
] as const;


export interface CentralRuleProps {
  /** The organization config (alarm defaults and namespace). */
  config: OrgConfig;
  /** Rule name (from config/names.ts), at most 64 characters. */
  ruleName: string;
  /** The rule's ARN, built from config (`centralRuleArn`): the DLQ policy names it. */
  ruleArn: string;
  /** The custom bus the rule is on. */
  bus: CentralBus;
  description: string;
  /** Event pattern from detection/catalogue.ts, JSON-stringified as is. */
  eventPattern: EventPattern;
  /** Target id within the rule, e.g. `alert-topic`. */
  targetId: string;
  /** Target ARN (SNS topic, or log group ARN without `:*`). */
  targetArn: string;
  /**
   * Input transformer turning the event into the message sent to the target.
   * @default none: the whole event envelope is sent
   */
  inputTransformer?: MessageTemplate;
  /** Key of the dead-letter queue (its policy admits events.amazonaws.com). */
  dlqKey: KmsKey;
  /** Topic the pipeline alarms notify. */
  alertTopicArn: string;
  accountId: string;
  region: string;
  /**
   * Provider (aggregator account and region).
   * @default the stack's default provider
   */
  provider?: TerraformProvider;
  /**
   * Resources the rule's target must be created after (bus policy, target resource policy).
   * @default none
   */
  targetDependsOn?: ITerraformDependable[];
  /**
   * Further targets of the same rule (e.g. the chat topic), sharing the rule's
   * dead-letter queue and failure alarms.
   * @default none
   */
  additionalTargets?: AdditionalRuleTarget[];
  /**
   * Retry policy of the main target (not for bus targets, which take none).
   * @default EventBridge's default (24 hours, 185 attempts)
   */
  retryPolicy?: { maximumEventAgeInSeconds: number; maximumRetryAttempts: number };
}

export interface AdditionalRuleTarget {
  /** Target id within the rule; also names the construct, so keep it stable. */
  targetId: string;
  targetArn: string;
  /** @default none: the whole event envelope is sent */
  inputTransformer?: MessageTemplate;
  /** @default none */
  dependsOn?: ITerraformDependable[];
}

export class CentralRule extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  readonly additionalTargets: CloudwatchEventTarget[];
  readonly deadLetterQueue: RuleDeadLetterQueue;
  readonly alarms: CountAlarm[] = [];
  readonly ruleName: string;

  constructor(scope: Construct, id: string, props: CentralRuleProps) {
    super(scope, id);
    if (props.ruleName.length > 64) throw new Error(`CentralRule: rule name "${props.ruleName}" exceeds 64 characters`);
    this.ruleName = props.ruleName;

    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: props.ruleName,
      description: props.description,
      // The bus resource's name (a reference): the rule is created after its bus.
      eventBusName: props.bus.bus.name,
      eventPattern: JSON.stringify(props.eventPattern),
      provider: props.provider,
    });

    this.deadLetterQueue = new RuleDeadLetterQueue(this, 'dlq', {
      name: centralRuleDlqName(props.ruleName),
      ruleArn: props.ruleArn,
      accountId: props.accountId,
      region: props.region,
      encryptionKey: props.dlqKey,
      provider: props.provider,
    });

    const target = (
      id: string,
      targetId: string,
      arn: string,
      transformer: MessageTemplate | undefined,
      dependsOn: ITerraformDependable[] = [],
      retryPolicy?: CentralRuleProps['retryPolicy'],
    ) =>
      new CloudwatchEventTarget(this, id, {
        rule: this.rule.name,
        eventBusName: props.bus.bus.name,
        targetId,
        arn,
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
        inputTransformer: transformer ? { inputPaths: transformer.inputPaths, inputTemplate: transformer.inputTemplate } : undefined,
        retryPolicy,
        dependsOn: [this.deadLetterQueue.policy, ...dependsOn],
        provider: props.provider,
      });
    this.target = target('target', props.targetId, props.targetArn, props.inputTransformer, props.targetDependsOn, props.retryPolicy);
    this.additionalTargets = (props.additionalTargets ?? []).map((extra) =>
      target(`target-${extra.targetId}`, extra.targetId, extra.targetArn, extra.inputTransformer, extra.dependsOn),
    );

    for (const metric of RULE_FAILURE_METRICS) {
      this.alarms.push(
        new CountAlarm(this, `alarm-${metric.slug}`, {
          config: props.config,
          alarmName: pipelineAlarmName(props.ruleName, metric.slug),
          description: `${props.ruleName}: ${metric.metricName} >= 1 in 5 minutes. Events matched by this rule did not reach ${props.targetId}.`,
          namespace: 'AWS/Events',
          metricName: metric.metricName,
          // Rules on a custom bus publish their metrics with both dimensions.
          dimensions: { EventBusName: props.bus.name, RuleName: props.ruleName },
          topicArn: props.alertTopicArn,
          provider: props.provider,
        }),
      );
    }
    this.alarms.push(
      queueDepthAlarm(this, `alarm-dlq-${QUEUE_DEPTH_METRIC.slug}`, {
        config: props.config,
        queueName: this.deadLetterQueue.name,
        description: `${this.deadLetterQueue.name} holds failed events of ${props.ruleName}: inspect and replay them.`,
        topicArn: props.alertTopicArn,
        provider: props.provider,
      }),
    );
  }
}
