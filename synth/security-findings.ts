/**
 * Turns cdktf's refusal to synthesize a stack with security-rule findings
 * (stacks/rules: an error annotation per finding, then "Encountered
 * Annotations with level ERROR") into a report main.ts prints without a
 * JavaScript stack trace: every unacknowledged finding of every stack, and how
 * to accept one on purpose.
 *
 * cdktf stops at the first stack with an error; the rules are therefore run
 * again here on every stack of the app, so that one run lists all findings.
 */
import { TerraformStack, type App } from 'cdktf';
import type { OrgConfig } from '../config/schema';
import { acknowledgementFor, evaluateStack, formatFinding, SECURITY_RULES, type Finding } from '../stacks/rules';

/** The start of the message of cdktf's error (node_modules/cdktf/lib/errors.js, encounteredAnnotationWithLevelError). */
const ERROR_ANNOTATIONS_MESSAGE = 'Encountered Annotations with level "ERROR"';

export class SecurityFindingsError extends Error {
  constructor(
    readonly findings: readonly Finding[],
    readonly configFile: string,
  ) {
    super(securityFindingsReport(findings, configFile));
    this.name = 'SecurityFindingsError';
  }
}

export function isErrorAnnotationFailure(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith(ERROR_ANNOTATIONS_MESSAGE);
}

/** The findings no entry of config.acknowledgements accepts, stack by stack in app order. */
export function unacknowledgedFindings(app: App, config: OrgConfig): Finding[] {
  return app.node.children
    .filter((child): child is TerraformStack => child instanceof TerraformStack)
    .flatMap((stack) => evaluateStack(stack, config, SECURITY_RULES))
    .filter((finding) => !acknowledgementFor(finding, config.acknowledgements));
}

export function securityFindingsReport(findings: readonly Finding[], configFile: string): string {
  const count = findings.length === 1 ? '1 security-rule finding is' : `${findings.length} security-rule findings are`;
  return [
    `signin-watch: nothing was synthesized: ${count} not acknowledged:`,
    ...findings.map((finding) => `  ${formatFinding(finding)}`),
    `signin-watch: fix the config or code, or accept a finding on purpose in ${configFile} under acknowledgements (- rule: <id>, reason: <why>, optional resource: <construct path>); see docs/verification.md`,
  ].join('\n');
}
