/**
 * The optional Slack channel: an AWS Chatbot Slack channel configuration
 * subscribed to the alert topics, with a least-privilege channel role
 * (read alarms and render their charts, nothing else) and a read-only
 * CloudWatch guardrail on whatever channel members run through Chatbot.
 *
 * Prerequisite (once, by hand): the Slack workspace is authorized in the AWS
 * Chatbot console of the aggregator account (an OAuth step Terraform cannot do).
 *
 * Region: the Chatbot API is served in four regions only (config/regions.ts
 * `CHATBOT_API_REGIONS`, cited there), so the channel configuration is created
 * through `provider` in `chatbotApiRegion(aggregator region)`; the topics it
 * subscribes to stay in the aggregator's region (Chatbot combines topics from
 * several regions in one configuration, also cited there).
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { ChatbotSlackChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-slack-channel-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { alarmArnPattern } from './kms-key';
import { policyDocument, type PolicyStatement } from './policy-document';

/** Caps what channel members can do through Chatbot (it defaults to AdministratorAccess otherwise). */
export const CHATBOT_GUARDRAIL_POLICY_ARN = 'arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess';

export interface SlackChannelProps {
  /** Chatbot configuration name (`chatbotConfigurationName`). */
  configurationName: string;
  /** Channel role name (`chatbotRoleName`). */
  roleName: string;
  /** Slack workspace (team) id from config. */
  workspaceId: string;
  /** Slack channel id from config. */
  channelId: string;
  /** Topics whose messages the channel shows. */
  topicArns: string[];
  /** The aggregator account: the channel role trusts Chatbot only on its behalf, and reads only its alarms. */
  accountId: string;
  /** The aggregator's region: where the alarms the channel role may read live. */
  region: string;
  /**
   * Provider of the aggregator account in a Chatbot API region (config/regions.ts
   * `chatbotApiRegion`): the channel configuration and its (global) role are created through it.
   * @default the stack's default provider (only right when the aggregator's region serves the Chatbot API)
   */
  provider?: TerraformProvider;
}

/** Trust: only AWS Chatbot, only on behalf of the aggregator account (`aws:SourceAccount`: no confused deputy). */
export function chatbotTrustPolicyStatements(accountId: string): PolicyStatement[] {
  return [
    {
      Sid: 'ChatbotAssumesChannelRole',
      Effect: 'Allow',
      Principal: { Service: 'chatbot.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
  ];
}

export function chatbotRolePolicyStatements(accountId: string, region: string): PolicyStatement[] {
  return [
    {
      Sid: 'ReadAlarmsOfThisAccount',
      Effect: 'Allow',
      Action: 'cloudwatch:DescribeAlarms',
      Resource: alarmArnPattern(region, accountId),
    },
    {
      // Read-only calls without resource-level permissions: "*" is the only resource they accept.
      Sid: 'RenderAlarmCharts',
      Effect: 'Allow',
      Action: ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage'],
      Resource: '*',
    },
  ];
}

export class SlackChannel extends Construct {
  readonly role: IamRole;
  readonly channel: ChatbotSlackChannelConfiguration;

  constructor(scope: Construct, id: string, props: SlackChannelProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: 'AWS Chatbot channel role of the signin-watch Slack channel: read alarms only.',
      assumeRolePolicy: policyDocument(chatbotTrustPolicyStatements(props.accountId)),
      inlinePolicy: [{ name: 'read-alarms', policy: policyDocument(chatbotRolePolicyStatements(props.accountId, props.region)) }],
      provider: props.provider,
    });
    this.channel = new ChatbotSlackChannelConfiguration(this, 'channel', {
      configurationName: props.configurationName,
      iamRoleArn: this.role.arn,
      slackTeamId: props.workspaceId,
      slackChannelId: props.channelId,
      snsTopicArns: props.topicArns,
      guardrailPolicyArns: [CHATBOT_GUARDRAIL_POLICY_ARN],
      userAuthorizationRequired: true,
      loggingLevel: 'ERROR',
      provider: props.provider,
    });
  }
}
