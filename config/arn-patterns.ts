/**
 * The ARN patterns a config writes (alerts.ignorePrincipals, the deployment
 * role's deploy sessions) as CloudWatch Logs can match them. Here, below the
 * detection layer, because config validation reports a pattern that cannot be
 * translated at its place in the file; detection/catalogue.ts re-exports it.
 */

/**
 * CloudWatch Logs treats `*` as a wildcard only at the start or end of a value
 * ("Ev*ent" matches only the literal text), while EventBridge wildcards and the
 * config's ARN patterns allow `*` anywhere. An ARN pattern s0*s1*...*sn is
 * therefore written as terms that must all hold: starts with s0 ("s0*"),
 * contains each inner segment ("*si*"), ends with sn ("*sn"). For ARN-shaped
 * values this equals the wildcard match; it can only differ when segments
 * overlap or reorder, which a real ARN's colon-separated layout rules out.
 */
export function arnPatternTerms(pattern: string): string[] {
  if (pattern.includes('**')) throw new Error(`ARN pattern "${pattern}": consecutive wildcards are not allowed`);
  if (pattern.includes('"') || pattern.includes('\\')) throw new Error(`ARN pattern "${pattern}": quotes and backslashes are not allowed`);
  const segments = pattern.split('*');
  if (segments.length === 1) return [pattern];
  const last = segments.length - 1;
  return segments.flatMap((segment, index) => {
    if (segment === '') return [];
    if (index === 0) return [`${segment}*`];
    if (index === last) return [`*${segment}`];
    return [`*${segment}*`];
  });
}
