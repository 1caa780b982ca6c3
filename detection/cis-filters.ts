/** The CIS pack: verbatim from aws-facts.md (Security Hub compares the text). Never edit. */
import type { CisFilter } from './types';

export const CIS_FILTERS: readonly CisFilter[] = [
  {
    id: 'cis-root-usage',
    control: 'CloudWatch.1',
    title: 'Usage of the root user',
    metricName: 'CisRootUsage',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    id: 'cis-console-signin-without-mfa',
    control: 'CloudWatch.3',
    title: 'Management Console sign-in without MFA',
    metricName: 'CisConsoleSignInWithoutMfa',
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: 'cis-console-authentication-failures',
    control: 'CloudWatch.6',
    title: 'Management Console authentication failures',
    metricName: 'CisConsoleAuthenticationFailures',
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
];
