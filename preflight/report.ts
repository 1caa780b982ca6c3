/**
 * What every preflight check returns, and how an AWS error becomes one line
 * saying what to do. A check never throws for an AWS error: access denied is
 * a PROBLEM naming the missing permission (the others checks still run), any
 * other failure is UNCHECKED (the run cannot say "ready").
 */
import { isThrottling } from '../aws/org-api';

export type CheckId =
  | 'organization'
  | 'accounts'
  | 'cloudtrail-access'
  | 'existing-trail'
  | 'roles'
  | 'opt-in-regions'
  | 'scps'
  | 'identity-center'
  | 'chatbot'
  | 'scheduler'
  | 'state-bucket';

export interface CheckReport {
  id: CheckId;
  /** What was verified when nothing is wrong, e.g. "organization o-abc matches the config". */
  ok: string[];
  /** Each a line saying what is wrong and what to do. */
  problems: string[];
  /** Each a line saying what could not be checked and why. */
  unchecked: string[];
  /** The check does not apply to this config (e.g. no Slack configured). */
  skipped?: string;
}

export function emptyReport(id: CheckId): CheckReport {
  return { id, ok: [], problems: [], unchecked: [] };
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedException',
  'Forbidden',
]);

const CREDENTIALS = new Set(['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'TokenProviderError']);

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error === 'object' && error && 'name' in error ? String((error as { name: unknown }).name) : '';
}

export function errorText(error: unknown): string {
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  return name && message && name !== message ? `${name}: ${message}` : name || message;
}

export function isAccessDenied(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return ACCESS_DENIED.has(errorName(error)) || status === 403;
}

export function isCredentialsError(error: unknown): boolean {
  return CREDENTIALS.has(errorName(error));
}

/**
 * Records a failed AWS call in `report`: access denied is a problem that names
 * the permission (`who` is the principal that needs it), anything else
 * (throttling after every retry, network, an unexpected error) is unchecked.
 */
export function recordFailure(report: CheckReport, what: string, permission: string, who: string, error: unknown): void {
  if (isAccessDenied(error)) {
    report.problems.push(`${what}: access denied (${errorText(error)}): allow ${permission} to ${who}`);
  } else if (isThrottling(error)) {
    report.unchecked.push(`${what}: still throttled after every retry (${errorText(error)}): run preflight again later, or with a lower --concurrency`);
  } else {
    report.unchecked.push(`${what}: could not check (${errorText(error)})`);
  }
}
