/**
 * The organization config model: the single source of the TypeScript types and
 * of the committed JSON Schema (config/org.schema.json). Structural rules live
 * here; cross-references (unknown accounts, regions an account does not enable,
 * duplicates) live in config/validate.ts. No cdktf import.
 */
import { z } from 'zod';
import { ALERT_KIND_IDS, ALERT_KIND_TEXT, ALERT_SWITCH_IDS, alertKindEnabledByDefault, SUPPRESSIBLE_ALERT_KIND, type AlertKindId, type AlertSwitchId } from './alert-kinds';
import { ALL_REGIONS } from './regions';

export { ALERT_KIND_IDS, ALERT_SWITCH_IDS, type AlertKindId, type AlertSwitchId };

/** What each alert kind notifies: shown when hovering the switch in an editor. */
function alertKindDescription(id: AlertSwitchId): string {
  const { title, description } = ALERT_KIND_TEXT[id];
  const suppression = id === SUPPRESSIBLE_ALERT_KIND ? ' The only kind alerts.ignorePrincipals suppresses.' : '';
  const off = alertKindEnabledByDefault(id) ? '' : ' Off by default.';
  return `${title}: ${description}${suppression}${off}`;
}

const accountId = z
  .string()
  .regex(/^\d{12}$/, 'must be a 12-digit AWS account id, quoted as a string')
  .describe('12-digit AWS account id. Quote it ("012345678901"): YAML reads an unquoted id as a number and drops leading zeros.');

/** Account names become part of stack and resource names, so they are kept short and DNS-like. */
const accountName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,22}[a-z0-9]$/,
    'must be 2-24 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (it becomes part of AWS resource names)',
  )
  .describe('Short lowercase name of an account (2-24 characters: a-z, 0-9, -). Used in stack and resource names and in messages.');

const accountRef = z
  .string()
  .min(1)
  .describe('An account of the `accounts` list, by name or by 12-digit id.');

/**
 * Region codes are checked against config/regions.ts in config/validate.ts
 * (with a "did you mean"); here only their shape. The catalogue is offered to
 * editors as examples, so they complete region codes.
 */
const regionCode = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region code such as eu-west-1')
  .meta({ examples: [...ALL_REGIONS] })
  .describe('AWS region code, e.g. eu-west-1.');

const iamRoleName = z.string().regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, 'must be an IAM role name (1-64 characters)');

/** Checked in config/validate.ts; `format` lets an editor flag a typo early. */
const email = z.string().meta({ format: 'email' }).describe('Email address.');

const organization = z
  .strictObject({
    id: z
      .string()
      .regex(/^o-[a-z0-9]{10,32}$/, 'must be "o-" followed by 10-32 lowercase letters or digits')
      .describe('AWS Organizations id (o-xxxxxxxxxx). Bus and bucket policies admit only principals of this organization.'),
    managementAccount: accountRef.describe('The management account (name or id): the organization trail is created there.'),
  })
  .describe('The AWS Organization being watched.');

const aggregator = z
  .strictObject({
    account: accountRef.describe('Account (name or id) that hosts the central event bus, the alert topic and the sign-in log group. Usually the security tooling account.'),
    region: regionCode.describe('Region of the central bus and real-time alerts. The aggregator account must enable it.'),
    logRetentionDays: z
      .number()
      .int()
      .min(1)
      .default(365)
      .describe('Retention of the central /aws/events/ sign-in log group, in days. Below 365 weakens CIS/Security Hub posture: a documented choice.'),
  })
  .describe('Where forwarded sign-in events are collected and turned into alerts.');

const identityCenter = z
  .strictObject({
    account: accountRef.describe('Account (name or id) hosting the IAM Identity Center instance (the management account or a delegated administrator).'),
    region: regionCode.describe('Identity Center home region. The hosting account must enable it.'),
  })
  .describe('IAM Identity Center, when the organization uses it. Its sign-in events are recorded in this account and region.');

