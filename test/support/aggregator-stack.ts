/**
 * Test helper for the aggregator stack: synthesize it alone (no other stack
 * is built). Resource lookups (findOne, findAll, ref, keyByAlias) live in
 * management-stack.ts and work on any stack.
 */
import { App, Testing } from 'cdktf';
import type { OrgConfig } from '../../config/schema';
import { AGGREGATOR_STACK } from '../../config/names';
import { AggregatorStack } from '../../stacks/aggregator';
import type { StackJson } from './synth';
import { scratchDir } from './scratch';

export function synthAggregator(config: OrgConfig): StackJson {
  const app = new App({ outdir: scratchDir() });
  const stack = new AggregatorStack(app, AGGREGATOR_STACK, config);
  return JSON.parse(Testing.synth(stack));
}

/** Every resource of a stack as "type.name" → body. */
export function allResources(json: StackJson): Map<string, StackJson> {
  const result = new Map<string, StackJson>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName as Record<string, StackJson>)) result.set(`${type}.${name}`, body);
  }
  return result;
}
