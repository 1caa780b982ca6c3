/**
 * Shapes of the detection catalogue. The catalogue (detection/catalogue.ts) is
 * the single source of every pattern string the product deploys: stacks,
 * tests, classify and the coverage report read it. No cdktf import.
 */
import type { AlertKindId } from '../config/schema';

export type { AlertKindId };

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFO';

/** An EventBridge event pattern, as the JSON object PutRule takes. */
export type EventPattern = { [key: string]: unknown };

/** A field shown in an alert's readable message, read from the EventBridge envelope. */
export interface MessageField {
  /** Label in the message, e.g. "Source IP". */
  label: string;
  /** Input-transformer variable name (letters, digits, underscores). */
  variable: string;
  /** JSONPath into the envelope, e.g. $.detail.sourceIPAddress */
  path: string;
}

export interface AlertKind {
  id: AlertKindId;
  severity: Severity;
  title: string;
  description: string;
  /** CloudWatch metric (and metric filter) name; filter name = metric name. */
  metricName: string;
  /** One to three "what to do now" lines (detection/kinds/<id>.ts). */
  nextSteps: string[];
  messageFields: MessageField[];
  /** Pattern for rules on the central bus (sees EventBridge envelopes); for a kind deployed as several rules, their union (offline evaluation only). */
  eventPattern: EventPattern;
  /** The patterns deployed, one central rule each (each within MAX_EVENT_PATTERN_LENGTH): `[eventPattern]` for most kinds. */
  eventPatterns: EventPattern[];
  /**
   * Metric filter for raw CloudTrail records (the trail's log group); null for
   * a kind that has no CloudTrail record (GuardDuty findings): no trail path.
   * For a kind deployed as several filters (rawMetricFilters has more than
   * one) this is their union, for offline evaluation only: it may exceed
   * CloudWatch Logs' 1024 characters and is never deployed.
   */
  rawMetricFilter: string | null;
  /** Metric filter for EventBridge envelopes ($.detail.*, the central /aws/events/ log group), as one pattern (see rawMetricFilter). */
  envelopeMetricFilter: string;
  /** The raw-record filters deployed on the trail's log group, all publishing to metricName (one for most kinds; none without a trail path). */
  rawMetricFilters: string[];
  /** The envelope filters deployed on the central sign-in log group, all publishing to metricName (one for most kinds). */
  envelopeMetricFilters: string[];
}

export type CisFilterId = 'cis-root-usage' | 'cis-console-signin-without-mfa' | 'cis-console-authentication-failures';

export interface CisFilter {
  id: CisFilterId;
  /** Security Hub CSPM control, e.g. CloudWatch.1 */
  control: string;
  title: string;
  /** Metric and filter name. */
  metricName: string;
  /** The CIS pattern, verbatim. */
  pattern: string;
}

/** A CloudWatch Logs metric filter with its metric (filter name = metric name). */
export interface MetricFilterSpec {
  /** Metric and filter name. */
  metricName: string;
  /** CloudWatch Logs filter pattern. */
  pattern: string;
  /**
   * Metric value per matching event: a number, or a JSON selector of the log event (e.g. `$.detail.weight`).
   * @default '1'
   */
  metricValue?: string;
  /** Metric dimensions: dimension name -> JSON selector of the log event, e.g. { Account: '$.account' }. */
  dimensions?: Record<string, string>;
}

/** The brute-force alarm's filter: counts failed sign-ins in the central envelope log group. */
export interface BurstFilter extends MetricFilterSpec {
  /** Failed sign-ins within one period that raise the alarm (config alerts.failedSignInBurst). */
  threshold: number;
  /** Alarm period in seconds. */
  periodSeconds: number;
}

/** What a readable message shows: a header (severity, title, id), a description, then one line per field. */
export interface MessageSpec {
  /** Shown in the header as `signin-watch <id>`. */
  id: string;
  severity: Severity;
  title: string;
  description: string;
  messageFields: MessageField[];
}

/** An EventBridge input transformer for an SNS target: one readable message per event. */
export interface MessageTemplate {
  /** Variable name -> JSONPath into the envelope (at most 100 entries). */
  inputPaths: Record<string, string>;
  /** The template; for SNS a string (each line a quoted JSON string). */
  inputTemplate: string;
}

/** One metric filter (and metric: filter name = metric name) of the per-principal brute-force alarms (detection/catalogue.ts `principalBurstSpec`). */
export interface DimensionedFilterSpec {
  /** Filter and metric name. */
  metricName: string;
  pattern: string;
  /** Dimension name -> JSON selector of the envelope; every dimension the alarm's query groups by. */
  dimensions: Record<string, string>;
}

/** Failed sign-ins counted per principal: one metric per principal shape, one Metrics Insights alarm per metric over all its principals. */
export interface PrincipalBurstSpec {
  filters: DimensionedFilterSpec[];
  /** Dimensions the query groups by (each filter sets exactly these). */
  groupBy: string[];
  /** Failed sign-ins of one principal within one period that raise the alarm (alerts.failedSignInsPerPrincipal). */
  threshold: number;
  periodSeconds: number;
  /** The Metrics Insights query of one filter's alarm, for a metric namespace. */
  query: (namespace: string, metricName: string) => string;
}
