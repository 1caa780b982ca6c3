/**
 * The Slack channel configuration is created through a provider in a region
 * that serves the AWS Chatbot API (config/regions.ts), whatever the
 * aggregator's region; the alert topics stay in the aggregator's region.
 * With the aggregator in eu-central-1 the stack also passes `terraform validate`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AGGREGATOR_STACK } from '../../config/names';
import { ALL_REGIONS, CHATBOT_API_REGIONS, chatbotApiRegion } from '../../config/regions';
import type { OrgConfig } from '../../config/schema';
import { buildApp } from '../../stacks/app';
import { exampleConfig, resourcesOfType, synthStacks, type StackJson } from '../support/synth';

const REPO = path.resolve(__dirname, '..', '..');

function withSlack(region: string): OrgConfig {
  const config = exampleConfig();
  config.aggregator.region = region;
  config.notifications.slack = { workspaceId: 'T01ABCDEFGH', channelId: 'C01ABCDEFGH' };
  return config;
}

function providerOf(json: StackJson, reference: string | undefined): StackJson {
  const alias = reference?.replace(/^aws\./, '');
  return (json.provider.aws as StackJson[]).find((provider) => provider.alias === alias)!;
}

describe('chatbotApiRegion', () => {
  it('THEN every catalogue region maps to one of the four Chatbot API regions, and those four to themselves', () => {
    for (const region of ALL_REGIONS) expect(CHATBOT_API_REGIONS).toContain(chatbotApiRegion(region));
    for (const region of CHATBOT_API_REGIONS) expect(chatbotApiRegion(region)).toBe(region);
    expect(chatbotApiRegion('eu-central-1')).toBe('eu-west-1');
    expect(chatbotApiRegion('us-east-1')).toBe('us-east-2');
    expect(chatbotApiRegion('ap-southeast-6')).toBe('ap-southeast-1');
  });
});

describe('GIVEN Slack configured and the aggregator in eu-central-1 (no Chatbot API there)', () => {
  let json: StackJson;
  beforeAll(() => {
    json = synthStacks(withSlack('eu-central-1'))[AGGREGATOR_STACK];
  });

  it('THEN the channel configuration and its role are created through a provider of the aggregator account in a Chatbot API region', () => {
    const [channel] = Object.values(resourcesOfType(json, 'aws_chatbot_slack_channel_configuration'));
    const provider = providerOf(json, channel.provider);
    expect(channel.provider).toBe('aws.chatbot');
    expect(CHATBOT_API_REGIONS).toContain(provider.region);
    expect(provider.region).toBe('eu-west-1');
    expect(provider.allowed_account_ids).toEqual(providerOf(json, undefined).allowed_account_ids);
    const roles = Object.values(resourcesOfType(json, 'aws_iam_role')).filter((role) => role.name?.includes('chatbot'));
    expect(roles.map((role) => role.provider)).toEqual(['aws.chatbot']);
  });

  it("THEN the topics it subscribes to are the aggregator's, created by the default provider in eu-central-1", () => {
    const [channel] = Object.values(resourcesOfType(json, 'aws_chatbot_slack_channel_configuration'));
    expect(providerOf(json, undefined).region).toBe('eu-central-1');
    const topics = resourcesOfType(json, 'aws_sns_topic');
    for (const reference of channel.sns_topic_arns as string[]) {
      const name = /^\$\{aws_sns_topic\.([^.]+)\.arn\}$/.exec(reference)?.[1];
      expect(name && topics[name]).toBeTruthy();
      expect(topics[name!].provider).toBeUndefined();
    }
  });

  it('THEN terraform validate passes on the aggregator stack', () => {
    const outdir = mkdtempSync(path.join(os.tmpdir(), 'sw-chatbot-region-'));
    try {
      buildApp(withSlack('eu-central-1'), outdir).app.synth();
      for (const stack of readdirSync(path.join(outdir, 'stacks'))) {
        if (stack !== AGGREGATOR_STACK) rmSync(path.join(outdir, 'stacks', stack), { recursive: true, force: true });
      }
      const run = spawnSync(process.execPath, ['bin/signin-watch.js', 'verify', '--synthesized', outdir, '--no-test', '--no-providers'], { cwd: REPO, encoding: 'utf8' });
      const output = `${run.stdout}${run.stderr}`;
      expect([run.status, output]).toEqual([0, expect.stringContaining(`ok   validate ${AGGREGATOR_STACK}`)]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 10 * 60 * 1000);
});

describe('GIVEN Slack configured and the aggregator in eu-west-1 (a Chatbot API region)', () => {
  it('THEN the channel configuration uses the default provider and no extra provider is made', () => {
    const json = synthStacks(withSlack('eu-west-1'))[AGGREGATOR_STACK];
    const [channel] = Object.values(resourcesOfType(json, 'aws_chatbot_slack_channel_configuration'));
    expect(channel.provider).toBeUndefined();
    expect((json.provider.aws as StackJson[]).map((provider) => provider.alias)).toEqual([undefined]);
  });
});
