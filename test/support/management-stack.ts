/**
 * Test helpers for the management stack: synthesize it alone (no other stack
 * is built) and find resources by what they are, not by their hashed address.
 */
import { App, Testing } from 'cdktf';
import type { OrgConfig } from '../../config/schema';
import { MANAGEMENT_STACK } from '../../config/names';
import { ManagementStack } from '../../stacks/management';
import { resourcesOfType, type StackJson } from './synth';
import { scratchDir } from './scratch';

export interface SynthesizedManagement {
  stack: ManagementStack;
  json: StackJson;
}

/** Builds and synthesizes only the management stack (nothing is written to disk). */
export function synthManagement(config: OrgConfig): SynthesizedManagement {
  const app = new App({ outdir: scratchDir() });
  const stack = new ManagementStack(app, MANAGEMENT_STACK, config);
  return { stack, json: JSON.parse(Testing.synth(stack)) };
}

/** A resource with its Terraform address. */
export interface Found {
  address: string;
  name: string;
  body: StackJson;
}

/** Every resource of `type` that matches `predicate`. */
export function findAll(json: StackJson, type: string, predicate: (body: StackJson) => boolean = () => true): Found[] {
  return Object.entries(resourcesOfType(json, type))
    .filter(([, body]) => predicate(body))
    .map(([name, body]) => ({ address: `${type}.${name}`, name, body }));
}

/** The single resource of `type` matching `predicate`; fails the test when there are none or several. */
export function findOne(json: StackJson, type: string, predicate: (body: StackJson) => boolean = () => true): Found {
  const found = findAll(json, type, predicate);
  if (found.length !== 1) throw new Error(`expected exactly one ${type} matching, found ${found.length}`);
  return found[0];
}

/** The Terraform expression of an attribute of a found resource, as synthesized in references. */
export function ref(resource: Found, attribute: string): string {
  return `\${${resource.address}.${attribute}}`;
}

/** The KMS key behind an alias name. */
export function keyByAlias(json: StackJson, aliasName: string): Found {
  const alias = findOne(json, 'aws_kms_alias', (body) => body.name === aliasName);
  const keys = findAll(json, 'aws_kms_key').filter((key) => alias.body.target_key_id === ref(key, 'key_id'));
  if (keys.length !== 1) throw new Error(`alias ${aliasName} targets no key of this stack`);
  return keys[0];
}

/** The resource of `type` attached to a bucket resource (`bucket = ${aws_s3_bucket.X.id}`). */
export function ofBucket(json: StackJson, type: string, bucket: Found): Found[] {
  return findAll(json, type, (body) => body.bucket === ref(bucket, 'id'));
}
