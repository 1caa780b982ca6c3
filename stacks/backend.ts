/**
 * Terraform state per stack, from `config.state`: a local file by default, or
 * one S3 key per stack with S3 native locking (Terraform >= 1.10).
 */
import { LocalBackend, S3Backend, TerraformBackend, TerraformStack } from 'cdktf';
import type { OrgConfig } from '../config/schema';
import { localStatePath, s3StateKey } from '../config/names';

export function configureBackend(stack: TerraformStack, config: Pick<OrgConfig, 'state'>, stackName: string): TerraformBackend {
  const state = config.state;
  if (state.backend === 'local') {
    return new LocalBackend(stack, { path: localStatePath(stackName) });
  }
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    region: state.region,
    key: s3StateKey(state.keyPrefix, stackName),
    encrypt: true,
  });
  // cdktf 0.21's S3Backend has no useLockfile prop.
  if (state.useLockfile) backend.addOverride('use_lockfile', true);
  return backend;
}

/** True when the stack already declares a backend (a stack may choose its own). */
export function hasBackend(stack: TerraformStack): boolean {
  return stack.node.children.some((child) => child instanceof TerraformBackend);
}
