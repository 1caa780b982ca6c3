/**
 * A minimal IAM policy document model, rendered to the JSON string that
 * Terraform resources take (`policy`, `assume_role_policy`, ...). Policies in
 * this project are built from config-derived strings only, so they stay plain
 * JSON that tests can parse and compare exactly.
 */

/** Condition block: operator → key → value(s), e.g. `{ StringEquals: { 'aws:SourceAccount': '111111111111' } }`. */
export type PolicyConditions = Record<string, Record<string, string | string[]>>;

export type PolicyPrincipal = '*' | { AWS?: string | string[]; Service?: string | string[] };

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PolicyPrincipal;
  Action: string | string[];
  /** Absent only in trust (assume-role) policies. */
  Resource?: string | string[];
  Condition?: PolicyConditions;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** Renders statements as a policy document JSON string (stable key order, no whitespace). */
export function policyDocument(statements: PolicyStatement[]): string {
  const document: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  return JSON.stringify(document);
}

/** The queue-policy statement that refuses every request on the queue not made over TLS (`DenyInsecureTransport` unless named otherwise). */
export function denyInsecureQueueTransport(queueArn: string, sid = 'DenyInsecureTransport'): PolicyStatement {
  return { Sid: sid, Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: queueArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
}
