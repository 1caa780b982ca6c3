/**
 * The organization config as every command and stack reads it: config/load.ts
 * with the checks only the detection catalogue can make (a filter that would
 * exceed CloudWatch Logs' or EventBridge's limits is reported at its place in
 * the file, before anything is written). config/ imports nothing from here.
 */
import type { OrgConfig } from '../config/schema';
import * as load from '../config/load';
import { validateConfig as validateOnly, type CatalogueLimits, type SemanticIssue } from '../config/validate';
import { pipelineDeployChangeFilters, pipelineFilters, pipelineTamperingPatterns, suppressionFilterLength } from './catalogue';
import { ENVELOPE, RAW } from './filter-terms';

/** KMS keys of the product a stack passes to pipeline-tampering (the aggregator's topic, logs and queue keys): validation sizes their filters with worst-case ARNs. */
export const PIPELINE_KEYS_PER_STACK = 3;

export { ConfigError, ConfigFileError, formatIssue, formatPath, notYamlText, MAX_ALIAS_COUNT, MAX_CONFIG_BYTES, type ConfigIssue } from '../config/load';

export const CATALOGUE_LIMITS: CatalogueLimits = {
  suppressionFilterLength: (arns) => suppressionFilterLength([...arns]),
  checkPipelineFilters: (names) => {
    pipelineDeployChangeFilters(names);
    // Sized as deployed: with the stack's key ARNs (each measured as the longest ARN a key can have).
    const withKeys = { ...names, keyArns: Array.from({ length: PIPELINE_KEYS_PER_STACK }, (_, index) => `key-${index}`) };
    for (const root of [RAW, ENVELOPE]) pipelineFilters(root, withKeys, 'others');
    pipelineTamperingPatterns(withKeys);
  },
};

export function loadConfig(file: string): OrgConfig {
  return load.loadConfig(file, CATALOGUE_LIMITS);
}

export function parseConfigBytes(bytes: Buffer, file: string): OrgConfig {
  return load.parseConfigBytes(bytes, file, CATALOGUE_LIMITS);
}

export function parseConfig(text: string, file: string): OrgConfig {
  return load.parseConfig(text, file, CATALOGUE_LIMITS);
}

export function validateConfig(config: OrgConfig): SemanticIssue[] {
  return validateOnly(config, CATALOGUE_LIMITS);
}
