/**
 * The organization config as every command and stack reads it: config/load.ts
 * with the checks only the detection catalogue can make (a filter that would
 * exceed CloudWatch Logs' or EventBridge's limits is reported at its place in
 * the file, before anything is written). config/ imports nothing from here.
 */
import type { OrgConfig } from '../config/schema';
import * as load from '../config/load';
import { validateConfig as validateOnly, type CatalogueLimits, type SemanticIssue } from '../config/validate';
import { alertKindsFor, pipelineDeployChangeFilters, pipelineFilters, pipelineTamperingPatterns, suppressionFilterLength } from './catalogue';
import type { EventPattern } from './types';
import { ENVELOPE, RAW } from './filter-terms';

/** KMS keys of the product a stack passes to pipeline-tampering (the aggregator's topic, logs and queue keys): validation sizes their filters with worst-case ARNs. */
/** The most keys a stack watches by ARN: the aggregator's alerts, event-logs, dead-letters and alert-state keys. */
export const PIPELINE_KEYS_PER_STACK = 4;

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
  // Event sources do not depend on names or ignored principals: built without them, so a list too long for a filter (reported on its own) cannot throw here.
  globalServiceKinds: (config) =>
    alertKindsFor({ alerts: { ...config.alerts, ignorePrincipals: [] } })
      .filter((kind) => kind.eventPatterns.some(matchesGlobalServiceEvents))
      .map((kind) => kind.id),
};

/** EventBridge sources and CloudTrail event sources of the global services that deliver events only to us-east-1 (AWS re:Post, "use EventBridge rule across regions"). */
export const GLOBAL_SERVICE_SOURCES: readonly string[] = ['aws.iam', 'iam.amazonaws.com', 'aws.organizations', 'organizations.amazonaws.com', 'aws.account', 'account.amazonaws.com'];

/** Whether a pattern matches events of a global service: any `source` or `eventSource` value, at any depth, names one. */
function matchesGlobalServiceEvents(pattern: EventPattern | unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some(matchesGlobalServiceEvents);
  if (!pattern || typeof pattern !== 'object') return false;
  return Object.entries(pattern).some(
    ([key, value]) =>
      ((key === 'source' || key === 'eventSource') && Array.isArray(value) && value.some((entry) => typeof entry === 'string' && GLOBAL_SERVICE_SOURCES.includes(entry))) ||
      matchesGlobalServiceEvents(value),
  );
}

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
