/** console-login-failure: every failed console sign-in, any principal type. */
import type { KindDefinition } from '../kind-definition';
import { COMMON_FIELDS, CONSOLE_FIELDS } from '../message-fields';
import { consoleLogin, outcome, signIn, signInFilter } from '../sign-in-terms';

export const consoleLoginFailure: KindDefinition = {
  severity: 'MEDIUM',
  metricName: 'ConsoleLoginFailure',
  messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS],
  eventPattern: () => signIn({ eventName: ['ConsoleLogin'], responseElements: { ConsoleLogin: ['Failure'] } }),
  filter: (root) => signInFilter(root, consoleLogin(root), outcome(root, 'Failure')),
};
