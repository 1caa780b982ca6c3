/**
 * Policy behaviour tests read the policies as synthesized: the example
 * organization is synthesized once per test file into a temp dir, and each
 * policy is read from its stack's cdk.tf.json. Terraform references inside a
 * policy (`${aws_sns_topic.t.arn}`) are replaced by the value Terraform would
 * compute, derived from the resource's configured name (see
 * StackModel.literalForms), so the simulator sees real ARNs.
 *
 * The simulator: test/support/iam-simulation.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../detection/org-config';
import type { OrgConfig } from '../../config/schema';
import { buildApp } from '../../stacks/app';
import { StackModel, type TerraformJson, type TfItem } from '../../stacks/rules/model';
import type { PolicyDocument } from '../support/iam-simulation';

export const CONFIG_FILE = path.join(__dirname, '..', '..', 'config', 'org.yaml');

export interface Synthesized {
  config: OrgConfig;
  outdir: string;
  stack(name: string): StackModel;
  cleanup(): void;
}

export function synthesizeExample(): Synthesized {
  const config = loadConfig(CONFIG_FILE);
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'sw-policies-'));
  buildApp(config, outdir).app.synth();
  const models = new Map<string, StackModel>();
  return {
    config,
    outdir,
    stack(name) {
      if (!models.has(name)) {
        const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as TerraformJson;
        models.set(name, new StackModel(name, json));
      }
      return models.get(name)!;
    },
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Replaces `${type.name.arn|name|id}` references by the values Terraform would compute for them. */
export function substituteReferences(model: StackModel, text: string): string {
  return text.replace(/\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}/g, (whole, address: string, attribute: string) => {
    const item = model.get(address);
    if (!item) throw new Error(`${model.stackName}: ${whole} names no resource of the stack`);
    const forms = model.literalForms(item);
    const value =
      attribute === 'arn'
        ? forms.find((form) => form.startsWith('arn:') && !form.endsWith(':*'))
        : attribute === 'name' || attribute === 'id' || attribute === 'bucket'
          ? (item.body.name ?? item.body.bucket)
          : undefined;
    if (typeof value !== 'string') throw new Error(`${model.stackName}: cannot compute ${whole} offline`);
    return value;
  });
}

/** The policy document of one resource, as synthesized, with references substituted. */
export function policyOf(model: StackModel, item: TfItem, attribute = 'policy'): PolicyDocument {
  const raw = item.body[attribute];
  if (typeof raw !== 'string') throw new Error(`${item.address}.${attribute} is not a JSON string`);
  return JSON.parse(substituteReferences(model, raw)) as PolicyDocument;
}

/** The only resource of `type` in the stack matching `where`. */
export function only(model: StackModel, type: string, where: (item: TfItem) => boolean = () => true): TfItem {
  const found = model.resources(type).filter(where);
  if (found.length !== 1) throw new Error(`${model.stackName}: expected one ${type}, found ${found.length}`);
  return found[0];
}

/** The simulator, shared with the stack policy tests. */
export { decide, type Decision, type PolicyDocument } from '../support/iam-simulation';