const bucket = z
  .union([
    z.strictObject({
      create: z.literal(true).describe('Create a new KMS-encrypted, versioned, access-logged bucket for the trail in the management account, in trail.region.'),
      name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)')
        .optional()
        .describe('Name of the bucket to create. Default: <prefix>-trail-<management account id>-<region>.'),
    }).describe('Create the trail bucket (with its KMS key and an access-log bucket).'),
    z.strictObject({
      existing: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)')
        .describe('Name of an existing bucket (e.g. in the log-archive account) whose policy already admits this trail. Nothing is created.'),
      kmsKeyArn: z
        .string()
        .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, 'must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/UUID)')
        .describe('Customer-managed KMS key that encrypts the existing bucket and the trail.'),
    }).describe('Use an existing bucket; signin-watch creates no bucket and changes no bucket policy.'),
  ])
  .default({ create: true })
  .describe('Where the trail writes its log files.');

const objectLock = z
  .strictObject({
    mode: z.enum(['GOVERNANCE', 'COMPLIANCE']).describe('S3 Object Lock retention mode. COMPLIANCE cannot be shortened, even by root.'),
    days: z.number().int().min(1).describe('Default retention of each log file, in days.'),
  })
  .describe('Object Lock on the created trail bucket (write once, read many).');

/**
 * An organization trail the organization already has (Control Tower's, for
 * example): the management stack then puts its filters and alarms on that
 * trail's log group and creates no trail for management events.
 */
