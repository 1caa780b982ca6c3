/**
 * CloudWatch Logs metric-filter building blocks. `root` is "$." for raw
 * CloudTrail records and "$.detail." for EventBridge envelopes; one builder
 * keeps both filters equal.
 *
 * Missing-field reading (unverified in AWS documentation, see docs/detection.md):
 * every filter that needs "missing counts as not equal" adds `NOT EXISTS` (and
 * `IS NULL`) beside the `!=`, so it holds whether `!=` matches a missing
 * property or not.
 */

export type Root = '$.' | '$.detail.';
export const RAW: Root = '$.';
export const ENVELOPE: Root = '$.detail.';

export const quote = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
export const is = (root: Root, path: string, value: string): string => `(${root}${path} = ${quote(value)})`;
export const all = (...terms: string[]): string => (terms.length === 1 ? terms[0] : `(${terms.join(' && ')})`);
export const any = (...terms: string[]): string => (terms.length === 1 ? terms[0] : `(${terms.join(' || ')})`);
/** "Missing or null counts as not equal", under either reading of `!=` on a missing property. */
export const missingOr = (root: Root, path: string, present: string): string => any(`(${root}${path} NOT EXISTS)`, `(${root}${path} IS NULL)`, present);
export const notAnyOf = (root: Root, path: string, values: string[]): string =>
  missingOr(root, path, all(...values.map((value) => `(${root}${path} != ${quote(value)})`)));

/** A filter pattern's terms without its braces, to join several filters into one. */
export const unbraced = (pattern: string): string => pattern.replace(/^\{ (.*) \}$/, '($1)');
