/**
 * Test helpers: synthesize every stack of a config in memory and read the JSON.
 *
 *   const stacks = synthStacks(config);          // { management: {...}, aggregator: {...}, 'member-x': {...} }
 *   const rules = resourcesOfType(stacks['member-x'], 'aws_cloudwatch_event_rule');
 */
import * as path from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import type { OrgConfig } from '../../config/schema';
import { loadConfig } from '../../detection/org-config';
import { buildApp } from '../../stacks/app';
import { scratchDir } from './scratch';

/** A synthesized stack: the parsed cdk.tf.json (metadata removed, keys sorted). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

export const EXAMPLE_CONFIG_FILE = path.join(__dirname, '..', '..', 'config', 'org.yaml');

/** The example organization, parsed; a fresh copy each call, so tests may edit it. */
export function exampleConfig(): OrgConfig {
  return loadConfig(EXAMPLE_CONFIG_FILE);
}

/** Builds the app (nothing is written to disk) and returns the stacks by name. */
export function buildStacks(config: OrgConfig): { stackNames: string[]; stacks: Record<string, TerraformStack> } {
  const { app, stackNames } = buildApp(config, scratchDir());
  const stacks: Record<string, TerraformStack> = {};
  for (const name of stackNames) stacks[name] = app.node.findChild(name) as TerraformStack;
  return { stackNames, stacks };
}

/** Synthesizes every stack of `config` and returns the parsed JSON per stack name. */
export function synthStacks(config: OrgConfig): Record<string, StackJson> {
  const { stackNames, stacks } = buildStacks(config);
  const result: Record<string, StackJson> = {};
  for (const name of stackNames) result[name] = JSON.parse(Testing.synth(stacks[name]));
  return result;
}

/** The resources of one type in a stack, by Terraform resource name (address without the type). */
export function resourcesOfType(json: StackJson, type: string): Record<string, StackJson> {
  return json.resource?.[type] ?? {};
}

/** The data sources of one type in a stack, by name. */
export function dataOfType(json: StackJson, type: string): Record<string, StackJson> {
  return json.data?.[type] ?? {};
}

/** Parses a JSON policy document as synthesized (IAM, SQS, SNS, KMS policies are JSON strings). */
export function policyOf(document: string): StackJson {
  return JSON.parse(document);
}
