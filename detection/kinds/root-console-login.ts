/** root-console-login: every console sign-in attempt by the root user, successful or not. */
import { is } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { COMMON_FIELDS, CONSOLE_FIELDS } from '../message-fields';
import { consoleLogin, signIn, signInFilter } from '../sign-in-terms';

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://docs.aws.amazon.com/prescriptive-guidance/latest/aws-startup-security-baseline/acct-02.html
 * - https://repost.aws/knowledge-center/potential-account-compromise
 */
export const rootConsoleLogin: KindDefinition = {
  nextSteps: [
    'Confirm with the account owner that root was needed for this task; root is reserved for tasks that require it (AWS Startup Security Baseline ACCT.02).',
    'If unexpected, change the root password, verify root MFA, delete any root access keys, and review the session in CloudTrail (re:Post: unauthorized activity).',
  ],
  severity: 'CRITICAL',
  metricName: 'RootConsoleLogin',
  messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS],
  eventPattern: () => signIn({ eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } }),
  filter: (root) => signInFilter(root, consoleLogin(root), is(root, 'userIdentity.type', 'Root')),
};
