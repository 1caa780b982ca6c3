/**
 * The order stacks deploy in, and how a long list of stacks is cut into
 * pipeline jobs. The aggregator goes first (its bus policy must exist before a
 * member's PutTargets, docs/aws-facts.md), then the management account (the
 * organization trail), then every member stack.
 *
 * GitHub Actions allows at most 256 jobs per matrix, so members are grouped in
 * shards: a matrix of up to `maxShards` jobs, each working through its slice.
 */
import { AGGREGATOR_STACK, MANAGEMENT_STACK, MEMBER_STACK_PREFIX } from '../config/names';

export interface DeployStages {
  aggregator: boolean;
  management: boolean;
  members: string[];
  /** Stacks that are neither of the above (kept so nothing is silently skipped). */
  other: string[];
}

export function deployStages(stacks: readonly string[]): DeployStages {
  const sorted = [...new Set(stacks)].sort();
  return {
    aggregator: sorted.includes(AGGREGATOR_STACK),
    management: sorted.includes(MANAGEMENT_STACK),
    members: sorted.filter((name) => name.startsWith(MEMBER_STACK_PREFIX)),
    other: sorted.filter((name) => name !== AGGREGATOR_STACK && name !== MANAGEMENT_STACK && !name.startsWith(MEMBER_STACK_PREFIX)),
  };
}

/** Stacks in deploy order: aggregator, management, other, members. */
export function inDeployOrder(stacks: readonly string[]): string[] {
  const stages = deployStages(stacks);
  return [
    ...(stages.aggregator ? [AGGREGATOR_STACK] : []),
    ...(stages.management ? [MANAGEMENT_STACK] : []),
    ...stages.other,
    ...stages.members,
  ];
}

export interface Shard {
  /** "2 of 5", for the job name. */
  shard: string;
  /** Space-separated stack names, for a shell loop. */
  stacks: string;
}

/** Cuts stacks into at most `maxShards` contiguous, near-equal slices (none empty). */
export function shard(stacks: readonly string[], maxShards: number): Shard[] {
  if (!Number.isInteger(maxShards) || maxShards < 1) throw new Error(`shards must be a positive integer, got ${maxShards}`);
  const count = Math.min(maxShards, stacks.length);
  const shards: Shard[] = [];
  let start = 0;
  for (let index = 0; index < count; index += 1) {
    const size = Math.floor(stacks.length / count) + (index < stacks.length % count ? 1 : 0);
    shards.push({ shard: `${index + 1} of ${count}`, stacks: stacks.slice(start, start + size).join(' ') });
    start += size;
  }
  return shards;
}
