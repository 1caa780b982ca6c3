/**
 * A small, deliberately partial evaluator of service control policies: does
 * a given SCP chain deny `action` to `principalArn` in `region`?
 *
 * What it models (AWS Organizations User Guide, "SCP evaluation"; IAM User
 * Guide, "Policy evaluation logic" and "IAM JSON policy elements: Condition
 * operators"):
 * - An explicit Deny in any SCP of the chain (root, every OU down to the
 *   account, the account) denies.
 * - At every level of the chain some Allow must match: an allow-list setup
 *   without an Allow for the action denies it ("For a permission to be allowed
 *   for a specific account, there must be an explicit Allow statement at every
 *   level from the root through each OU in the direct path to the account").
 * - Action / NotAction with `*` and `?` wildcards, case-insensitive.
 * - Resource / NotResource patterns against the ARNs of the resources the
 *   stack creates (stack-actions.ts, names from config/names.ts), wildcards
 *   within each colon-separated part; without ARNs, a statement limited to
 *   resources is unknown.
 * - Conditions on the two keys a region deny uses: aws:RequestedRegion and
 *   aws:PrincipalArn (key names are case-insensitive), with the String*,
 *   String*IgnoreCase, String(Not)Like, Arn(Not)Equals/Like operators, their
 *   IfExists forms and ForAllValues:/ForAnyValue: prefixes (both keys are
 *   single-valued and always present for these requests, so each reduces to
 *   the plain operator), and Null. aws:PrincipalArn of a role session is the
 *   role's ARN (IAM User Guide, "AWS global condition context keys": "For IAM
 *   roles, the request context returns the ARN of the role, not the ARN of the
 *   user that assumed the role").
 * Everything else (other keys, other operators, policy variables) is
 * "could not evaluate": never treated as allowed.
 */

export interface ScpPolicy {
  id: string;
  name: string;
  /** The policy document as DescribePolicy returns it (JSON text). */
  content: string;
}

export interface ScpLevel {
  /** Root, OU or account id the policies are attached to. */
  targetId: string;
  policies: ScpPolicy[];
}

export interface ScpRequest {
  action: string;
  region: string;
  principalArn: string;
  /** ARNs of the resources the call acts on; without them a statement limited to resources is unknown. */
  resources?: readonly string[];
}

export type ScpVerdict =
  | { decision: 'allowed' }
  | { decision: 'denied' | 'unknown'; policy: ScpPolicy; targetId: string; reason: string };

type Match = { result: 'yes' } | { result: 'no' } | { result: 'unknown'; reason: string };
const YES: Match = { result: 'yes' };
const NO: Match = { result: 'no' };
const unknown = (reason: string): Match => ({ result: 'unknown', reason });

interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function globToRegExp(pattern: string, flags = ''): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

export function actionMatches(pattern: string, action: string): boolean {
  return globToRegExp(pattern, 'i').test(action);
}

