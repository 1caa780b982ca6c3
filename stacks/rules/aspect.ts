/**
 * The aspect that runs the rule pack on a stack. It reads the stack as
 * Terraform will receive it (`stack.toTerraform()`, tokens resolved), because
 * several rules span resources (a topic and its key's policy, a target and its
 * queue's policy). A finding becomes an error annotation on the offending
 * construct, which makes cdktf's synth throw ("Encountered Annotations with
 * level ERROR"), unless config.acknowledgements accepts it; an accepted
 * finding becomes an info annotation and one printed line.
 */
import { Annotations, Aspects, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { OrgConfig } from '../../config/schema';
import { CONFIG_ACKNOWLEDGEMENT_RULES } from '../../config/weakening-checks';
import { StackModel, type TerraformJson } from './model';
import type { Finding, SecurityRule } from './types';

export type Acknowledgement = OrgConfig['acknowledgements'][number];

/** Runs every rule on one synthesized stack (Terraform JSON). */
export function evaluateJson(stackName: string, json: TerraformJson, config: OrgConfig, rules: readonly SecurityRule[]): Finding[] {
  const model = new StackModel(stackName, json);
  return rules.flatMap((rule) =>
    rule.check(model, config).map((violation) => ({
      rule: rule.id,
      stack: stackName,
      path: violation.item.path,
      address: violation.item.address,
      message: violation.message,
    })),
  );
}

export function evaluateStack(stack: TerraformStack, config: OrgConfig, rules: readonly SecurityRule[]): Finding[] {
  const json = stack.toTerraform();
  reuseForSynthesis(stack, json);
  return evaluateJson(stack.node.id, json as TerraformJson, config, rules);
}

/**
 * Synth speed (issue 7, docs/benchmarks.md): resolving a stack's tokens
 * (`toTerraform()`) is the costliest step of a synth, and cdktf's synthesizer
 * calls it again right after the aspects ran. When this rule pack is the only
 * aspect on the stack and its ancestors and descendants, nothing can change
 * the stack in between, so the synthesizer's next call gets the JSON the
 * rules just checked (once; rules only read it). About a third of the synth
 * time of a 500-account organization.
 */
function reuseForSynthesis(stack: TerraformStack, json: unknown): void {
  const constructs = [...stack.node.scopes, ...stack.node.findAll()];
  const onlyRulePack = constructs.every((construct) => Aspects.of(construct).all.every((aspect) => aspect instanceof SecurityRulesAspect));
  if (!onlyRulePack) return;
  Object.defineProperty(stack, 'toTerraform', {
    configurable: true,
    writable: true,
    value: () => {
      delete (stack as { toTerraform?: unknown }).toTerraform; // back to the prototype's method
      return json;
    },
  });
}

/**
 * The acknowledgement that accepts a finding: same rule id, and `resource`
 * absent, or equal to the finding's construct path (or a parent path), or to
 * its Terraform address (optionally `<stack>/<address>`).
 */
export function acknowledgementFor(finding: Finding, acknowledgements: readonly Acknowledgement[]): Acknowledgement | undefined {
  return acknowledgements.find((ack) => {
    if (ack.rule !== finding.rule) return false;
    const resource = ack.resource;
    if (!resource) return true;
    return (
      resource === finding.path ||
      finding.path.startsWith(`${resource}/`) ||
      resource === finding.address ||
      resource === `${finding.stack}/${finding.address}`
    );
  });
}

/**
 * Acknowledgements that accepted no finding of this synth. A stale entry would
 * silently accept a future finding of the same rule, so synth warns about it.
 */
export function unusedAcknowledgements(
  acknowledgements: readonly Acknowledgement[],
  findings: ReadonlyArray<{ acknowledged?: Acknowledgement }>,
): Acknowledgement[] {
  const used = new Set(findings.map((finding) => finding.acknowledged));
  // Config-check acknowledgements (SW-CONFIG-…) accept no rule-pack finding; validation refuses stale ones.
  return acknowledgements.filter((acknowledgement) => !used.has(acknowledgement) && !CONFIG_ACKNOWLEDGEMENT_RULES.includes(acknowledgement.rule));
}

export function formatFinding(finding: Finding): string {
  return `[${finding.rule}] ${finding.stack}: ${finding.address} (${finding.path}): ${finding.message}`;
}

export type CheckedFinding = Finding & { acknowledged?: Acknowledgement };

/**
 * Runs the rule pack on one stack's Terraform JSON and records the outcome on
 * the stack's constructs: an error annotation per unacknowledged finding
 * (cdktf's synthesizer then refuses the stack), an info annotation per
 * acknowledged one, and one reported line per acknowledgement. Used by the
 * aspect and by the stack-by-stack synthesis (synth/app.ts).
 */
export function checkStack(
  stack: TerraformStack,
  json: TerraformJson,
  config: OrgConfig,
  rules: readonly SecurityRule[],
  options: SecurityRulesAspectOptions = {},
): CheckedFinding[] {
  const report = options.report ?? ((line: string) => console.log(line));
  const findings = evaluateJson(stack.node.id, json, config, rules);
  if (findings.length === 0) return [];
  const constructs = new Map(stack.node.findAll().map((construct) => [construct.node.path, construct]));
  const accepted = new Map<Acknowledgement, Finding[]>();
  const checked: CheckedFinding[] = [];
  for (const finding of findings) {
    const acknowledged = acknowledgementFor(finding, config.acknowledgements);
    checked.push({ ...finding, acknowledged });
    const target = constructs.get(finding.path) ?? stack;
    if (acknowledged) {
      Annotations.of(target).addInfo(`acknowledged ${formatFinding(finding)} -- reason: ${acknowledged.reason}`);
      accepted.set(acknowledged, [...(accepted.get(acknowledged) ?? []), finding]);
    } else {
      Annotations.of(target).addError(formatFinding(finding));
    }
  }
  // One printed line per acknowledgement and stack: a rule acknowledged for
  // every region of a member stack would otherwise print dozens of lines.
  for (const [acknowledgement, acceptedFindings] of accepted) {
    const what =
      acceptedFindings.length === 1
        ? formatFinding(acceptedFindings[0])
        : `[${acknowledgement.rule}] ${stack.node.id}: ${acceptedFindings.length} findings, first ${acceptedFindings[0].address}: ${acceptedFindings[0].message}`;
    report(`signin-watch: acknowledged ${what} -- reason: ${acknowledgement.reason}`);
  }
  return checked;
}

export interface SecurityRulesAspectOptions {
  /** Where acknowledged findings are printed. @default console.log */
  report?: (line: string) => void;
}

export class SecurityRulesAspect implements IAspect {
  /** Every finding of the last visit, acknowledged or not (for tests and reports). */
  readonly findings: CheckedFinding[] = [];

  constructor(
    private readonly config: OrgConfig,
    private readonly rules: readonly SecurityRule[],
    private readonly options: SecurityRulesAspectOptions = {},
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformStack)) return;
    const json = node.toTerraform();
    reuseForSynthesis(node, json);
    this.findings.push(...checkStack(node, json as TerraformJson, this.config, this.rules, this.options));
  }
}
