/**
 * The optional protection SCP (deployment.protectionScp): denies the calls
 * pipeline-tampering reports, on the product's resources only, to every
 * principal but the deployment roles. Generated from the same table
 * (detection/pipeline-calls.ts PIPELINE_RESOURCES) and names (config/names.ts)
 * as the alert, so what is prevented and what is reported never drift apart.
 * Denied attempts are still recorded by CloudTrail and still alert.
 *
 * Beyond the watched calls it denies `iam:PassRole` on `<prefix>-*` roles
 * (no one but a deployment role can hand the forwarder role to a rule of
 * their own: the confused deputy of issue 18) — PassRole is not a CloudTrail
 * event, so it is denied, not watched. `iam:CreateRole` on `<prefix>-*` is one
 * of the watched calls, so no targeted account can create a look-alike
 * forwarder role either.
 *
 * Calls matched by event name alone (PipelineCall match `any`: CloudWatch Logs
 * account-level resource policies, CloudWatch alarm mute rules) and calls IAM
 * authorizes without a resource (`iamAccountLevel`: events:PutPermission and
 * RemovePermission, which write a bus policy; logs:PutResourcePolicy and
 * DeleteResourcePolicy have no resource type either) name no product resource
 * an SCP could match. They can only break the product where its central bus,
 * log groups and alarms live, the aggregator account, so they are denied
 * there only (aws:PrincipalAccount), to everyone but the deployment roles;
 * elsewhere they stay allowed (denying them organization-wide would break
 * every other team's log resource policies and bus permissions) and are
 * still alerted on.
 * When the aggregator is the management account no SCP applies there.
 *
 * AWS facts relied on:
 * - "SCPs don't affect users or roles in the management account" (AWS
 *   Organizations user guide, service control policies): the management
 *   account is never a default target.
 * - Maximum size of a policy document: "Service control policy: 5,120
 *   characters" (AWS Organizations user guide, "Quotas and service limits",
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html);
 *   statements are packed into as few documents as fit (SCP_MAX_LENGTH), each
 *   its own policy `<name>`, `<name>-2`, ….
 * - At most 5 SCPs attached to one target, FullAWSAccess included (same page;
 *   MAX_PROTECTION_SCPS keeps the product to 3, leaving room for one of yours).
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
  aggregatorAccount,
  deploymentRoleArnPatterns,
  findAccount,
  managementAccount,
  MANAGED_BY_TAG,
  pipelineResourceArnPatterns,
  protectionScpName,
  rulePartName,
} from '../../config/names';
import { iamActionOf, PIPELINE_CALLS, PIPELINE_KEY_CALL } from '../../detection/catalogue';
import { policyDocument, type PolicyStatement } from './policy-document';

/** AWS Organizations: maximum size of a service control policy document, in characters. */
export const SCP_MAX_LENGTH = 5120;

/** The most SCPs the product attaches to one target (AWS allows 5 per target, FullAWSAccess included). */
export const MAX_PROTECTION_SCPS = 3;

/** Denied beside the watched calls: passing the product's roles (not a CloudTrail event, so never watched). */
export const PROTECTED_ROLE_EXTRA_ACTIONS = ['iam:PassRole'] as const;

type ScpConfig = Pick<OrgConfig, 'deployment' | 'accounts' | 'aggregator'>;

/** Every principal but the deployment roles (any account, any session). */
function exceptDeploymentRoles(config: Pick<OrgConfig, 'deployment' | 'accounts'>): Record<string, Record<string, string | string[]>> {
  return { ArnNotLike: { 'aws:PrincipalARN': deploymentRoleArnPatterns(config) } };
}

const unique = (values: string[]): string[] => [...new Set(values)];
const oneOrMany = (values: string[]): string | string[] => (values.length === 1 ? values[0] : values);

/** The IAM actions of the watched calls, by IAM prefix: by resource name, and account-level (match `any`). */
function actionsOfCalls(): { byName: Map<string, string[]>; accountLevel: string[] } {
  const byName = new Map<string, string[]>();
  const accountLevel: string[] = [];
  for (const call of PIPELINE_CALLS) {
    const actions = call.eventNames.map((name) => iamActionOf(call, name));
    if (call.match === 'any' || call.iamAccountLevel) accountLevel.push(...actions);
    else byName.set(call.iamPrefix, [...(byName.get(call.iamPrefix) ?? []), ...actions]);
  }
  for (const action of PROTECTED_ROLE_EXTRA_ACTIONS) {
    const iamPrefix = action.split(':')[0];
    byName.set(iamPrefix, [...(byName.get(iamPrefix) ?? []), action]);
  }
  return { byName, accountLevel: unique(accountLevel) };
}

