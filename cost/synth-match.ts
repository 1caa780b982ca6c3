/**
 * `cost --synth DIR` prices what DIR holds with the volumes of the config: a
 * synth of another config would be priced as if it were this one (issue 21: the
 * 5-account example priced as a 3-account organization). Refused, in one line:
 * another organization or accounts not in the config (coverage's check), a
 * config account without its member stack, or a management stack whose trail
 * does not match trail.existing.
 */
import { assertSameOrganization } from '../coverage/run';
import { createsTrail, MANAGEMENT_STACK, memberStackName } from '../config/names';
import type { OrgConfig } from '../config/schema';
import type { SynthesizedStack } from '../synth/output';

/** Thrown as a plain Error so the CLI prints one line (a UsageError adds a pointer to --help). */
export class SynthMismatchError extends Error {
  override name = 'SynthMismatchError';
}

export function assertSynthOfConfig(config: OrgConfig, stacks: Map<string, SynthesizedStack>, dir: string, configFile: string): void {
  try {
    assertSameOrganization(config, stacks, dir, configFile);
  } catch (error) {
    throw new SynthMismatchError((error as Error).message);
  }
  const fix = `run \`signin-watch synth --config ${configFile}\` first, or pass the config that produced ${dir}`;
  const missing = config.accounts.filter((account) => !stacks.has(memberStackName(account)));
  if (missing.length > 0) {
    const names = missing.slice(0, 5).map((account) => account.name).join(', ');
    throw new SynthMismatchError(`${dir} was synthesized from another config than ${configFile}: it has no member stack for ${missing.length} of its ${config.accounts.length} accounts (${names}${missing.length > 5 ? ', …' : ''}); ${fix}`);
  }
  const management = stacks.get(MANAGEMENT_STACK)?.terraform;
  const trails = Object.keys(management?.resource?.aws_cloudtrail ?? {}).length;
  if (management && (trails > 0) !== createsTrail(config)) {
    throw new SynthMismatchError(
      `${dir} was synthesized from another config than ${configFile}: its management stack ${trails > 0 ? 'creates a trail' : 'creates no trail'}, the config ${createsTrail(config) ? 'creates one' : 'does not (trail.existing, deadLetterEvents off)'}; ${fix}`,
    );
  }
}
