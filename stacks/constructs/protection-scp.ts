/**
 * The optional protection SCP (deployment.protectionScp): denies the calls
 * pipeline-tampering reports, on the product's resources only, to every
 * principal but the deployment roles. Generated from the same calls
 * (detection/catalogue.ts PIPELINE_CALLS) and names (config/names.ts) as the
 * alert, so what is prevented and what is reported never drift apart. Denied
 * attempts are still recorded by CloudTrail and still alert.
 *
 * AWS facts relied on:
 * - "SCPs don't affect users or roles in the management account" (AWS
 *   Organizations user guide, service control policies): the management
 *   account is never a default target.
 * - Maximum size of a policy document: "Service control policy: 5,120
 *   characters" (AWS Organizations user guide, "Quotas and service limits");
 *   checked at synth (SCP_MAX_LENGTH).
 * - aws:PrincipalARN is the role ARN (not the session ARN) for an assumed-role
 *   session (IAM global condition context keys), so every session of a
 *   deployment role is exempt, whatever its session name.
 * - KMS keys carry no name the SCP could match: they are recognized by the
 *   tag every product resource carries (MANAGED_BY_TAG, provider default
 *   tags) through aws:ResourceTag, and tag changes on them are denied too.
 */
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { Construct } from 'constructs';
import type { OrgConfig } from '../../config/schema';
import {
  deploymentRoleArnPatterns,
  findAccount,
  managementAccount,
  MANAGED_BY_TAG,
  pipelineResourceArnPatterns,
  protectionScpName,
} from '../../config/names';
import { PIPELINE_CALLS, PIPELINE_KEY_CALL } from '../../detection/catalogue';
import { policyDocument, type PolicyStatement } from './policy-document';

/** AWS Organizations: maximum size of a service control policy document, in characters. */
export const SCP_MAX_LENGTH = 5120;

/** Every principal but the deployment roles (any account, any session). */
function exceptDeploymentRoles(config: Pick<OrgConfig, 'deployment' | 'accounts'>): Record<string, Record<string, string | string[]>> {
  return { ArnNotLike: { 'aws:PrincipalARN': deploymentRoleArnPatterns(config) } };
}

/** The SCP's statements: one per service (its actions on its resources), then the keys by tag. */
export function protectionScpStatements(config: Pick<OrgConfig, 'deployment' | 'accounts'>): PolicyStatement[] {
  const resources = pipelineResourceArnPatterns(config);
  const actionsByPrefix = new Map<string, string[]>();
  for (const call of PIPELINE_CALLS) {
    const actions = actionsByPrefix.get(call.iamPrefix) ?? [];
    actions.push(...call.eventNames.map((name) => `${call.iamPrefix}:${name}`));
    actionsByPrefix.set(call.iamPrefix, actions);
  }
  const byService: PolicyStatement[] = [...actionsByPrefix].map(([iamPrefix, actions]) => {
    const arns = resources[iamPrefix];
    if (!arns) throw new Error(`protection SCP: no resource ARN pattern for the ${iamPrefix} calls (config/names.ts pipelineResourceArnPatterns)`);
    return {
      Sid: `Protect${iamPrefix[0].toUpperCase()}${iamPrefix.slice(1)}`,
      Effect: 'Deny',
      Action: actions,
      Resource: arns.length === 1 ? arns[0] : arns,
      Condition: exceptDeploymentRoles(config),
    };
  });
  const keys: PolicyStatement = {
    Sid: 'ProtectKeys',
    Effect: 'Deny',
    Action: [...PIPELINE_KEY_CALL.eventNames.map((name) => `${PIPELINE_KEY_CALL.iamPrefix}:${name}`), 'kms:TagResource', 'kms:UntagResource'],
    Resource: '*',
    Condition: { ...exceptDeploymentRoles(config), StringEquals: { [`aws:ResourceTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value } },
  };
  return [...byService, keys];
}

/** The SCP as the JSON string Organizations takes; throws beyond SCP_MAX_LENGTH. */
export function protectionScpDocument(config: Pick<OrgConfig, 'deployment' | 'accounts'>): string {
  const document = policyDocument(protectionScpStatements(config));
  if (document.length > SCP_MAX_LENGTH) {
    throw new Error(`protection SCP of ${document.length} characters exceeds AWS Organizations' ${SCP_MAX_LENGTH}: use fewer distinct deployment role names`);
  }
  return document;
}

/** Target ids: configured targets (account names resolved to ids), or every configured account but the management account. */
export function protectionScpTargetIds(config: OrgConfig): string[] {
  const targets = config.deployment.protectionScp?.targets;
  if (targets) return targets.map((target) => (/^(r-|ou-)/.test(target) ? target : findAccount(config, target).id));
  const management = managementAccount(config).id;
  return config.accounts.filter((account) => account.id !== management).map((account) => account.id);
}

export interface ProtectionScpProps {
  config: OrgConfig;
}

/** The policy and one attachment per target (management stack, management account). */
export class ProtectionScp extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, props: ProtectionScpProps) {
    super(scope, id);
    const { config } = props;
    this.policy = new OrganizationsPolicy(this, 'policy', {
      name: protectionScpName(config),
      description: "signin-watch: only the deployment roles may change or delete this product's forwarders, schedules, topics, alarms, log groups, roles, queues and keys.",
      type: 'SERVICE_CONTROL_POLICY',
      content: protectionScpDocument(config),
    });
    for (const targetId of protectionScpTargetIds(config)) {
      new OrganizationsPolicyAttachment(this, `attach-${targetId}`, { policyId: this.policy.id, targetId });
    }
  }
}
