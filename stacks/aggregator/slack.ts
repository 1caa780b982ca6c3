/**
 * Slack (optional): one AWS Chatbot channel configuration per channel the
 * config names. Each shows its destination topic (custom notifications); the
 * default channel also the alert topic (alarms).
 */
import type { Construct } from 'constructs';
import { slackChannelConfigurationName, slackChannelRoleName, teamsChannelConfigurationName, teamsChannelRoleName } from '../../config/names';
import { chatbotApiRegion } from '../../config/regions';
import { slackChannels, slackDestination, teamsChannels, teamsDestination } from '../../detection/alerts/model';
import type { AlertEngine } from '../constructs/alert-engine';
import { SlackChannel } from '../constructs/slack-channel';
import { TeamsChannel } from '../constructs/teams-channel';
import { accountProvider } from '../provider';
import type { AggregatorSite } from './site';

export function slackChannelConfigurations(stack: Construct, site: AggregatorSite, engine: AlertEngine, alertTopicArn: string): void {
  const { config, account, accountId, region } = site;
  const defaultSlack = config.notifications.slack;
  // The Chatbot API exists in four regions only (config/regions.ts): elsewhere, a provider of the aggregator account there.
  const chatbotRegion = chatbotApiRegion(region);
  const chatbotProvider =
    slackChannels(config).length + teamsChannels(config).length === 0 || chatbotRegion === region
      ? undefined
      : accountProvider(stack, { config, account, region: chatbotRegion, alias: 'chatbot' });
  for (const channel of slackChannels(config)) {
    const destinationTopic = engine.topics.get(slackDestination(channel))!;
    const isDefault = defaultSlack?.channelId === channel.channelId;
    new SlackChannel(stack, isDefault ? 'slack' : `slack-${channel.channelId}`, {
      provider: chatbotProvider,
      configurationName: slackChannelConfigurationName(config, channel.channelId),
      roleName: slackChannelRoleName(config, channel.channelId),
      workspaceId: channel.workspaceId,
      channelId: channel.channelId,
      topicArns: [...(isDefault ? [alertTopicArn] : []), destinationTopic.arn],
      accountId,
      region,
    });
  }
  // Microsoft Teams (route destinations): same Chatbot region rule, same channel role and guardrail; only its destination topic.
  for (const channel of teamsChannels(config)) {
    new TeamsChannel(stack, `teams-${teamsChannelConfigurationName(config, channel.channelId)}`, {
      provider: chatbotProvider,
      configurationName: teamsChannelConfigurationName(config, channel.channelId),
      roleName: teamsChannelRoleName(config, channel.channelId),
      teamId: channel.teamId,
      channelId: channel.channelId,
      tenantId: channel.tenantId,
      topicArns: [engine.topics.get(teamsDestination(channel))!.arn],
      accountId,
      region,
    });
  }
}
