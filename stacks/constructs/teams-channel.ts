/**
 * A Microsoft Teams channel (route destination `teams:<channelId>`): an AWS
 * Chatbot Microsoft Teams channel configuration subscribed to its destination
 * topic, with the same least-privilege channel role, read-only guardrail,
 * user authorization and region rule as the Slack channel (slack-channel.ts):
 * the configuration is created through a provider in the Chatbot API region
 * (config/regions.ts `chatbotApiRegion`); the topic stays in the aggregator's
 * region. The engine publishes the same custom notification as to Slack.
 *
 * Prerequisite (once, by hand): the Microsoft Teams team is authorized in the
 * AWS Chatbot console of the aggregator account ("Get started with Microsoft
 * Teams", AWS Chatbot administrator guide,
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/teams-setup.html).
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { ChatbotTeamsChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-teams-channel-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { policyDocument } from './policy-document';
import { CHATBOT_GUARDRAIL_POLICY_ARN, chatbotRolePolicyStatements, chatbotTrustPolicyStatements } from './slack-channel';

export interface TeamsChannelProps {
  configurationName: string;
  roleName: string;
  teamId: string;
  channelId: string;
  tenantId: string;
  topicArns: string[];
  accountId: string;
  region: string;
  /** Provider of the aggregator account in a Chatbot API region (undefined: the aggregator's region serves the Chatbot API). */
  provider?: TerraformProvider;
}

export class TeamsChannel extends Construct {
  readonly role: IamRole;
  readonly channel: ChatbotTeamsChannelConfiguration;

  constructor(scope: Construct, id: string, props: TeamsChannelProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: 'AWS Chatbot channel role of a signin-watch Microsoft Teams channel: read alarms only.',
      assumeRolePolicy: policyDocument(chatbotTrustPolicyStatements(props.accountId)),
      inlinePolicy: [{ name: 'read-alarms', policy: policyDocument(chatbotRolePolicyStatements(props.accountId, props.region)) }],
      provider: props.provider,
    });
    this.channel = new ChatbotTeamsChannelConfiguration(this, 'channel', {
      configurationName: props.configurationName,
      iamRoleArn: this.role.arn,
      teamId: props.teamId,
      channelId: props.channelId,
      tenantId: props.tenantId,
      snsTopicArns: props.topicArns,
      guardrailPolicyArns: [CHATBOT_GUARDRAIL_POLICY_ARN],
      userAuthorizationRequired: true,
      loggingLevel: 'ERROR',
      provider: props.provider,
    });
  }
}
