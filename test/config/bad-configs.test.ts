/**
 * One bad config per rule (test/config/fixtures/bad/*.yaml), each with the
 * exact FILE:LINE:COL key.path: message lines it must produce, in order.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, formatIssue, loadConfig } from '../../detection/org-config';

const FIXTURES = 'test/config/fixtures/bad';

/** Fixture file name -> the exact issue lines, the file name written as FILE. */
const EXPECTED: Record<string, string[]> = {
  'yaml-syntax-error.yaml': ['FILE:4:22 organization.managementAccount: YAML syntax: Missing closing "quote'],
  'duplicate-key.yaml': ['FILE:10:3 trail.name: YAML syntax: duplicate key: first written at FILE:9:3; keep one'],
  'empty-file.yaml': ['FILE:1:1 (root): the file has no content: expected the organization config map'],
  'unknown-key-near-miss.yaml': ['FILE:18:5 accounts.1.optinRegions: unknown key "optinRegions"; did you mean "optInRegions"?'],
  'unknown-key.yaml': [
    'FILE:18:1 colour: unknown key "colour" (allowed here: organization, aggregator, identityCenter, trail, notifications, alerts, deployment, state, accounts, excludedRegions, acknowledgements)',
  ],
  'account-id-as-number.yaml': [
    'FILE:17:9 accounts.1.id: account id written as a number (YAML reads 033333333333 as 33333333333: leading zeros are lost); quote it: "033333333333"',
  ],
  'account-reference-as-number.yaml': [
    'FILE:4:22 organization.managementAccount: account id written as a number (YAML reads unquoted digits as a number and drops leading zeros); quote it: "111111111111"',
  ],
  'missing-key.yaml': ['FILE:8:1 trail.region: required key "region" is missing (a string)'],
  'invalid-organization-id.yaml': ['FILE:3:7 organization.id: must be "o-" followed by 10-32 lowercase letters or digits'],
  'invalid-account-name.yaml': [
    'FILE:16:11 accounts.1.name: must be 2-24 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (it becomes part of AWS resource names)',
  ],
  'unknown-state-backend.yaml': ['FILE:19:12 state.backend: must be "local" or "s3", got the string "s4"'],
  'bucket-neither-created-nor-existing.yaml': ['FILE:10:3 trail.bucket: give either "create: true", or "existing" and "kmsKeyArn"'],
  'duplicate-account-name.yaml': ['FILE:16:11 accounts.1.name: duplicate account name "management" (already used by accounts.0)'],
  'duplicate-account-id.yaml': ['FILE:17:9 accounts.1.id: duplicate account id "111111111111" (already used by accounts.0)'],
  'unknown-account-reference.yaml': ['FILE:6:12 aggregator.account: unknown account "securty"; did you mean "security"?'],
  'unknown-region.yaml': ['FILE:7:11 aggregator.region: unknown AWS region "eu-wset-1"; did you mean "eu-west-1"?'],
  'opt-in-region-enabled-by-default.yaml': ['FILE:19:9 accounts.1.optInRegions.0: "eu-west-2" is already enabled by default in every account; remove it'],
  'duplicate-opt-in-region.yaml': ['FILE:21:9 accounts.1.optInRegions.2: opt-in region "af-south-1" is listed twice'],
  'aggregator-region-not-enabled.yaml': [
    'FILE:7:11 aggregator.region: the aggregator account "security" does not enable opt-in region "af-south-1": add it to accounts.1.optInRegions',
  ],
  'identity-center-region-not-enabled.yaml': [
    'FILE:10:11 identityCenter.region: the Identity Center account "management" does not enable opt-in region "eu-central-2": add it to accounts.0.optInRegions',
  ],
  'trail-region-not-enabled.yaml': [
    'FILE:9:11 trail.region: the management account "management" does not enable opt-in region "me-central-1", where the organization trail, its bucket and log group live: add it to accounts.0.optInRegions',
  ],
  'existing-trail-bad-arn.yaml': ['FILE:11:15 trail.existing.trailArn: must be a CloudTrail trail ARN (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME)'],
  'existing-trail-without-cloudwatch-logs.yaml': [
    "FILE:10:19 trail.cloudWatchLogs: trail.existing puts the safety-net filters on the existing trail's log group: remove cloudWatchLogs: false, or remove trail.existing",
  ],
  'existing-trail-wrong-region.yaml': [
    "FILE:11:15 trail.existing.trailArn: the trail's home region is us-east-1 but trail.region is eu-west-1: set trail.region to us-east-1 (the trail delivers to a log group of its home region, where the filters are created)",
    'FILE:11:15 trail.existing.trailArn: the trail belongs to account 333333333333, not the management account 111111111111: name the organization trail of the management account (organization trails, also those a delegated administrator creates, are owned by the management account)',
  ],
  'invalid-email.yaml': ['FILE:12:7 notifications.emails.0: "soc-at-example.com" is not a valid email address'],
  'route-unknown-kind.yaml': ['FILE:15:15 notifications.routes.0.kinds.0: unknown alert kind "root-console-logon"; did you mean "root-console-login"?'],
  'route-unknown-account.yaml': ['FILE:15:18 notifications.routes.0.accounts.0: unknown account "securty"; did you mean "security"?'],
  'route-unknown-tag.yaml': ['FILE:16:21 notifications.routes.0.accountTags.enviroment: no account has a tag "enviroment"; did you mean "environment"?'],
  'route-unknown-tag-value.yaml': ['FILE:16:22 notifications.routes.0.accountTags.environment: no account has environment=prod (values in use: production)'],
  'route-empty-list.yaml': ['FILE:15:7 notifications.routes.0.severities: an empty list matches no event: remove severities to match any severity'],
  'route-without-destination.yaml': ['FILE:14:7 notifications.routes.0: route "oncall" has no destination: add emails, httpsEndpoints or slack'],
  'route-https-with-credentials.yaml': [
    'FILE:15:24 notifications.routes.0.httpsEndpoints.0: must be an https:// URL without user:password@ (SNS HTTPS subscription endpoint)',
  ],
  'ignore-principal-without-reason.yaml': [
    'FILE:21:15 alerts.ignorePrincipals.0.reason: give a reason why sign-ins of arn:aws:iam::111111111111:user/break-glass are not notified: reviewers must be able to judge it',
  ],
  'ignore-principal-with-quote.yaml': [
    'FILE:20:12 alerts.ignorePrincipals.0.arn: must be an IAM or STS ARN pattern, e.g. arn:aws:iam::111111111111:user/break-glass (use * as a wildcard in the name)',
  ],
  'ignore-principal-double-wildcard.yaml': [
    'FILE:22:12 alerts.ignorePrincipals.1.arn: ARN pattern "arn:aws:iam::111111111111:user/automation/**": consecutive wildcards are not allowed',
  ],
  'too-many-ignore-principals.yaml': [
    'FILE:19:3 alerts.ignorePrincipals: these 12 entries make the console-login-success metric filter 1255 characters; CloudWatch Logs allows 1024, so only the first 9 fit: merge entries with a * wildcard in the name (e.g. arn:aws:iam::111111111111:user/break-glass-*) or remove some',
  ],
  'ignore-principal-wildcard-account.yaml': [
    'FILE:20:12 alerts.ignorePrincipals.0.arn: the account of "arn:aws:iam::*:user/break-glass" is not one 12-digit account id: an admin of any account could create a principal of that name and silence their own sign-ins; list each account the principal lives in as its own entry (e.g. arn:aws:iam::111111111111:user/break-glass)',
    'FILE:22:12 alerts.ignorePrincipals.1.arn: the account of "arn:aws:sts::1111111111*:assumed-role/automation/*" is not one 12-digit account id: an admin of any account could create a principal of that name and silence their own sign-ins; list each account the principal lives in as its own entry (e.g. arn:aws:sts::111111111111:assumed-role/automation/*)',
  ],
  'excluded-us-east-1.yaml': [
    'FILE:19:17 accounts.1.excludedRegions.0.region: excluding us-east-1 in account "security": AWS global services (IAM, Organizations, Account Management) deliver their events to EventBridge only in us-east-1, so these alert kinds lose their per-event alerts in every region: root-account-change, mfa-device-removed, login-profile-change, identity-provider-change, pipeline-tampering (only the trail\'s safety-net alarms remain); keep us-east-1 (exempt the deployment role from the region deny, docs/deploy.md), or accept it under acknowledgements: - rule: SW-CONFIG-US-EAST-1, resource: security, reason: <why>',
  ],
  'excluded-us-east-1-organization-wide.yaml': [
    'FILE:14:13 excludedRegions.0.region: excluding us-east-1 in every account: AWS global services (IAM, Organizations, Account Management) deliver their events to EventBridge only in us-east-1, so these alert kinds lose their per-event alerts in every region: root-account-change, mfa-device-removed, login-profile-change, identity-provider-change, pipeline-tampering (only the trail\'s safety-net alarms remain); keep us-east-1 (exempt the deployment role from the region deny, docs/deploy.md), or accept it under acknowledgements: - rule: SW-CONFIG-US-EAST-1, reason: <why>',
    'FILE:22:11 acknowledgements.0.rule: SW-CONFIG-US-EAST-1 accepts nothing: account "security" has no us-east-1 exclusion; remove it (a stale acknowledgement would silently accept a future one)',
  ],
  'acknowledgement-without-reason.yaml': [
    'FILE:20:13 acknowledgements.0.reason: give a reason (at least 10 characters besides spaces) why finding SW-TRAIL-1 is accepted',
  ],
  'invalid-plan-role-name.yaml': ['FILE:14:17 deployment.planRoleName: must be an IAM role name (1-64 characters)'],
  'plan-role-is-deployment-role.yaml': [
    'FILE:14:17 deployment.planRoleName: the plan role "OrganizationAccountAccessRole" is the deployment role of account "security": pull-request plans would hold deploy permissions; name a read-only role',
    'FILE:24:19 accounts.2.planRoleName: the plan role "signin-watch-deployer" is the deployment role of account "workload": pull-request plans would hold deploy permissions; name a read-only role',
  ],
  'excluded-region-without-reason.yaml': [
    'FILE:20:17 accounts.1.excludedRegions.0.reason: give a reason why ap-south-1 gets no forwarders (e.g. the SCP that denies it): reviewers and the coverage report show it',
  ],
  'excluded-region-missing-reason.yaml': ['FILE:19:9 accounts.1.excludedRegions.0.reason: required key "reason" is missing (a string)'],
  'excluded-region-not-enabled.yaml': [
    'FILE:19:17 accounts.1.excludedRegions.0.region: account "security" does not enable opt-in region "af-south-1": there is no forwarder to leave out; remove it (or add it to accounts.1.optInRegions)',
  ],
  'excluded-region-unknown.yaml': ['FILE:14:13 excludedRegions.0.region: unknown AWS region "ap-suoth-1"; did you mean "ap-south-1"?'],
  'excluded-region-duplicate.yaml': ['FILE:21:17 accounts.1.excludedRegions.1.region: region "ap-south-1" is excluded twice in this list'],
  'excluded-aggregator-region.yaml': [
    'FILE:14:13 excludedRegions.0.region: the aggregator\'s region "eu-west-1" cannot be excluded: the central bus and alerts live there (exempt the deployment role from the region deny instead, docs/deploy.md)',
  ],
  'excluded-every-region.yaml': [
    'FILE:53:5 accounts.2.excludedRegions: account "workload" would have no forwarder in any region: its sign-ins would reach no real-time alert; keep at least one region',
  ],
  'multiple-problems.yaml': [
    'FILE:5:1 aggregator.account: required key "account" is missing (a string)',
    'FILE:6:3 aggregator.acount: unknown key "acount"; did you mean "account"?',
    'FILE:10:21 trail.logRetentionDays: must be at least 1, got the number 0',
    'FILE:12:3 notifications.emails: list at least one address: alerts nobody receives are lost',
    'FILE:15:9 accounts.0.id: account id written as a number (YAML reads unquoted digits as a number and drops leading zeros); quote it: "111111111111"',
  ],
};

function issuesOf(file: string): { lines: string[]; message: string } {
  try {
    loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return { lines: error.issues.map(formatIssue), message: error.message };
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

describe('bad configs', () => {
  it('GIVEN the fixtures directory THEN every fixture has an expected message and every expectation a fixture', () => {
    const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.yaml')).sort();
    expect(fixtures).toEqual(Object.keys(EXPECTED).sort());
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  it.each(Object.entries(EXPECTED))('GIVEN %s WHEN loaded THEN it fails with exactly its messages', (name, expected) => {
    const file = path.join(FIXTURES, name);
    const { lines, message } = issuesOf(file);
    expect(lines).toEqual(expected.map((line) => line.replace(/\bFILE:/g, `${file}:`)));
    const count = expected.length;
    expect(message.split('\n')).toEqual([`${file} has ${count} issue${count === 1 ? '' : 's'}:`, ...lines]);
  });
});
