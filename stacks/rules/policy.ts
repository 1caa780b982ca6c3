/**
 * IAM policy documents in a normalized form rules can query: every field a
 * list, principals by type, conditions as (operator, key, values).
 */

export interface Principals {
  anyone: boolean;
  AWS: string[];
  Service: string[];
  Federated: string[];
}

export interface Condition {
  operator: string;
  key: string;
  values: string[];
}

export interface Statement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Undefined for identity policies (no Principal element). */
  principals?: Principals;
  notPrincipal: boolean;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  conditions: Condition[];
}

export interface Policy {
  statements: Statement[];
  /** Why the document could not be read, when it could not (e.g. an HCL expression). */
  unreadable?: string;
}

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function principals(value: unknown): Principals | undefined {
  if (value === undefined) return undefined;
  if (value === '*') return { anyone: true, AWS: ['*'], Service: [], Federated: [] };
  const record = (value ?? {}) as Record<string, unknown>;
  const AWS = list(record.AWS);
  return { anyone: AWS.includes('*'), AWS, Service: list(record.Service), Federated: list(record.Federated) };
}

export function parsePolicy(value: unknown): Policy {
  let document: unknown = value;
  if (typeof value === 'string') {
    try {
      document = JSON.parse(value);
    } catch {
      return { statements: [], unreadable: `not a JSON policy document: ${value.slice(0, 80)}` };
    }
  }
  if (typeof document !== 'object' || document === null) return { statements: [], unreadable: 'not a policy document' };
  const raw = (document as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((entry): Statement => {
    const s = entry as Record<string, unknown>;
    const conditions: Condition[] = [];
    for (const [operator, keys] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const [key, values] of Object.entries(keys)) conditions.push({ operator, key, values: list(values) });
    }
    return {
      sid: s.Sid === undefined ? undefined : String(s.Sid),
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      principals: principals(s.Principal ?? s.NotPrincipal),
      notPrincipal: s.NotPrincipal !== undefined,
      actions: list(s.Action),
      notActions: list(s.NotAction),
      resources: list(s.Resource),
      notResources: list(s.NotResource),
      conditions,
    };
  });
  return { statements };
}

export function allows(statement: Statement): boolean {
  return statement.effect === 'Allow';
}

/** IAM wildcard match (`*`, `?`), case-insensitive as IAM action names are. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = true): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

/** True when the statement's Action (or NotAction) covers `action`. */
export function coversAction(statement: Statement, action: string): boolean {
  if (statement.notActions.length > 0) return !statement.notActions.some((pattern) => wildcardMatch(pattern, action));
  return statement.actions.some((pattern) => wildcardMatch(pattern, action));
}

/** Values of a condition key (case-insensitive key), under any operator or only the given ones. */
export function conditionValues(statement: Statement, key: string, operators?: string[]): string[] {
  return statement.conditions
    .filter((c) => c.key.toLowerCase() === key.toLowerCase() && (!operators || operators.includes(c.operator)))
    .flatMap((c) => c.values);
}

export function hasCondition(statement: Statement, key: string): boolean {
  return conditionValues(statement, key).length > 0;
}

/** Condition keys that tie an anyone-principal to the organization, an account or a source. */
export const SCOPING_CONDITION_KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceOwner',
  'kms:CallerAccount',
  'aws:ResourceOrgID',
];

export function isScoped(statement: Statement): boolean {
  return SCOPING_CONDITION_KEYS.some((key) => hasCondition(statement, key));
}

/** Actions whose name starts like this only read. Everything else counts as a write. */
const READ_PREFIXES = ['Get', 'List', 'Describe', 'Head', 'View', 'Search', 'Lookup', 'Filter', 'Test', 'Validate', 'Check', 'Batch Get'];

export function isReadOnlyAction(action: string): boolean {
  const name = action.split(':')[1] ?? '';
  if (name.includes('*')) return false;
  return READ_PREFIXES.some((prefixWord) => name.startsWith(prefixWord.replace(' ', '')));
}
