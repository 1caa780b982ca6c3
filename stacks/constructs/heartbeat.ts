/**
 * Forwarding health: every member region puts a small heartbeat event on its
 * own default bus on a schedule. The heartbeat matches the forwarder rule, so
 * it travels through the very rule, role, cross-account bus policy and central
 * bus it checks. The aggregator's health check counts a heartbeat only for its
 * envelope `account` and `region`, which EventBridge sets (detection/health/
 * check.ts): the detail claims nothing, since anyone allowed events:PutEvents
 * on the default bus could write it.
 *
 * EventBridge Scheduler's templated PutEvents target is used (no Lambda): the
 * target ARN is the default bus, `eventbridge_parameters` set source and
 * detail-type, `input` becomes the event's detail.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { AccountConfig, OrgConfig } from '../../config/schema';
import {
  defaultBusArn,
  HEARTBEAT_PERIOD_SECONDS,
  HEARTBEAT_SCHEDULE_EXPRESSION,
  heartbeatDlqName,
  heartbeatRoleName,
  heartbeatScheduleName,
  queueArn,
} from '../../config/names';
import { HEARTBEAT_DETAIL_TYPE, HEARTBEAT_SOURCE } from '../../detection/catalogue';
import { MemberDeadLetterQueue } from './member-dead-letter-queue';
import { policyDocument } from './policy-document';

const SCHEDULER_SERVICE = 'scheduler.amazonaws.com';

/** Detail of a heartbeat event: nothing the checker reads (it trusts only the AWS-set envelope). */
export interface HeartbeatDetail {
  about: string;
}

export const HEARTBEAT_DETAIL: Readonly<HeartbeatDetail> = { about: 'signin-watch heartbeat: counted only for the envelope account and region' };

export function heartbeatDetail(): HeartbeatDetail {
  return { ...HEARTBEAT_DETAIL };
}

/** Trust: only EventBridge Scheduler, only on behalf of this account. */
export function heartbeatTrustPolicy(account: AccountConfig): string {
  return policyDocument([
    {
      Sid: 'SchedulerOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: SCHEDULER_SERVICE },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': account.id } },
    },
  ]);
}

/**
 * Permissions: put events on this account's default bus of each given region,
 * and dead-letter failed heartbeats (Scheduler sends to its DLQ with the
 * execution role, so no queue policy is needed).
 */
export function heartbeatPermissionsPolicy(config: OrgConfig, account: AccountConfig, regions: readonly string[]): string {
  return policyDocument([
    {
      Sid: 'PutHeartbeatOnDefaultBuses',
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Resource: regions.map((region) => defaultBusArn(account, region)),
    },
    {
      Sid: 'DeadLetterFailedHeartbeats',
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: regions.map((region) => queueArn(account, region, heartbeatDlqName(config))),
    },
  ]);
}

export interface HeartbeatRoleProps {
  config: OrgConfig;
  account: AccountConfig;
  /** Every region that sends heartbeats (the member's enabled regions). */
  regions: readonly string[];
  /** IAM is global: any provider of the account will do; pass a stable one. */
  provider: TerraformProvider;
}

/** The account's one scheduler execution role, shared by the heartbeat schedules of all its regions. */
export class HeartbeatRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: HeartbeatRoleProps) {
    super(scope, id);
    const { config, account, regions, provider } = props;
    this.role = new IamRole(this, 'role', {
      provider,
      name: heartbeatRoleName(config),
      description: 'EventBridge Scheduler puts signin-watch heartbeats on this account\'s default buses.',
      assumeRolePolicy: heartbeatTrustPolicy(account),
    });
    new IamRolePolicy(this, 'put-heartbeats', {
      provider,
      role: this.role.name,
      name: 'put-heartbeats',
      policy: heartbeatPermissionsPolicy(config, account, regions),
    });
  }
}

export interface HeartbeatProps {
  config: OrgConfig;
  account: AccountConfig;
  region: string;
  /** The provider of `region` in `account`. */
  provider: TerraformProvider;
  roleArn: string;
}

export class Heartbeat extends Construct {
  readonly schedule: SchedulerSchedule;
  readonly deadLetterQueue: MemberDeadLetterQueue;

  constructor(scope: Construct, id: string, props: HeartbeatProps) {
    super(scope, id);
    const { config, account, region, provider, roleArn } = props;

    this.deadLetterQueue = new MemberDeadLetterQueue(this, 'dlq', { provider, name: heartbeatDlqName(config) });

    this.schedule = new SchedulerSchedule(this, 'schedule', {
      provider,
      name: heartbeatScheduleName(config),
      groupName: 'default',
      description: 'Puts a signin-watch heartbeat on the default bus; it must reach the central bus.',
      scheduleExpression: HEARTBEAT_SCHEDULE_EXPRESSION,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: defaultBusArn(account, region),
        roleArn,
        input: JSON.stringify(heartbeatDetail()),
        eventbridgeParameters: { source: HEARTBEAT_SOURCE, detailType: HEARTBEAT_DETAIL_TYPE },
        // A heartbeat older than one period is noise: give up then, and dead-letter it.
        retryPolicy: { maximumEventAgeInSeconds: HEARTBEAT_PERIOD_SECONDS, maximumRetryAttempts: 10 },
        deadLetterConfig: { arn: this.deadLetterQueue.queue.arn },
      },
    });
  }
}
