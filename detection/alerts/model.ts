/**
 * The alert engine's model, built from the config at synth time: the account
 * directory (id, name, tags of every configured account), the message of
 * every enabled kind (from the catalogue, so a kind added there just works),
 * the routes with their destinations, and the SNS topic of each destination.
 * The stack bundles it as JSON beside the Lambda code; `classify --render` and
 * the tests build the same model from the same config. No cdktf import.
 */
import type { OrgConfig, RouteConfig, SlackConfig, TeamsConfig } from '../../config/schema';
import { aggregatorAccount, alertStateTableName, destinationTopicName, findAccount, snsTopicArn } from '../../config/names';
import { alertKindsFor } from '../catalogue';
import { FORWARDER_SILENT_MESSAGE } from '../message';
import { AlertEngine, type EngineKind, type EngineModel, type EngineRoute } from './engine';

export const emailDestination = (address: string): string => `email:${address}`;
export const httpsDestination = (url: string): string => `https:${url}`;
export const slackDestination = (slack: Pick<SlackConfig, 'channelId'>): string => `slack:${slack.channelId}`;
export const teamsDestination = (teams: Pick<TeamsConfig, 'channelId'>): string => `teams:${teams.channelId}`;

export function routeDestinations(route: RouteConfig): string[] {
  return [
    ...(route.emails ?? []).map(emailDestination),
    ...(route.httpsEndpoints ?? []).map(httpsDestination),
    ...(route.slack ? [slackDestination(route.slack)] : []),
    ...(route.teams ? [teamsDestination(route.teams)] : []),
  ];
}

/** Where events no route matches go: notifications.emails and notifications.slack. */
export function defaultDestinations(config: Pick<OrgConfig, 'notifications'>): string[] {
  const { emails, slack } = config.notifications;
  return [...emails.map(emailDestination), ...(slack ? [slackDestination(slack)] : [])];
}

/** Every destination the engine may publish to, sorted: one SNS topic each. */
export function allDestinations(config: Pick<OrgConfig, 'notifications'>): string[] {
  const all = new Set([...defaultDestinations(config), ...config.notifications.routes.flatMap(routeDestinations)]);
  return [...all].sort();
}

/** Every Slack channel the config names (default first), once each by channel id. */
export function slackChannels(config: Pick<OrgConfig, 'notifications'>): SlackConfig[] {
  const channels = new Map<string, SlackConfig>();
  const { slack, routes } = config.notifications;
  for (const channel of [...(slack ? [slack] : []), ...routes.flatMap((route) => (route.slack ? [route.slack] : []))]) {
    if (!channels.has(channel.channelId)) channels.set(channel.channelId, channel);
  }
  return [...channels.values()];
}

/** Every Microsoft Teams channel the routes name, once each by channel id. */
export function teamsChannels(config: Pick<OrgConfig, 'notifications'>): TeamsConfig[] {
  const channels = new Map<string, TeamsConfig>();
  for (const route of config.notifications.routes) if (route.teams && !channels.has(route.teams.channelId)) channels.set(route.teams.channelId, route.teams);
  return [...channels.values()];
}

function engineKinds(config: OrgConfig): EngineKind[] {
  const kinds = alertKindsFor(config).map(({ id, severity, title, description, messageFields, eventPattern, nextSteps }) => ({ id, severity, title, description, messageFields, eventPattern, nextSteps }));
  const { id, severity, title, description, messageFields } = FORWARDER_SILENT_MESSAGE;
  return [...kinds, { id, severity, title, description, messageFields: messageFields.map((field) => ({ ...field })) }];
}

function engineRoute(config: OrgConfig, route: RouteConfig): EngineRoute {
  return {
    name: route.name,
    ...(route.severities ? { severities: [...route.severities] } : {}),
    ...(route.kinds ? { kinds: [...route.kinds] } : {}),
    ...(route.accounts ? { accounts: route.accounts.map((ref) => findAccount(config, ref).id) } : {}),
    ...(route.accountTags ? { accountTags: { ...route.accountTags } } : {}),
    ...(route.replaceDefault ? { replaceDefault: true } : {}),
    destinations: routeDestinations(route),
  };
}

/** The model of a (validated) config. */
export function engineModel(config: OrgConfig): EngineModel {
  const region = config.aggregator.region;
  const accountId = aggregatorAccount(config).id;
  return {
    version: 1,
    accounts: config.accounts.map((account) => ({ id: account.id, name: account.name, tags: { ...account.tags }, ...(account.owner ? { owner: account.owner } : {}) })),
    kinds: engineKinds(config),
    routes: config.notifications.routes.map((route) => engineRoute(config, route)),
    defaultDestinations: defaultDestinations(config),
    ...(config.notifications.runbookUrl ? { runbookUrl: config.notifications.runbookUrl } : {}),
    stormControl: { ...config.notifications.stormControl },
    stateTable: alertStateTableName(config),
    ...(config.alerts.guardDutyAdministrator !== undefined ? { guardDutyAdministrator: findAccount(config, config.alerts.guardDutyAdministrator).id } : {}),
    topics: Object.fromEntries(allDestinations(config).map((destination) => [destination, snsTopicArn(region, accountId, destinationTopicName(config, destination))])),
  };
}

/** The engine of a config: what `classify --render`, the samples and the tests run. */
export function engineFor(config: OrgConfig): AlertEngine {
  return new AlertEngine(engineModel(config));
}
