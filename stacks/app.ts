/**
 * Builds every stack of the organization into a cdktf App: the management
 * stack, the aggregator stack and one member (forwarder) stack per account.
 * Each stack is its own Terraform state. Deploy order: aggregator, management,
 * members (a cross-account bus target can only be created once the central
 * bus policy exists).
 */
import { App, TerraformStack } from 'cdktf';
import type { OrgConfig } from '../config/schema';
import { AGGREGATOR_STACK, MANAGEMENT_STACK, memberStackName } from '../config/names';
import { AggregatorStack } from './aggregator';
import { configureBackend, hasBackend } from './backend';
import { ManagementStack } from './management';
import { assertProviderRoleConfigured, PROVIDER_ROLE_CONTEXT, providerRoleFromEnv, type ProviderRole } from './provider';
import { MemberStack } from './member';
import { applySecurityRules } from './rules';
import type { SecurityRulesAspect } from './rules/aspect';
import { disableTokenCreationStackTraces } from './token-stack-traces';

export interface BuildResult {
  app: App;
  /** Stack names in deploy order: aggregator, management, then members in config order. */
  stackNames: string[];
  /** The rule pack's aspect: after synth, its findings (acknowledged or not). */
  securityRules: SecurityRulesAspect;
}

/**
 * cdktf lets this environment variable turn error annotations into warnings,
 * which would deploy stacks the security rules refused without any
 * acknowledgement in the config. Findings are accepted only in the config.
 */
const RULE_BYPASS_VARIABLE = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

export interface BuildOptions {
  /**
   * Role every provider assumes: `deploy` (the deployment role) or `plan` (the
   * read-only plan role, for pull-request plans).
   * @default from SIGNIN_WATCH_PROVIDER_ROLE; `deploy` when unset
   */
  providerRole?: ProviderRole;
}

export function buildApp(config: OrgConfig, outdir: string, options: BuildOptions = {}): BuildResult {
  const providerRole = options.providerRole ?? providerRoleFromEnv(process.env);
  assertProviderRoleConfigured(config, providerRole);
  if (process.env[RULE_BYPASS_VARIABLE] !== undefined) {
    console.warn(`signin-watch: ignoring ${RULE_BYPASS_VARIABLE}: security findings are accepted only by acknowledgements in the config`);
    delete process.env[RULE_BYPASS_VARIABLE];
  }
  disableTokenCreationStackTraces(); // synth speed and memory at 500 accounts: see token-stack-traces.ts
  // stackTraces: false — no JavaScript stack trace in every annotation's metadata (synth time at 500 accounts; see token-stack-traces.ts).
  const app = new App({ outdir, skipValidation: false, stackTraces: false });
  // Only a plan synthesis records its role: a deploy synthesis stays exactly what it was before plan roles existed.
  if (providerRole === 'plan') app.node.setContext(PROVIDER_ROLE_CONTEXT, providerRole);

  const aggregator = new AggregatorStack(app, AGGREGATOR_STACK, config);
  const management = new ManagementStack(app, MANAGEMENT_STACK, config);
  const members = config.accounts.map((account) => {
    const member = new MemberStack(app, memberStackName(account), config, account);
    member.addDependency(aggregator);
    return member;
  });

  const stacks: TerraformStack[] = [aggregator, management, ...members];
  for (const stack of stacks) {
    if (!hasBackend(stack)) configureBackend(stack, config, stack.node.id);
  }
  const securityRules = applySecurityRules(app, config);
  return { app, stackNames: stacks.map((stack) => stack.node.id), securityRules };
}
