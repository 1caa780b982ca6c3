/**
 * Issue 19 item 7: Microsoft Teams through AWS Chatbot as a route destination:
 * the channel configuration (in a Chatbot API region), its destination topic
 * (subscribed by Chatbot, not by SNS), and the Slack-style custom notification.
 */
import { teamsChannelConfigurationName } from '../../config/names';
import { orgConfigSchema } from '../../config/schema';
import { engineFor } from '../../detection/alerts/model';
import { deliveries } from '../../detection/alerts/handler';
import { engineModel } from '../../detection/alerts/model';
import { synthAggregator } from '../support/aggregator-stack';
import { findAll, findOne } from '../support/management-stack';
import { exampleConfig } from '../support/synth';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const TEAMS = { teamId: '11111111-2222-3333-4444-555555555555', channelId: '19:abc123def@thread.tacv2', tenantId: '66666666-7777-8888-9999-000000000000' };
const FIXTURE = path.join(__dirname, '..', 'detection', 'fixtures', 'alerts', 'root-sign-in-workload-prod.json');

function teamsConfig() {
  const config = exampleConfig();
  config.notifications.routes = [{ name: 'prod-teams', accounts: ['workload-prod'], teams: TEAMS }];
  return config;
}

describe('Microsoft Teams route destination', () => {
  it('GIVEN a bad Teams channel id WHEN parsed THEN the schema refuses it', () => {
    const parsed = orgConfigSchema.safeParse({ ...exampleConfig(), notifications: { ...exampleConfig().notifications, routes: [{ name: 'x', teams: { ...TEAMS, channelId: 'general' } }] } });
    expect(parsed.success).toBe(false);
  });

  it('GIVEN a Teams route WHEN synthesized THEN a Chatbot Teams configuration on its own topic, no SNS subscription for it', () => {
    const config = teamsConfig();
    const json = synthAggregator(config);
    const channel = findOne(json, 'aws_chatbot_teams_channel_configuration');
    expect(channel.body).toMatchObject({
      configuration_name: teamsChannelConfigurationName(config, TEAMS.channelId),
      team_id: TEAMS.teamId,
      channel_id: TEAMS.channelId,
      tenant_id: TEAMS.tenantId,
      user_authorization_required: true,
      guardrail_policy_arns: ['arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess'],
    });
    const topic = findOne(json, 'aws_sns_topic', (body) => String(body.name).includes('-to-teams-'));
    expect(channel.body.sns_topic_arns).toEqual([`\${${topic.address}.arn}`]);
    expect(findAll(json, 'aws_sns_topic_subscription', (body) => body.topic_arn === `\${${topic.address}.arn}`)).toEqual([]);
    // The aggregator's region (eu-west-1) serves the Chatbot API: the stack's own provider, as for Slack.
    expect(channel.body.provider).toBeUndefined();
  });

  it('GIVEN a root sign-in of the routed account WHEN rendered THEN teams: is a destination and receives the Chatbot custom notification', () => {
    const config = teamsConfig();
    const engine = engineFor(config);
    const event = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    // The engine sees the EventBridge envelope of the CloudTrail record.
    const input = { version: '0', id: 'e1', 'detail-type': 'AWS Console Sign In via CloudTrail', source: 'aws.signin', account: event.recipientAccountId, time: event.eventTime, region: event.awsRegion, resources: [], detail: event };
    const message = engine.renderEvent(input, ['root-console-login', ...engine.matchingKinds(input)]);
    expect(message.destinations).toContain(`teams:${TEAMS.channelId}`);
    const delivery = deliveries(message, engineModel(config).topics).find((candidate) => candidate.destination === `teams:${TEAMS.channelId}`)!;
    expect(delivery.subject).toBeUndefined();
    expect(delivery.message).toBe(message.chat);
    expect(JSON.parse(delivery.message)).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown' } });
  });
});