/** ARN operators compare each of the six colon-separated parts; `*` never crosses a colon. */
export function arnMatches(pattern: string, arn: string): boolean {
  const split = (text: string) => {
    const parts = text.split(':');
    return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const patternParts = split(pattern);
  const arnParts = split(arn);
  if (patternParts.length !== 6 || arnParts.length !== 6) return false;
  return patternParts.every((part, index) => globToRegExp(part).test(arnParts[index]));
}

function actionMatch(statement: Statement, action: string): Match {
  if (statement.Action !== undefined) return list(statement.Action).some((pattern) => actionMatches(pattern, action)) ? YES : NO;
  if (statement.NotAction !== undefined) return list(statement.NotAction).some((pattern) => actionMatches(pattern, action)) ? NO : YES;
  return unknown('statement has neither Action nor NotAction');
}

const resourcePatternMatches = (pattern: string, arn: string) => pattern === '*' || arnMatches(pattern, arn);

function resourceMatch(statement: Statement, request: ScpRequest): Match {
  const targets = request.resources ?? [];
  if (statement.NotResource !== undefined) {
    const excluded = list(statement.NotResource);
    if (targets.length === 0) return unknown(`NotResource ${JSON.stringify(excluded)}`);
    return targets.some((arn) => !excluded.some((pattern) => resourcePatternMatches(pattern, arn))) ? YES : NO;
  }
  const patterns = list(statement.Resource ?? '*');
  if (patterns.includes('*')) return YES;
  if (targets.length === 0) return unknown(`limited to resources ${JSON.stringify(patterns)}`);
  return targets.some((arn) => patterns.some((pattern) => resourcePatternMatches(pattern, arn))) ? YES : NO;
}

const KNOWN_KEYS: Record<string, (request: ScpRequest) => string> = {
  'aws:requestedregion': (request) => request.region,
  'aws:principalarn': (request) => request.principalArn,
};

type Test = (value: string, candidate: string) => boolean;
const OPERATORS: Record<string, { test: Test; negated: boolean }> = {
  StringEquals: { test: (value, candidate) => value === candidate, negated: false },
  StringNotEquals: { test: (value, candidate) => value === candidate, negated: true },
  StringEqualsIgnoreCase: { test: (value, candidate) => value.toLowerCase() === candidate.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { test: (value, candidate) => value.toLowerCase() === candidate.toLowerCase(), negated: true },
  StringLike: { test: (value, pattern) => globToRegExp(pattern).test(value), negated: false },
  StringNotLike: { test: (value, pattern) => globToRegExp(pattern).test(value), negated: true },
  ArnEquals: { test: (value, pattern) => arnMatches(pattern, value), negated: false },
  ArnLike: { test: (value, pattern) => arnMatches(pattern, value), negated: false },
  ArnNotEquals: { test: (value, pattern) => arnMatches(pattern, value), negated: true },
  ArnNotLike: { test: (value, pattern) => arnMatches(pattern, value), negated: true },
};

function conditionMatch(statement: Statement, request: ScpRequest): Match {
  // Every operator and key must hold (AND): one that is false settles it even when another cannot be evaluated.
  let uncertain: Match | undefined;
  for (const [rawOperator, keys] of Object.entries(statement.Condition ?? {})) {
    const operator = rawOperator.replace(/^(ForAllValues|ForAnyValue):/, '').replace(/IfExists$/, '');
    for (const [rawKey, rawValues] of Object.entries(keys ?? {})) {
      const valueOf = KNOWN_KEYS[rawKey.toLowerCase()];
      const describe = `${rawOperator} on ${rawKey}`;
      const values = (Array.isArray(rawValues) ? rawValues : [rawValues]).map(String);
      if (!valueOf) {
        uncertain ??= unknown(`condition ${describe}: key not modelled`);
        continue;
      }
      if (values.some((value) => value.includes('${'))) {
        uncertain ??= unknown(`condition ${describe}: policy variables not modelled`);
        continue;
      }
      if (operator === 'Null') {
        // Both keys are present in these requests: Null "true" is false, "false" is true.
        if (values.some((value) => value.toLowerCase() === 'true')) return NO;
        continue;
      }
      const spec = OPERATORS[operator];
      if (!spec) {
        uncertain ??= unknown(`condition ${describe}: operator not modelled`);
        continue;
      }
      const value = valueOf(request);
      const any = values.some((candidate) => spec.test(value, candidate));
      if (spec.negated ? any : !any) return NO;
    }
  }
  return uncertain ?? YES;
}

/** Whether one statement applies to the request (effect aside). */
export function statementMatches(statement: Statement, request: ScpRequest): Match {
  const action = actionMatch(statement, request.action);
  if (action.result !== 'yes') return action;
  const condition = conditionMatch(statement, request);
  if (condition.result === 'no') return NO;
  const resource = resourceMatch(statement, request);
  if (resource.result !== 'yes') return resource;
  return condition;
}

const parsed = new WeakMap<ScpPolicy, Statement[] | string>();

function statementsOf(policy: ScpPolicy): Statement[] | string {
  let statements = parsed.get(policy);
  if (statements === undefined) {
    statements = parseStatements(policy);
    parsed.set(policy, statements);
  }
  return statements;
}

function parseStatements(policy: ScpPolicy): Statement[] | string {
  try {
    const document = JSON.parse(policy.content) as { Statement?: Statement | Statement[] };
    const statements = document.Statement;
    return statements === undefined ? [] : Array.isArray(statements) ? statements : [statements];
  } catch (error) {
    return `policy text is not JSON (${(error as Error).message})`;
  }
}

function label(statement: Statement, index: number): string {
  return statement.Sid ? `statement ${statement.Sid}` : `statement #${index + 1}`;
}

/** Evaluates the SCP chain of one account for one request. */
export function evaluateScps(levels: readonly ScpLevel[], request: ScpRequest): ScpVerdict {
  let uncertain: ScpVerdict | undefined;
  // Explicit denies anywhere in the chain.
  for (const level of levels) {
    for (const policy of level.policies) {
      const statements = statementsOf(policy);
      if (typeof statements === 'string') return { decision: 'unknown', policy, targetId: level.targetId, reason: statements };
      for (const [index, statement] of statements.entries()) {
        if (statement.Effect !== 'Deny') continue;
        const match = statementMatches(statement, request);
        if (match.result === 'yes') return { decision: 'denied', policy, targetId: level.targetId, reason: `${label(statement, index)} denies it` };
        if (match.result === 'unknown') uncertain ??= { decision: 'unknown', policy, targetId: level.targetId, reason: `${label(statement, index)}: ${match.reason}` };
      }
    }
  }
  // An Allow at every level.
  for (const level of levels) {
    let allowed = false;
    let maybe: ScpVerdict | undefined;
    for (const policy of level.policies) {
      const statements = statementsOf(policy);
      if (typeof statements === 'string') continue;
      for (const [index, statement] of statements.entries()) {
        if (statement.Effect !== 'Allow') continue;
        const match = statementMatches(statement, request);
        if (match.result === 'yes') allowed = true;
        else if (match.result === 'unknown') maybe ??= { decision: 'unknown', policy, targetId: level.targetId, reason: `${label(statement, index)}: ${match.reason}` };
      }
    }
    if (allowed) continue;
    if (maybe) {
      uncertain ??= maybe;
      continue;
    }
    const names = level.policies.map((policy) => `${policy.name} (${policy.id})`).join(', ') || 'none';
    const first = level.policies[0] ?? { id: '-', name: '(no SCP attached)', content: '{}' };
    return { decision: 'denied', policy: first, targetId: level.targetId, reason: `no SCP attached to ${level.targetId} allows it (allow list: ${names})` };
  }
  return uncertain ?? { decision: 'allowed' };
}
