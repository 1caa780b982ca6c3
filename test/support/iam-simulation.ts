/**
 * Policy behaviour, decided by an IAM policy simulator: the one place tests
 * call @cloud-copilot/iam-simulate (AGPL-3.0, a devDependency: used by tests
 * only, never shipped). Service control policies when a test gives them (one
 * level: the account's); no resource control policies.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';

export type PolicyDocument = { Version: string; Statement: unknown[] };

export interface SimulationRequest {
  principal: string;
  action: string;
  resource: string;
  resourceAccount: string;
  context?: Record<string, string | string[]>;
  identityPolicies?: PolicyDocument[];
  /** The resource's policy as synthesized (any JSON object). */
  resourcePolicy?: object;
  /** Service control policies applying to the principal's account (give FullAWSAccess too: an SCP grants nothing). */
  serviceControlPolicies?: object[];
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export async function decide(request: SimulationRequest): Promise<Decision> {
  const result = await runSimulation(
    {
      identityPolicies: (request.identityPolicies ?? []).map((policy, index) => ({ name: `identity-${index}`, policy })),
      serviceControlPolicies: request.serviceControlPolicies
        ? [{ orgIdentifier: 'account', policies: request.serviceControlPolicies.map((policy, index) => ({ name: `scp-${index}`, policy })) }]
        : [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy,
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: request.context ?? {},
      },
    } as Parameters<typeof runSimulation>[0],
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

/** The identity policy of an IAM caller allowed `action` on every resource (its own account lets it; the resource policy decides). */
export function identityAllowing(action: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] };
}

/** A request against one resource policy, made over TLS unless `context` says otherwise. */
export interface ResourcePolicyAsk {
  principal: string;
  action: string;
  resource: string;
  resourceAccount: string;
  context?: Record<string, string>;
  /** Action the caller's identity policy allows (an IAM principal); a service principal has none. */
  identityAllows?: string;
}

/** Allowed, or denied (explicitly or implicitly): what a resource policy grants the asker. */
export async function resourcePolicyVerdict(resourcePolicy: object, ask: ResourcePolicyAsk): Promise<'Allowed' | 'Denied'> {
  const decision = await decide({
    principal: ask.principal,
    action: ask.action,
    resource: ask.resource,
    resourceAccount: ask.resourceAccount,
    context: { 'aws:SecureTransport': 'true', ...ask.context },
    identityPolicies: ask.identityAllows ? [identityAllowing(ask.identityAllows)] : [],
    resourcePolicy,
  });
  return decision === 'Allowed' ? 'Allowed' : 'Denied';
}
