/**
 * The shape of one alert kind's definition (detection/kinds/<kind-id>.ts);
 * detection/catalogue.ts builds an AlertKind from it.
 */
import type { PipelineNames } from '../config/pipeline-names';
import type { Root } from './filter-terms';
import type { EventPattern, MessageField, Severity } from './types';

/** What a kind may need from the deployment besides alerts.* (the pipeline-tampering kind: names and deploy sessions). */
export interface KindContext {
  pipeline: PipelineNames;
}

export interface KindDefinition {
  /** One to three "what to do now" lines, shown in every message of the kind; the kind file cites the AWS guidance they come from. */
  nextSteps: string[];
  severity: Severity;
  metricName: string;
  messageFields: MessageField[];
  eventPattern: (ignoredArns: string[], context: KindContext) => EventPattern;
  /** A kind too long for one EventBridge pattern: the patterns deployed as rules side by side (each within MAX_EVENT_PATTERN_LENGTH); `eventPattern` is then their union, for offline evaluation. */
  eventPatterns?: (ignoredArns: string[], context: KindContext) => EventPattern[];
  /** The kind's filter as one pattern (deployed as is unless `filters` is given); null on the raw root for a kind without a CloudTrail record (no trail path). */
  filter: (root: Root, ignoredArns: string[], context: KindContext) => string | null;
  /** A kind too long for one filter: the filters deployed side by side, each with its own metric (each within MAX_FILTER_PATTERN_LENGTH). */
  filters?: (root: Root, context: KindContext) => string[];
}