const existingTrail = z
  .strictObject({
    trailArn: z
      .string()
      .regex(
        /^arn:aws:cloudtrail:[a-z]{2}(-[a-z]+)+-\d:\d{12}:trail\/[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/,
        'must be a CloudTrail trail ARN (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME)',
      )
      .describe(
        'ARN of the existing organization trail, e.g. arn:aws:cloudtrail:us-east-1:111122223333:trail/aws-controltower-BaselineCloudTrail. Its region must be trail.region and its account the management account. `npm run preflight` checks it is an organization, multi-region trail that is logging, delivers to logGroupName and records every management event.',
      ),
    logGroupName: z
      .string()
      .regex(/^[A-Za-z0-9._\/#-]{1,512}$/, 'must be a CloudWatch Logs log group name (1-512 letters, digits, and . _ - / #)')
      .describe(
        'The CloudWatch Logs group the existing trail delivers to, in the management account and trail.region (Control Tower: aws-controltower/CloudTrailLogs). The metric filters and alarms are created on it; the group itself, its retention and its key are left as they are.',
      ),
  })
  .describe(
    "Use an organization trail the organization already has instead of creating one (e.g. Control Tower's): no trail for management events, no bucket and no trail key are created, only the metric filters, alarms and the encrypted alert topic on its log group. See docs/management.md, \"An existing organization trail\".",
  );

const trail = z
  .strictObject({
    existing: existingTrail.optional(),
    deadLetterEvents: z
      .enum(['trail', 'off'])
      .default('trail')
      .describe(
        'Whether CloudTrail also records the SQS SendMessage data events of the forwarder dead-letter queues, for the organization-wide dead-letter alarm. "trail" (default): in the trail signin-watch creates, or, with trail.existing, in a separate organization trail that records only those data events (billed per data event, no management events). "off": no data events and no dead-letter alarm from the trail; a dead-lettering forwarder then shows only as a silent account-region in the forwarder health check.',
      ),
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/, 'must be 3-128 letters, digits, dots, underscores or hyphens, starting with a letter or digit')
      .default('signin-watch-org-trail')
      .describe('Name of the organization trail signin-watch creates (ignored with trail.existing: the data-event trail is then named <prefix>-dead-letter-trail).'),
    region: regionCode.describe('Home region of the trail, its bucket, key and log group, in the management account (with trail.existing: the region of the existing trail and its log group).'),
    bucket,
    logRetentionDays: z
      .number()
      .int()
      .min(1)
      .default(365)
      .describe('Retention of the trail log group, in days (CIS asks for at least 365).'),
    bucketRetentionDays: z
      .number()
      .int()
      .min(1)
      .default(2557)
      .describe('Days after which trail log files in the created bucket expire (default 7 years).'),
    cloudWatchLogs: z
      .boolean()
      .default(true)
      .describe('Deliver the trail to CloudWatch Logs. Off disables the CIS metric filters and the safety-net alarms: a documented weakening.'),
    objectLock: objectLock.optional(),
  })
  .describe('The organization CloudTrail trail in the management account: created by signin-watch, or an existing one (trail.existing).');

const slack = z
  .strictObject({
    workspaceId: z.string().regex(/^[A-Z0-9]{9,}$/, 'must be the Slack workspace (team) id shown by AWS Chatbot, e.g. T01ABCDEF').describe('Slack workspace id as configured in AWS Chatbot.'),
    channelId: z.string().regex(/^[A-Z0-9]{9,}$/, 'must be a Slack channel id, e.g. C01ABCDEF').describe('Slack channel id.'),
  })
  .describe('Optional Slack channel, delivered through AWS Chatbot in the aggregator account.');

const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A Microsoft Teams channel, delivered through AWS Chatbot (like Slack: custom notifications). */
const teams = z
  .strictObject({
    teamId: z.string().regex(uuid, 'must be the Microsoft Teams team id (a GUID) as configured in AWS Chatbot').describe('Microsoft Teams team id (GUID) as configured in AWS Chatbot.'),
    channelId: z
      .string()
      .regex(/^19:[^\s/]+@thread\.[a-z0-9]+$/, 'must be a Microsoft Teams channel id, e.g. 19:abc123@thread.tacv2')
      .describe('Microsoft Teams channel id, e.g. 19:abc123@thread.tacv2.'),
    tenantId: z.string().regex(uuid, 'must be the Microsoft Entra tenant id (a GUID)').describe('Microsoft Entra (Azure AD) tenant id (GUID) of the team.'),
  })
  .describe('Optional Microsoft Teams channel, delivered through AWS Chatbot in the aggregator account (the team must be authorized in the Chatbot console first).');

/** Severities of alert messages, most severe first (detection/types.ts `Severity`). */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;

/**
 * An SNS HTTPS subscription endpoint (PagerDuty, Opsgenie, a webhook). The URL
 * is stored in the Terraform state as the subscription's endpoint: credentials
 * in it (user:password@) are refused (docs/aggregator.md, "Routes").
 */
const httpsEndpoint = z
  .string()
  .regex(/^https:\/\/[^\s/@:]+(:\d+)?(\/[^\s]*)?$/, 'must be an https:// URL without user:password@ (SNS HTTPS subscription endpoint)')
  .describe('HTTPS endpoint subscribed to the route (PagerDuty, Opsgenie, a webhook). It must confirm the SNS subscription.');

const route = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be 1-32 lowercase letters, digits or hyphens, starting with a letter')
      .describe('Name of the route, shown in the coverage report.'),
    severities: z.array(z.enum(SEVERITIES)).optional().describe('Match only these severities. Absent: any severity.'),
    kinds: z.array(z.string()).optional().describe('Match only these alert kinds (ids of alerts.enabled, or forwarder-silent). Absent: any kind.'),
    accounts: z.array(accountRef).optional().describe('Match only events of these accounts (names or ids). Absent: any account.'),
    accountTags: z
      .record(z.string(), z.string())
      .optional()
      .describe('Match only events of accounts whose tags have all these values (accounts[].tags). Absent: any account.'),
    emails: z.array(email).optional().describe('Addresses that receive the matching events. Each must confirm its subscription.'),
    httpsEndpoints: z.array(httpsEndpoint).optional().describe('HTTPS endpoints (SNS HTTPS subscriptions) that receive the matching events.'),
    slack: slack.optional(),
    teams: teams.optional(),
    replaceDefault: z
      .boolean()
      .optional()
      .describe(
        'true: the default recipients (notifications.emails, notifications.slack) stop receiving what this route matches, CRITICAL and HIGH included. A deliberate gap: synth warns and the coverage report lists it. Absent or false: the route only adds recipients.',
      ),
  })
  .describe(
    'A route: events matching every given criterion also go to its destinations (besides every other matching route). Routes add, never take away: the default recipients keep CRITICAL and HIGH of every account unless a matching route says replaceDefault. INFO is sent one by one only to a route whose severities list INFO; otherwise it is summarized in the digest.',
  );

