/**
 * The organization config as every command and stack reads it: config/load.ts
 * with the checks only the detection catalogue can make (a filter that would
 * exceed CloudWatch Logs' or EventBridge's limits is reported at its place in
 * the file, before anything is written). config/ imports nothing from here.
 */
import type { OrgConfig } from '../config/schema';
import * as load from '../config/load';
import { validateConfig as validateOnly, type CatalogueLimits, type SemanticIssue } from '../config/validate';
import { pipelineDeployChangeFilters, pipelineTamperingPattern, suppressionFilterLength } from './catalogue';

export { ConfigError, ConfigFileError, formatIssue, formatPath, notYamlText, MAX_ALIAS_COUNT, MAX_CONFIG_BYTES, type ConfigIssue } from '../config/load';

export const CATALOGUE_LIMITS: CatalogueLimits = {
  suppressionFilterLength: (arns) => suppressionFilterLength([...arns]),
  checkPipelineFilters: (names) => {
    pipelineDeployChangeFilters(names);
    pipelineTamperingPattern(names);
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
