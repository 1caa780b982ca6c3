/** Where the aggregator stack's parts are built: the config, the aggregator account and its region. */
import type { AccountConfig, OrgConfig } from '../../config/schema';
import type { CentralRuleProps } from '../constructs/central-rule';

export interface AggregatorSite {
  config: OrgConfig;
  account: AccountConfig;
  accountId: string;
  region: string;
}

/** What every rule on the central bus shares: its bus, its dead-letter key and the topic its failure alarms notify. */
export type CentralRuleBase = Pick<CentralRuleProps, 'config' | 'bus' | 'dlqKey' | 'alertTopicArn' | 'accountId' | 'region'>;