/** Storm control defaults (issue 19): per message key, the first 3 messages of a 10-minute window go out. */
export const STORM_CONTROL_DEFAULTS = { windowMinutes: 10, firstMessages: 3 } as const;

const stormControl = z
  .strictObject({
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .default(STORM_CONTROL_DEFAULTS.windowMinutes)
      .describe('Length of a storm-control window in minutes (1-1440). A window opens with the first message of a key (the kinds of the message, the account and the principal) and lasts this long.'),
    firstMessages: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(STORM_CONTROL_DEFAULTS.firstMessages)
      .describe('Messages of one key sent one by one within a window (1-100); the rest are counted and summarized ("N more ... in M minutes") in the next message of that key after the window closes, and in the digest.'),
  })
  .describe(
    'Storm control of per-event messages: a flood about one principal of one account never buries other alerts. Messages about another principal, account or combination of kinds are never held back.',
  );

/** Digest defaults: daily at 07:00 UTC, covering the 24 hours before. */
export const DIGEST_DEFAULTS = { hourUtc: 7, periodHours: 24 } as const;

const digest = z
  .strictObject({
    hourUtc: z.number().int().min(0).max(23).default(DIGEST_DEFAULTS.hourUtc).describe('Hour of the day (UTC, 0-23) the digest is sent.'),
    periodHours: z
      .number()
      .int()
      .min(1)
      .max(24)
      .refine((hours) => 24 % hours === 0, 'must divide 24: 1, 2, 3, 4, 6, 8, 12 or 24')
      .default(DIGEST_DEFAULTS.periodHours)
      .describe('Hours each digest covers, ending when it is sent, and how often it is sent: at hourUtc and every periodHours after (1, 2, 3, 4, 6, 8, 12 or 24; 24 = daily).'),
  })
  .describe('The sign-in digest (console sign-ins by principal type, principals new to the account, sign-ins without MFA, failed sign-ins, top source addresses, per account), sent to the default recipients and every route that receives INFO in its digest.');

const notifications = z
  .strictObject({
    emails: z
      .array(email)
      .min(1, 'list at least one address: alerts nobody receives are lost')
      .describe('Addresses subscribed to the alert topic (pipeline alarms) and receiving every event no route matches. Each must confirm the subscription email.'),
    slack: slack.optional(),
    routes: z
      .array(route)
      .default([])
      .describe(
        'Routing of per-event alert messages: an event goes to every route it matches; the default recipients (notifications.emails, notifications.slack) receive what no route matches, and CRITICAL and HIGH always (unless replaceDefault).',
      ),
    runbookUrl: z
      .string()
      .regex(/^https:\/\/[^\s]+$/, 'must be an https:// URL; {kind} and {account} are replaced')
      .optional()
      .describe('Runbook link added to every alert message: {kind} is replaced by the alert kind id, {account} by the account name (or id). Example: https://wiki.example.com/runbooks/{kind}?account={account}'),
    stormControl: stormControl.default(STORM_CONTROL_DEFAULTS),
    digest: digest.default(DIGEST_DEFAULTS),
  })
  .describe('Who receives alerts.');