/** The SCP statements: one per service (its actions on its resources), the aggregator's account-level calls, then the keys by tag. */
export function protectionScpStatements(config: ScpConfig): PolicyStatement[] {
  const resources = pipelineResourceArnPatterns(config);
  const { byName, accountLevel } = actionsOfCalls();
  const byService: PolicyStatement[] = [...byName].map(([iamPrefix, actions]) => {
    const arns = resources[iamPrefix];
    if (!arns) throw new Error(`protection SCP: no resource ARN pattern for the ${iamPrefix} calls (config/names.ts pipelineResourceArnPatterns)`);
    return {
      Sid: `Protect${iamPrefix[0].toUpperCase()}${iamPrefix.slice(1)}`,
      Effect: 'Deny',
      Action: unique(actions),
      Resource: oneOrMany(arns),
      Condition: exceptDeploymentRoles(config),
    };
  });
  const aggregatorAccountLevel: PolicyStatement = {
    Sid: 'ProtectAggregatorAccountLevel',
    Effect: 'Deny',
    Action: oneOrMany(accountLevel),
    Resource: '*',
    Condition: { ...exceptDeploymentRoles(config), StringEquals: { 'aws:PrincipalAccount': aggregatorAccount(config as OrgConfig).id } },
  };
  const keys: PolicyStatement = {
    Sid: 'ProtectKeys',
    Effect: 'Deny',
    Action: [...PIPELINE_KEY_CALL.eventNames.map((name) => `${PIPELINE_KEY_CALL.iamPrefix}:${name}`), 'kms:TagResource', 'kms:UntagResource'],
    Resource: '*',
    Condition: { ...exceptDeploymentRoles(config), StringEquals: { [`aws:ResourceTag/${MANAGED_BY_TAG.key}`]: MANAGED_BY_TAG.value } },
  };
  return [...byService, ...(accountLevel.length > 0 ? [aggregatorAccountLevel] : []), keys];
}

/**
 * The SCP documents as the JSON strings Organizations takes: the statements
 * in order, packed into as few documents of at most SCP_MAX_LENGTH characters
 * as they fit. Throws when one statement alone is too long, or when more than
 * MAX_PROTECTION_SCPS documents would be needed.
 */
export function protectionScpDocuments(config: ScpConfig): string[] {
  const documents: PolicyStatement[][] = [];
  for (const statement of protectionScpStatements(config)) {
    const last = documents[documents.length - 1];
    if (last && policyDocument([...last, statement]).length <= SCP_MAX_LENGTH) {
      last.push(statement);
      continue;
    }
    const alone = policyDocument([statement]).length;
    if (alone > SCP_MAX_LENGTH) {
      throw new Error(`protection SCP statement ${statement.Sid} of ${alone} characters exceeds AWS Organizations' ${SCP_MAX_LENGTH}: use fewer distinct deployment role names`);
    }
    documents.push([statement]);
  }
  if (documents.length > MAX_PROTECTION_SCPS) {
    throw new Error(
      `protection SCP needs ${documents.length} policies of at most ${SCP_MAX_LENGTH} characters (AWS Organizations' limit), more than the ${MAX_PROTECTION_SCPS} a target can take beside FullAWSAccess and one of yours: use fewer distinct deployment role names`,
    );
  }
  return documents.map((statements) => policyDocument(statements));
}

/** Names of the SCPs, one per document: `<name>`, `<name>-2`, … */
export function protectionScpNames(config: Pick<OrgConfig, 'deployment'>, count: number): string[] {
  return Array.from({ length: count }, (_, index) => rulePartName(protectionScpName(config), index));
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

/** The policies and one attachment per policy and target (management stack, management account). */
export class ProtectionScp extends Construct {
  /** The first policy (the only one while the statements fit one document). */
  readonly policy: OrganizationsPolicy;
  readonly policies: OrganizationsPolicy[];

  constructor(scope: Construct, id: string, props: ProtectionScpProps) {
    super(scope, id);
    const { config } = props;
    const documents = protectionScpDocuments(config);
    const names = protectionScpNames(config, documents.length);
    this.policies = documents.map(
      (content, index) =>
        new OrganizationsPolicy(this, index === 0 ? 'policy' : `policy-${index + 1}`, {
          name: names[index],
          description: `signin-watch: only the deployment roles may change or delete this product's forwarders, schedules, topics, alarms, log groups, functions, roles, queues and keys (part ${index + 1} of ${documents.length}).`,
          type: 'SERVICE_CONTROL_POLICY',
          content,
        }),
    );
    this.policy = this.policies[0];
    this.policies.forEach((policy, index) => {
      for (const targetId of protectionScpTargetIds(config)) {
        new OrganizationsPolicyAttachment(this, index === 0 ? `attach-${targetId}` : `attach-${index + 1}-${targetId}`, { policyId: policy.id, targetId });
      }
    });
  }
}
