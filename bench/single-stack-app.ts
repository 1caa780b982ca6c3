/**
 * The layout the bench compares against: every member account's forwarders in
 * ONE Terraform stack (one state, one plan) instead of one stack per account.
 * Built from the constructs stacks/member.ts composes (member.ts exports a
 * TerraformStack, not a reusable construct, so the composition is repeated
 * here; the bench checks that this stack holds exactly as many resources as
 * the per-account member stacks together, so a drift shows in the report).
 *
 * Run as a child process, like main.ts:
 *   CDKTF_OUTDIR=… tsx bench/single-stack-app.ts --config org.yaml
 */
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { loadConfig } from '../detection/org-config';
import type { AccountConfig, OrgConfig } from '../config/schema';
import { DEFAULT_ENABLED_REGIONS, enabledRegions, forwardedRegions } from '../config/regions';
import { configureBackend } from '../stacks/backend';
import { accountProvider } from '../stacks/provider';
import { Forwarder, ForwarderRole } from '../stacks/constructs/forwarder';
import { Heartbeat, HeartbeatRole } from '../stacks/constructs/heartbeat';
import { disableTokenCreationStackTraces } from '../stacks/token-stack-traces';

export const SINGLE_STACK_NAME = 'all-members';

/** Provider aliases must be unique in one configuration: account name and region. */
export function singleStackAlias(account: Pick<AccountConfig, 'name'>, region: string): string {
  return `${account.name}_${region}`;
}

/** One account's forwarders, as MemberStack builds them, under `scope`. */
class AccountForwarders extends Construct {
  constructor(scope: Construct, config: OrgConfig, account: AccountConfig) {
    super(scope, account.name);
    const regions = forwardedRegions(config, account);
    const providers = Object.fromEntries(
      enabledRegions(account).filter((r) => r === DEFAULT_ENABLED_REGIONS[0] || regions.includes(r)).map((region) => [region, accountProvider(this, { config, account, region, alias: singleStackAlias(account, region) })]),
    );
    const iamProvider = providers[DEFAULT_ENABLED_REGIONS[0]];
    const forwarderRole = new ForwarderRole(this, 'forwarder-role', { config, account, provider: iamProvider });
    const heartbeatRole = new HeartbeatRole(this, 'heartbeat-role', { config, account, regions, provider: iamProvider });
    for (const region of regions) {
      const regionScope = new Construct(this, region);
      const provider = providers[region];
      new Forwarder(regionScope, 'forwarder', { config, account, region, provider, roleArn: forwarderRole.role.arn });
      new Heartbeat(regionScope, 'heartbeat', { config, account, region, provider, roleArn: heartbeatRole.role.arn });
    }
  }
}

export class AllMembersStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: OrgConfig) {
    super(scope, id);
    for (const account of config.accounts) new AccountForwarders(this, config, account);
    configureBackend(this, config, id);
  }
}

export function buildSingleStackApp(config: OrgConfig, outdir: string): App {
  disableTokenCreationStackTraces();
  const app = new App({ outdir, skipValidation: false, stackTraces: false });
  new AllMembersStack(app, SINGLE_STACK_NAME, config);
  return app;
}

if (require.main === module) {
  const flag = process.argv.indexOf('--config');
  if (flag < 0 || !process.argv[flag + 1]) throw new Error('usage: single-stack-app.ts --config FILE (CDKTF_OUTDIR sets the output)');
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  buildSingleStackApp(loadConfig(process.argv[flag + 1]), outdir).synth();
  console.log(`signin-watch bench: synthesized ${SINGLE_STACK_NAME} into ${outdir}`);
}