const ignorePrincipal = z
  .strictObject({
    arn: z
      .string()
      .regex(/^arn:aws:(iam|sts)::[0-9*]{1,12}:[A-Za-z0-9+=,.@_/*-]+$/, 'must be an IAM or STS ARN pattern, e.g. arn:aws:iam::111111111111:user/break-glass (use * as a wildcard in the name)')
      .describe('ARN pattern of a principal whose successful sign-ins are not notified: a 12-digit account id (a wildcard account is refused: any account could create that name), * a wildcard in the name.'),
    reason: z.string().describe('Why this principal is not notified. Required: reviewers read it.'),
  })
  .describe('A principal whose successful sign-ins are not notified. Failures, root and MFA alerts are never suppressed.');

const alertSwitches = z
  .strictObject(
    Object.fromEntries(
      ALERT_SWITCH_IDS.map((id) => [id, z.boolean().default(alertKindEnabledByDefault(id)).describe(alertKindDescription(id))]),
    ) as Record<AlertSwitchId, z.ZodDefault<z.ZodBoolean>>,
  )
  .describe('Alert kinds, each enabled (true) or disabled (false); every kind is on by default except console-login-outside-sso.');

/** Every switch at its default. */
const DEFAULT_SWITCHES = Object.fromEntries(ALERT_SWITCH_IDS.map((id) => [id, alertKindEnabledByDefault(id)])) as Record<AlertSwitchId, boolean>;

const alerts = z
  .strictObject({
    enabled: alertSwitches.default(DEFAULT_SWITCHES),
    ignorePrincipals: z
      .array(ignorePrincipal)
      .default([])
      .describe('Principals (break-glass and automation users) whose successful sign-ins are not notified, each with a reason.'),
    failedSignInBurst: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('Failed sign-ins across the organization within 5 minutes that raise the brute-force alarm.'),
    failedSignInsPerPrincipal: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('Failed sign-ins (console and Identity Center) for ONE principal within 5 minutes that raise the failed-sign-ins-per-principal alarm.'),
    guardDutyAdministrator: accountRef
      .optional()
      .describe(
        'The GuardDuty administrator account (name or id), if the organization has one. Set: only its forwarders send GuardDuty sign-in findings (its copies of every member\'s findings, each once). Unset: every account forwards only the findings about itself, so each finding also alerts once.',
      ),
  })
  .default({ enabled: DEFAULT_SWITCHES, ignorePrincipals: [], failedSignInBurst: 5, failedSignInsPerPrincipal: 5 })
  .describe('What is notified.');

const deployment = z
  .strictObject({
    roleName: iamRoleName
      .default('OrganizationAccountAccessRole')
      .describe('Role assumed in every account to deploy.'),
    planRoleName: iamRoleName
      .optional()
      .describe(
        'Read-only role pull-request plans assume in every account instead of the deployment role (synth with SIGNIN_WATCH_PROVIDER_ROLE=plan). Create it in every account, like the deployment role, with ReadOnlyAccess-like permissions. The pull-request workflow requires it.',
      ),
    externalId: z
      .string()
      .min(2)
      .max(1224)
      .optional()
      .describe('External id passed when assuming the deployment role (and the plan role), if the role requires one.'),
    namePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,15}$/, 'must be 2-16 lowercase letters, digits or hyphens, starting with a letter')
      .default('signin-watch')
      .describe('Prefix of every resource name this product creates.'),
    protectionScp: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Deploy the service control policy (off by default: an SCP is an organization-wide change).'),
        targets: z
          .array(z.string().regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[a-z0-9][a-z0-9-]*|\d{12})$/, 'must be an account name or id, an OU id (ou-...) or the root id (r-...)'))
          .min(1)
          .max(50)
          .optional()
          .describe('Where to attach it: account names or ids, OU ids or the root id. Default: every configured account but the management account (SCPs never apply there).'),
      })
      .default({ enabled: false })
      .describe(
        "Optional service control policy, deployed from the management stack, that denies the calls pipeline-tampering reports on this product's resources (by name prefix; KMS keys by the ManagedBy tag) to every principal but the deployment roles.",
      ),
  })
  .default({ roleName: 'OrganizationAccountAccessRole', namePrefix: 'signin-watch', protectionScp: { enabled: false } })
  .describe('How the pipeline reaches each account.');

const state = z
  .discriminatedUnion('backend', [
    z.strictObject({
      backend: z.literal('local').describe('Terraform state in local files (for trying it out).'),
    }).describe('State in a local file per stack, inside cdktf.out/stacks/<stack>/ (for trying it out; not for a team).'),
    z.strictObject({
      backend: z.literal('s3').describe('Terraform state in S3, one key per stack.'),
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name').describe('State bucket.'),
      region: regionCode.describe('Region of the state bucket.'),
      keyPrefix: z.string().default('signin-watch').describe('Key prefix; each stack writes <keyPrefix>/<stack>.tfstate.'),
      useLockfile: z.boolean().default(true).describe('Terraform >= 1.10 S3 native locking (use_lockfile).'),
    }).describe('State in an S3 bucket, one key per stack, with S3 native locking.'),
  ])
  .default({ backend: 'local' })
  .describe('Where Terraform keeps each stack\'s state.');

