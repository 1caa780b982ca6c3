/**
 * The regional forwarders of a member account: two rules on the region's
 * default bus, the sign-in forwarder (catalogue `forwarderPatternFor`) and the
 * pipeline forwarder (calls on the product's own resources,
 * `pipelineForwarderPatternFor`: a rule of its own because both patterns
 * together exceed EventBridge's 2,048 characters), each targeting the central
 * bus in the aggregator account through the account's forwarder role, both
 * dead-lettering into the region's one forwarder DLQ. Bus targets take a role
 * and a DLQ but no retry policy (EventBridge retries 24 h / 185 times, then
 * dead-letters).
 *
 * No alarm in the member region (docs/aggregator.md, the forwarder health
 * check): a broken rule, role or bus policy stops the region's heartbeats
 * (the aggregator's health check names the region), and every message sent to the DLQ is an SQS
 * data event the organization trail logs, counted by the management stack.
 * The pipeline rule shares the role, the bus policy and the DLQ (so the same
 * central count sees its dead letters); disabling or deleting it is itself a
 * pipeline-tampering call the organization trail path alerts on.
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { AccountConfig, OrgConfig } from '../../config/schema';
import {
  centralBusArn,
  forwarderDlqName,
  forwarderRoleName,
  forwarderRuleArn,
  forwarderRuleName,
  pipelineForwarderRuleArns,
  pipelineForwarderRuleNames,
  queueArn,
} from '../../config/names';
import { forwarderPatternFor, pipelineForwarderPatternsFor } from '../../detection/catalogue';
import { MemberDeadLetterQueue } from './member-dead-letter-queue';
import { denyInsecureQueueTransport, policyDocument, type PolicyStatement } from './policy-document';

const EVENTS_SERVICE = 'events.amazonaws.com';
export const CENTRAL_BUS_TARGET_ID = 'central-bus';

/**
 * The rules that may use the forwarder role: the product's forwarder rules of
 * this account (sign-ins, and each part of the pipeline-call forwarder), in any region (`ArnLike` with a region wildcard: the role is
 * global, and 17+ regions × every rule's exact ARN would pass IAM's 2,048-character
 * default trust-policy size). A rule of another name, or of another account,
 * cannot have EventBridge assume the role.
 */
export function forwarderRuleArnPatterns(config: OrgConfig, account: Pick<AccountConfig, 'id'>): string[] {
  const pipelineRules = pipelineForwarderRuleNames(config, pipelineForwarderPatternsFor(config).length);
  return [forwarderRuleName(config), ...pipelineRules].map((name) => `arn:aws:events:*:${account.id}:rule/${name}`);
}

/**
 * Trust: only EventBridge, only on behalf of this account's forwarder rules
 * (confused deputy, issue 18 item 3). "For EventBridge event bus rule targets,
 * the value of aws:SourceArn must be the rule ARN" (EventBridge user guide,
 * "Cross-service confused deputy prevention in Amazon EventBridge",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html).
 * Without the aws:SourceArn condition a member admin could attach the role to
 * an unprefixed rule of their own and put anything on the central bus as a
 * forwarder.
 */
export function forwarderTrustPolicy(config: OrgConfig, account: AccountConfig): string {
  return policyDocument([
    {
      Sid: 'EventBridgeForTheForwarderRules',
      Effect: 'Allow',
      Principal: { Service: EVENTS_SERVICE },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': account.id },
        ArnLike: { 'aws:SourceArn': forwarderRuleArnPatterns(config, account) },
      },
    },
  ]);
}

