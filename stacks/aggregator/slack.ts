/**
 * Slack (optional): one AWS Chatbot channel configuration per channel the
 * config names. Each shows its destination topic (custom notifications); the
 * default channel also the alert topic (alarms).
 */
import type { Construct } from 'constructs';
import { slackChannelConfigurationName, slackChannelRoleName } from '../../config/names';
import { chatbotApiRegion } from '../../config/regions';
import { slackChannels, slackDestination } from '../../detection/alerts/model';
import type { AlertEngine } from '../constructs/alert-engine';
import { SlackChannel } from '../constructs/slack-channel';
import { accountProvider } from '../provider';
import type { AggregatorSite } from './site';

export function slackChannelConfigurations(stack: Construct, site: AggregatorSite, engine: AlertEngine, alertTopicArn: string): void {
  const { config, account, accountId, region } = site;
  const defaultSlack = config.notifications.slack;
  // The Chatbot API exists in four regions only (config/regions.ts): elsewhere, a provider of the aggregator account there.
  const chatbotRegion = chatbotApiRegion(region);
  const chatbotProvider =
    slackChannels(config).length === 0 || chatbotRegion === region
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
}