const excludedRegion = z
  .strictObject({
    region: regionCode.describe('Region left without forwarders: a catalogue region the account(s) enable.'),
    reason: z
      .string()
      .describe('Why no forwarder is deployed there (e.g. "Control Tower region deny control: events:PutRule is denied"). Required and non-empty: the coverage report shows it.'),
  })
  .describe(
    'A region left without forwarders, with the reason. Sign-ins there are still recorded by the organization trail and caught, minutes late, only by its safety-net alarms (docs/detection.md). Prefer exempting the deployment role from the region deny (docs/deploy.md).',
  );

/** Optional (not defaulted): configs and tests that build accounts in code need not spell it. */
const excludedRegions = z.array(excludedRegion).optional();

const account = z
  .strictObject({
    name: accountName,
    id: accountId,
    optInRegions: z.array(regionCode).default([]).describe('Opt-in regions enabled in this account. The 17 default regions are always covered.'),
    excludedRegions: excludedRegions.describe(
      'Regions of this account left without forwarders (e.g. denied to the deployment role by a region-deny SCP), each with a reason. Covered only by the organization trail alarms.',
    ),
    email: email.optional().describe('The account\'s email address, for reference only: no message or report shows it. drift --write records it for the accounts it adds.'),
    owner: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Who owns the account (a team, a person, an on-call alias): shown as "Account owner" in every alert message of the account.'),
    tags: z.record(z.string(), z.string().describe('Tag value.')).default({}).describe('Tags applied to every resource of this account\'s stack.'),
    deploymentRoleName: iamRoleName
      .optional()
      .describe('Role assumed to deploy into this account, when it differs from deployment.roleName (the management account has no OrganizationAccountAccessRole).'),
    planRoleName: iamRoleName
      .optional()
      .describe('Read-only role assumed by pull-request plans in this account, when it differs from deployment.planRoleName.'),
  })
  .describe('An account of the organization.');

const acknowledgement = z
  .strictObject({
    rule: z.string().regex(/^SW-[A-Z0-9-]+$/, 'must be a rule id such as SW-TRAIL-1').describe('Security rule id (the rule table: docs/verification.md#rules).'),
    resource: z.string().optional().describe('Construct path the acknowledgement is limited to; all findings of the rule when absent.'),
    reason: z.string().min(10, 'give a reason of at least 10 characters').describe('Why this finding is accepted.'),
  })
  .describe('A security-rule finding accepted on purpose.');

export const orgConfigSchema = z
  .strictObject({
    organization,
    aggregator,
    identityCenter: identityCenter.optional(),
    trail,
    notifications,
    alerts,
    deployment,
    state,
    accounts: z.array(account).min(1, 'list at least one account').describe('Every account of the organization. Each gets a member stack.'),
    excludedRegions: excludedRegions.describe(
      'Regions left without forwarders in every account (e.g. a region-deny SCP on the whole organization), each with a reason. Covered only by the organization trail alarms.',
    ),
    acknowledgements: z.array(acknowledgement).default([]).describe('Security-rule findings accepted on purpose, each with a reason.'),
  })
  .describe('signin-watch organization config');

/** The config as written in YAML (defaults not yet applied). */
export type OrgConfigInput = z.input<typeof orgConfigSchema>;
/** The config after parsing: every default applied. */
export type OrgConfig = z.output<typeof orgConfigSchema>;
export type AccountConfig = OrgConfig['accounts'][number];
export type IgnorePrincipal = OrgConfig['alerts']['ignorePrincipals'][number];
export type RouteConfig = OrgConfig['notifications']['routes'][number];
export type TeamsConfig = z.infer<typeof teams>;
export type SlackConfig = NonNullable<OrgConfig['notifications']['slack']>;
