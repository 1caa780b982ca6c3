/**
 * Shapes of the security rule pack. A rule reads one synthesized stack (its
 * Terraform JSON, see model.ts) and returns findings; the aspect (aspect.ts)
 * turns unacknowledged findings into synth errors.
 */
import type { OrgConfig } from '../../config/schema';
import type { StackModel, TfItem } from './model';

export type RuleArea = 'TRAIL' | 'S3' | 'KMS' | 'LOGS' | 'ALARM' | 'SNS' | 'EVENTS' | 'IAM' | 'LAMBDA' | 'DYNAMODB';

export interface SecurityRule {
  /** Stable id, `SW-<AREA>-<N>`: acknowledgements and docs name it. */
  id: string;
  area: RuleArea;
  /** One line: what compliant Terraform holds. */
  title: string;
  /** Item numbers of ../shared/docs/security-checklist.md this rule covers. */
  checklist: number[];
  check(model: StackModel, config: OrgConfig): RuleViolation[];
}

/** What a rule reports: the offending item (resource or data source) and why. */
export interface RuleViolation {
  item: TfItem;
  message: string;
}

/** A violation with its rule and where it sits. */
export interface Finding {
  rule: string;
  stack: string;
  /** Construct path, e.g. management/trail/bucket (what acknowledgements name). */
  path: string;
  /** Terraform address inside the stack, e.g. aws_cloudtrail.trail_1234 */
  address: string;
  message: string;
}
