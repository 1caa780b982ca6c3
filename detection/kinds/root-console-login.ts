/** root-console-login: every console sign-in attempt by the root user, successful or not. */
import { is } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { COMMON_FIELDS, CONSOLE_FIELDS } from '../message-fields';
import { consoleLogin, signIn, signInFilter } from '../sign-in-terms';

export const rootConsoleLogin: KindDefinition = {
  severity: 'CRITICAL',
  metricName: 'RootConsoleLogin',
  messageFields: [...COMMON_FIELDS, ...CONSOLE_FIELDS],
  eventPattern: () => signIn({ eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } }),
  filter: (root) => signInFilter(root, consoleLogin(root), is(root, 'userIdentity.type', 'Root')),
};
