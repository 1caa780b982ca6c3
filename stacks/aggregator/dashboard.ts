/** The aggregator's dashboard: alert metrics by kind, the burst metric, the health check and the central rules' failures. */
import type { Construct } from 'constructs';
import type { OrgConfig } from '../../config/schema';
import { centralBusName, dashboardName, healthCheckName, partSuffix } from '../../config/names';
import type { AlertKind, BurstFilter } from '../../detection/types';
import type { CentralRule } from '../constructs/central-rule';
import { SignInDashboard } from '../constructs/dashboard';

export interface AggregatorDashboard {
  config: OrgConfig;
  region: string;
  namespace: string;
  kinds: readonly AlertKind[];
  burst: BurstFilter;
  /** Every rule on the central bus: their failures and dead-letter queues are drawn. */
  centralRules: readonly CentralRule[];
}

export function aggregatorDashboard(stack: Construct, props: AggregatorDashboard): SignInDashboard {
  const { config, kinds, burst, centralRules } = props;
  return new SignInDashboard(stack, 'dashboard', {
    name: dashboardName(config),
    region: props.region,
    namespace: props.namespace,
    alertMetrics: kinds.flatMap((kind) =>
      kind.envelopeMetricFilters.map((_, index) => ({ metricName: `${kind.metricName}${partSuffix(index)}`, label: `${kind.title}${partSuffix(index)}` })),
    ),
    burst: { metricName: burst.metricName, threshold: burst.threshold, periodSeconds: burst.periodSeconds },
    healthCheck: { functionName: healthCheckName(config) },
    busName: centralBusName(config),
    ruleNames: centralRules.map((rule) => rule.ruleName),
    deadLetterQueueNames: centralRules.map((rule) => rule.deadLetterQueue.name),
  });
}
