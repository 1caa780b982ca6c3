/**
 * How the pipeline-tampering kind recognizes the product's own resources and
 * deploys: the names config/names.ts derives, gathered in one value. Here,
 * below the detection layer, because config validation checks that these
 * names fit the kind's filters; detection/catalogue.ts re-exports them.
 */
import { deploymentSessionArnPatterns, productLogGroupPrefixes, resourceNamePrefix } from './names';
import { orgConfigSchema, type OrgConfig } from './schema';

/** What the pipeline-tampering patterns need from the deployment (config/names.ts). */
export interface PipelineNames {
  /** Start of the product's rule, schedule, topic, alarm, role and queue names (`<prefix>-`). */
  resourcePrefix: string;
  /** Starts of the product's log group names. */
  logGroupPrefixes: string[];
  /** ARN patterns of the deployment role's deploy sessions (`*` wildcard). */
  deploymentSessionArns: string[];
  /** ARNs of the product's KMS keys known to the stack (tokens in a stack); none by default. */
  keyArns?: string[];
}

/** The pipeline names of a config. */
export function pipelineNamesFor(config: Pick<OrgConfig, 'deployment' | 'accounts'>): PipelineNames {
  return {
    resourcePrefix: resourceNamePrefix(config),
    logGroupPrefixes: productLogGroupPrefixes(config),
    deploymentSessionArns: deploymentSessionArnPatterns(config),
  };
}

/** The names of the default deployment settings (schema defaults, no account override). */
export const DEFAULT_PIPELINE_NAMES: Readonly<PipelineNames> = pipelineNamesFor({
  deployment: orgConfigSchema.shape.deployment.parse(undefined),
  accounts: [],
});
