/**
 * The few AWS calls the drift check makes, behind a small interface so the
 * check itself never touches the network in tests. Run with credentials of
 * the management account (or a delegated administrator of Organizations and
 * Account Management).
 *
 * Retries: the SDK's adaptive retry mode (bounded at SDK_MAX_ATTEMPTS) rate
 * limits on the client side; on top of that, a throttled call is retried here
 * with capped exponential backoff and full jitter, at most RETRY_ATTEMPTS
 * times, so a drift run across hundreds of accounts rides out throttling
 * instead of failing half way.
 */
import { AccountClient, ListRegionsCommand, type RegionOptStatus } from '@aws-sdk/client-account';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { allPages } from './pages';

export interface OrgAccount {
  id: string;
  name: string;
  email?: string;
  /** Organizations account state (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, …), from `State`, else the older `Status`. */
  state: string;
}

export interface RegionStatus {
  region: string;
  status: RegionOptStatus | string;
}

export interface OrgApi {
  /** Account id of the credentials in use. */
  callerAccountId(): Promise<string>;
  /** Every account of the organization (all pages). */
  listAccounts(): Promise<OrgAccount[]>;
  /**
   * Opt-in status of every region of an account (all pages). Pass undefined
   * for the caller's own account: the management account cannot name itself.
   */
  listRegions(accountId: string | undefined): Promise<RegionStatus[]>;
}

/** The statuses the drift check asks for: everything but ENABLED_BY_DEFAULT (the 17 default regions never change). */
export const REGION_STATUSES_OF_INTEREST: RegionOptStatus[] = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED'];

export const SDK_MAX_ATTEMPTS = 3;
export const RETRY_ATTEMPTS = 5;

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each retry, e.g. to print a progress note. */
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'TooManyRequests',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

export function isThrottling(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const candidate = error as { name?: string; $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } };
  return (
    THROTTLING_NAMES.has(candidate.name ?? '') || candidate.$retryable?.throttling === true || candidate.$metadata?.httpStatusCode === 429
  );
}

export async function withRetries<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? RETRY_ATTEMPTS;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 8000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error) || attempt >= attempts) throw error;
      const delay = Math.round(random() * Math.min(cap, base * 2 ** (attempt - 1)));
      options.onRetry?.(attempt, error, delay);
      await sleep(delay);
    }
  }
}

export interface SdkOrgApiOptions extends RetryOptions {
  /** Region for the SDK clients (Organizations and Account Management are global, served from us-east-1). */
  region?: string;
  organizations?: OrganizationsClient;
  account?: AccountClient;
  sts?: STSClient;
}

export function defaultRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

/** OrgApi over the AWS SDK for JavaScript v3. */
export function sdkOrgApi(options: SdkOrgApiOptions = {}): OrgApi {
  const clientConfig = { region: options.region ?? defaultRegion(), maxAttempts: SDK_MAX_ATTEMPTS, retryMode: 'adaptive' as const };
  const organizations = options.organizations ?? new OrganizationsClient(clientConfig);
  const account = options.account ?? new AccountClient(clientConfig);
  const sts = options.sts ?? new STSClient(clientConfig);
  const retry = <T>(call: () => Promise<T>) => withRetries(call, options);

  return {
    async callerAccountId() {
      const identity = await retry(() => sts.send(new GetCallerIdentityCommand({})));
      if (!identity.Account) throw new Error('sts:GetCallerIdentity returned no account');
      return identity.Account;
    },
    async listAccounts() {
      return allPages(
        (token) => retry(() => organizations.send(new ListAccountsCommand({ NextToken: token }))),
        (page) =>
          (page.Accounts ?? []).map((entry): OrgAccount | undefined =>
            entry.Id ? { id: entry.Id, name: entry.Name ?? '', email: entry.Email, state: entry.State ?? entry.Status ?? 'UNKNOWN' } : undefined,
          ),
      );
    },
    async listRegions(accountId) {
      return allPages(
        (token) =>
          retry(() =>
            account.send(new ListRegionsCommand({ AccountId: accountId, RegionOptStatusContains: REGION_STATUSES_OF_INTEREST, MaxResults: 50, NextToken: token })),
          ),
        (page) => (page.Regions ?? []).map((entry): RegionStatus | undefined => (entry.RegionName ? { region: entry.RegionName, status: entry.RegionOptStatus ?? 'UNKNOWN' } : undefined)),
      );
    },
  };
}
