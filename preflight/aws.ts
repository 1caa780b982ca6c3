/**
 * How preflight reaches AWS: SDK v3 clients built on demand, for the caller's
 * credentials, the management-account session, or a role assumed in an
 * account. Every call goes through `retry` (org-api's backoff on throttling).
 * Tests replace the clients' `send` with aws-sdk-client-mock.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { SDK_MAX_ATTEMPTS, withRetries, type RetryOptions } from '../aws/org-api';

export type Credentials = AwsCredentialIdentity | undefined;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ClientClass<C> = new (config: any) => C;

export interface AwsAccess {
  /** Region for the global APIs (Organizations, Account Management, IAM, STS). */
  region: string;
  /** The retry settings `retry` uses, for helpers (org-api) that take them. */
  retryOptions: RetryOptions;
  /** Credentials of the management-account session (undefined: the caller's own, from the default chain). */
  management: Credentials;
  client<C>(Client: ClientClass<C>, region: string, credentials?: Credentials): C;
  retry<T>(call: () => Promise<T>): Promise<T>;
  /** sts:AssumeRole from the caller's credentials; returns the session's credentials. */
  assumeRole(roleArn: string, sessionName: string, externalId?: string): Promise<AwsCredentialIdentity>;
}

export interface AwsAccessOptions extends RetryOptions {
  region: string;
}

export function sdkAwsAccess(options: AwsAccessOptions): AwsAccess {
  const retry = <T>(call: () => Promise<T>) => withRetries(call, options);
  const client = <C>(Client: ClientClass<C>, region: string, credentials?: Credentials): C =>
    new Client({ region, maxAttempts: SDK_MAX_ATTEMPTS, retryMode: 'adaptive', ...(credentials ? { credentials } : {}) });
  const sts = client(STSClient, options.region);
  return {
    region: options.region,
    retryOptions: options,
    management: undefined,
    client,
    retry,
    async assumeRole(roleArn, sessionName, externalId) {
      const response = await retry(() =>
        sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 900, ...(externalId ? { ExternalId: externalId } : {}) })),
      );
      const credentials = response.Credentials;
      if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw new Error(`sts:AssumeRole on ${roleArn} returned no credentials`);
      return { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken, expiration: credentials.Expiration };
    },
  };
}