/** Permissions: put events on the central bus, nothing else. */
export function forwarderPermissionsPolicy(config: OrgConfig): string {
  return policyDocument([
    { Sid: 'PutOnCentralBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: centralBusArn(config) },
  ]);
}

/**
 * DLQ policy: EventBridge may send only for this region's two forwarder rules; TLS only.
 * Several values of one condition key are ORed (IAM User Guide, "Conditions
 * with multiple context keys or values": "If a single condition operator
 * includes multiple values for a context key, those values are evaluated using
 * a logical OR", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html).
 */
export function forwarderDlqPolicy(config: OrgConfig, account: AccountConfig, region: string): string {
  const queue = queueArn(account, region, forwarderDlqName(config));
  const statements: PolicyStatement[] = [
    {
      Sid: 'ForwarderRuleDeadLetters',
      Effect: 'Allow',
      Principal: { Service: EVENTS_SERVICE },
      Action: 'sqs:SendMessage',
      Resource: queue,
      Condition: {
        ArnEquals: {
          'aws:SourceArn': [forwarderRuleArn(config, account, region), ...pipelineForwarderRuleArns(config, account, region, pipelineForwarderPatternsFor(config).length)],
        },
      },
    },
    denyInsecureQueueTransport(queue),
  ];
  return policyDocument(statements);
}

export interface ForwarderRoleProps {
  config: OrgConfig;
  account: AccountConfig;
  /** IAM is global: any provider of the account will do; pass a stable one. */
  provider: TerraformProvider;
}

/** The account's one forwarding role, shared by the forwarder rules of all its regions. */
export class ForwarderRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ForwarderRoleProps) {
    super(scope, id);
    const { config, account, provider } = props;
    this.role = new IamRole(this, 'role', {
      provider,
      name: forwarderRoleName(config),
      description: 'EventBridge forwards sign-in events and heartbeats from this account to the central bus.',
      assumeRolePolicy: forwarderTrustPolicy(config, account),
    });
    new IamRolePolicy(this, 'put-events', {
      provider,
      role: this.role.name,
      name: 'put-events-central-bus',
      policy: forwarderPermissionsPolicy(config),
    });
  }
}

export interface ForwarderProps {
  config: OrgConfig;
  account: AccountConfig;
  region: string;
  /** The provider of `region` in `account`. */
  provider: TerraformProvider;
  roleArn: string;
}

export class Forwarder extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly target: CloudwatchEventTarget;
  readonly pipelineRule: CloudwatchEventRule;
  readonly pipelineTarget: CloudwatchEventTarget;
  /** Every pipeline forwarder rule (the first is pipelineRule). */
  readonly pipelineRules: CloudwatchEventRule[];
  readonly deadLetterQueue: MemberDeadLetterQueue;

  constructor(scope: Construct, id: string, props: ForwarderProps) {
    super(scope, id);
    const { config, account, region, provider, roleArn } = props;

    this.deadLetterQueue = new MemberDeadLetterQueue(this, 'dlq', { provider, name: forwarderDlqName(config) });
    const dlqPolicy = new SqsQueuePolicy(this, 'dlq-policy', {
      provider,
      queueUrl: this.deadLetterQueue.queue.url,
      policy: forwarderDlqPolicy(config, account, region),
    });

    // Both rules send to the central bus the same way: forwarder role, the region's DLQ, no retry policy.
    const toCentralBus = (idPrefix: string, name: string, description: string, pattern: object) => {
      const rule = new CloudwatchEventRule(this, `${idPrefix}rule`, {
        provider,
        name,
        description,
        eventBusName: 'default',
        eventPattern: JSON.stringify(pattern),
        state: 'ENABLED',
      });
      const target = new CloudwatchEventTarget(this, `${idPrefix}target`, {
        provider,
        rule: rule.name,
        eventBusName: 'default',
        targetId: CENTRAL_BUS_TARGET_ID,
        arn: centralBusArn(config),
        roleArn,
        deadLetterConfig: { arn: this.deadLetterQueue.queue.arn },
        // The queue must admit EventBridge before the first event can be dead-lettered.
        dependsOn: [dlqPolicy],
      });
      return { rule, target };
    };

    const signIns = toCentralBus(
      '',
      forwarderRuleName(config),
      'Forwards console and Identity Center sign-in events, heartbeats and forwarder alarm state changes to the central bus.',
      forwarderPatternFor(config, account),
    );
    this.rule = signIns.rule;
    this.target = signIns.target;
    // One rule per pattern: the calls do not fit one EventBridge pattern (the first keeps the construct ids of a single rule).
    const patterns = pipelineForwarderPatternsFor(config);
    const names = pipelineForwarderRuleNames(config, patterns.length);
    const pipeline = patterns.map((pattern, index) =>
      toCentralBus(
        index === 0 ? 'pipeline-' : `pipeline-${index + 1}-`,
        names[index],
        `Forwards calls on signin-watch's own resources (pipeline tampering, deploys) and KMS key calls to the central bus (part ${index + 1} of ${patterns.length}).`,
        pattern,
      ),
    );
    this.pipelineRule = pipeline[0].rule;
    this.pipelineTarget = pipeline[0].target;
    this.pipelineRules = pipeline.map((part) => part.rule);
  }
}
