/**
 * The organization trail (checklist items 1-4, 19) and, when it delivers to
 * CloudWatch Logs, its least-privilege delivery role.
 *
 * The trail records every management event (no event selector, so read and
 * write, all sources) of every account and region of the organization,
 * including global-service events such as console sign-ins, with log file
 * validation. It is created after its bucket policy and key policy, without
 * which CloudTrail refuses the bucket.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Cloudtrail, type CloudtrailAdvancedEventSelector } from '@cdktf/provider-aws/lib/cloudtrail';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument, type PolicyStatement } from './policy-document';

export interface TrailLogDelivery {
  /** Name of the log group (`trailLogGroupName`). */
  readonly logGroupName: string;
  /** ARN of the log group without `:*` (`trailLogGroupArn`). */
  readonly logGroupArn: string;
  /** Name of the delivery role (`trailDeliveryRoleName`). */
  readonly roleName: string;
  /** The log group resource(s) the trail must be created after. */
  readonly dependsOn: ITerraformDependable[];
}

export interface OrganizationTrailProps {
  /** Trail name (`trail.name`). */
  readonly name: string;
  /** The trail's ARN as a string (`trailArn(config)`): conditions of the role trust policy. */
  readonly trailArn: string;
  /** The management account. */
  readonly accountId: string;
  /** The organization (log streams of member accounts are named `<o-org-id>_…`). */
  readonly organizationId: string;
  /** Home region of the trail (log streams of the management account are named `<account>_CloudTrail_<region>…`). */
  readonly region: string;
  /** Bucket the trail writes to (created here, or an existing one). */
  readonly bucketName: string;
  /** Customer-managed key of the log files, in the bucket's region. */
  readonly kmsKeyArn: string;
  /**
   * CloudWatch Logs delivery (`trail.cloudWatchLogs`).
   * @default none: S3 only (no CIS metric filters possible)
   */
  readonly logDelivery?: TrailLogDelivery;
  /** Resources the trail must be created after: the bucket policy and the key (whose policy is inline). */
  readonly dependsOn: ITerraformDependable[];
  /**
   * Also log SQS `SendMessage` data events on the queues with this name in
   * every account and region (the forwarders' dead-letter queues), so that a
   * dead-lettered event is seen outside its account.
   * @default no data events
   */
  readonly deadLetterQueueName?: string;
  /**
   * Record every management event. False only beside an existing organization
   * trail (config `trail.existing`), which already delivers them: this trail then
   * records the dead-letter data events alone and no paid second copy of
   * management events ("Managing CloudTrail trail costs", CloudTrail user guide).
   * @default true
   */
  readonly managementEvents?: boolean;
  /**
   * Provider (management account, trail home region).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

/** Trust policy of the delivery role: CloudTrail, for this trail of this account only. */
export function deliveryRoleTrustStatements(props: Pick<OrganizationTrailProps, 'trailArn' | 'accountId'>): PolicyStatement[] {
  return [
    {
      Sid: 'CloudTrailOfThisTrailAssumes',
      Effect: 'Allow',
      Principal: { Service: CLOUDTRAIL_PRINCIPAL },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceArn': props.trailArn, 'aws:SourceAccount': props.accountId } },
    },
  ];
}

/** Permissions of the delivery role: create streams and put events, only on the trail's own streams. */
export function deliveryRolePolicyStatements(
  props: Pick<OrganizationTrailProps, 'accountId' | 'organizationId' | 'region'> & { logGroupArn: string },
): PolicyStatement[] {
  return [
    {
      Sid: 'DeliverTrailToItsLogStreams',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [
        `${props.logGroupArn}:log-stream:${props.accountId}_CloudTrail_${props.region}*`,
        `${props.logGroupArn}:log-stream:${props.organizationId}_*`,
      ],
    },
  ];
}

export class OrganizationTrail extends Construct {
  public readonly trail: Cloudtrail;
  public readonly deliveryRole?: IamRole;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const provider = props.provider;
    if (props.managementEvents === false && !props.deadLetterQueueName) {
      throw new Error(`${id}: a trail without management events needs the dead-letter data events (deadLetterQueueName), or it would record everything`);
    }
    const dependsOn = [...props.dependsOn];
    let cloudWatchLogs: { cloudWatchLogsGroupArn: string; cloudWatchLogsRoleArn: string } | undefined;

    if (props.logDelivery) {
      const delivery = props.logDelivery;
      this.deliveryRole = new IamRole(this, 'delivery-role', {
        provider,
        name: delivery.roleName,
        description: `CloudTrail delivers the ${props.name} trail to ${delivery.logGroupName}`,
        assumeRolePolicy: policyDocument(deliveryRoleTrustStatements(props)),
      });
      const rolePolicy = new IamRolePolicy(this, 'delivery-policy', {
        provider,
        name: 'deliver-to-trail-log-streams',
        role: this.deliveryRole.id,
        policy: policyDocument(deliveryRolePolicyStatements({ ...props, logGroupArn: delivery.logGroupArn })),
      });
      dependsOn.push(...delivery.dependsOn, rolePolicy);
      cloudWatchLogs = { cloudWatchLogsGroupArn: `${delivery.logGroupArn}:*`, cloudWatchLogsRoleArn: this.deliveryRole.arn };
    }

    this.trail = new Cloudtrail(this, 'trail', {
      provider,
      name: props.name,
      s3BucketName: props.bucketName,
      kmsKeyId: props.kmsKeyArn,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      ...cloudWatchLogs,
      advancedEventSelector: props.deadLetterQueueName ? deadLetterEventSelectors(props.deadLetterQueueName, props.managementEvents ?? true) : undefined,
      dependsOn,
    });
  }
}

/**
 * Advanced event selectors: every management event (one selector on
 * eventCategory alone, so nothing is narrowed: rule SW-TRAIL-2), plus the SQS
 * SendMessage data events on queues named `queueName`. "To log Amazon SQS data
 * events with CloudTrail, you must use advanced event selectors ... Include the
 * resource type AWS::SQS::Queue ... filters like eventName (such as SendMessage
 * events)" (SQS developer guide, "Logging Amazon SQS API calls using AWS
 * CloudTrail"). Data events cost CloudTrail USD 0.10 per 100,000; these queues
 * receive a message only when a sign-in event could not be forwarded.
 * Unverified: that CloudTrail records the SendMessage EventBridge makes as a
 * service principal when it dead-letters; if it does not, a dead-letter caused
 * by a broken rule, role or bus policy still stops the heartbeats (see
 * docs/aggregator.md).
 */
export function deadLetterEventSelectors(queueName: string, managementEvents = true): CloudtrailAdvancedEventSelector[] {
  return [
    ...(managementEvents ? [{ name: 'All management events', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] }] : []),
    {
      name: 'Messages sent to the sign-in forwarder dead-letter queues',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::SQS::Queue'] },
        { field: 'eventName', equalTo: ['SendMessage'] },
        { field: 'resources.ARN', endsWith: [`:${queueName}`] },
      ],
    },
  ];
}
