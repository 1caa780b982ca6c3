/**
 * Synth speed (issue 7): cdktf records a full JavaScript stack trace when it
 * creates each token (every attribute reference, every nested block of a
 * resource: `creationStack` of Intrinsic, Lazy, ComplexResolvable, …), only to
 * quote it in the message of an unresolvable-token error. Under tsx every
 * frame is also mapped through source maps. Measured on a 500-account
 * organization: more than half the synth time and ~1 GB of retained strings.
 *
 * This swaps cdktf's private capture function (cdktf 0.21.0 is pinned and no
 * longer released) for one that records nothing. Error stack traces of the
 * program are untouched; only the "token created at" hint of those rare
 * cdktf errors is lost. Set SIGNIN_WATCH_TOKEN_STACK_TRACES=1 to keep it when
 * debugging such an error.
 */
const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: unknown) => string[] };

export const KEEP_TRACES_VARIABLE = 'SIGNIN_WATCH_TOKEN_STACK_TRACES';

const noTrace = (): string[] => [];

/** Idempotent. Returns true when token creation traces are now off. */
export function disableTokenCreationStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[KEEP_TRACES_VARIABLE] === '1') return false;
  stackTrace.captureStackTrace = noTrace;
  return true;
}
