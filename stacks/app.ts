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

/**
 * The App every synthesis starts from: provider role checked, the rule bypass
 * variable dropped, token creation traces off. No stack yet (see stackBuilders).
 */
export function createApp(config: OrgConfig, outdir: string, options: BuildOptions = {}): App {
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
  return app;
}

/** Builds one stack of the organization (with its state backend) into an app. */
export interface StackBuilder {
  name: string;
  build(app: App): TerraformStack;
}

/**
 * One builder per stack, in deploy order. Building them one at a time lets a
 * large organization be synthesized stack by stack (synth/app.ts);
 * the aggregator must be built first (members depend on it).
 */
export function stackBuilders(config: OrgConfig): StackBuilder[] {
  let aggregator: TerraformStack | undefined;
  const withBackend = (stack: TerraformStack): TerraformStack => {
    if (!hasBackend(stack)) configureBackend(stack, config, stack.node.id);
    return stack;
  };
  return [
    { name: AGGREGATOR_STACK, build: (app) => (aggregator = withBackend(new AggregatorStack(app, AGGREGATOR_STACK, config))) },
    { name: MANAGEMENT_STACK, build: (app) => withBackend(new ManagementStack(app, MANAGEMENT_STACK, config)) },
    ...config.accounts.map((account) => {
      const name = memberStackName(account);
      return {
        name,
        build: (app: App) => {
          if (!aggregator) throw new Error(`stack ${name} built before ${AGGREGATOR_STACK}: members depend on it`);
          const member = new MemberStack(app, name, config, account);
          member.addDependency(aggregator);
          return withBackend(member);
        },
      };
    }),
  ];
}

export function buildApp(config: OrgConfig, outdir: string, options: BuildOptions = {}): BuildResult {
  const app = createApp(config, outdir, options);
  const stacks = stackBuilders(config).map((builder) => builder.build(app));
  const securityRules = applySecurityRules(app, config);
  return { app, stackNames: stacks.map((stack) => stack.node.id), securityRules };
}
