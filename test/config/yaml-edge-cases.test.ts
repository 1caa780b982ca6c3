/**
 * YAML the parser resolves late or reports far from the cause: each is a
 * positioned config issue (FILE:LINE:COL key.path: message) at the place the
 * author must look, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, parseConfig } from '../../detection/org-config';

const EXAMPLE = readFileSync(path.join(__dirname, '..', '..', 'config', 'org.yaml'), 'utf8');
const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

function issues(text: string): string[] {
  try {
    parseConfig(text, 'org.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n').slice(1);
  }
  throw new Error('the config was accepted');
}

describe('YAML edge cases', () => {
  it('GIVEN an alias used before its anchor THEN the alias is pointed at', () => {
    const text = EXAMPLE.replace('aggregator:\n  account: security\n', 'aggregator:\n  account: *sec\n').replace('  - name: security\n', '  - name: &sec security\n');
    expect(issues(text)).toEqual([`org.yaml:${lineOf(text, '*sec')}:12 aggregator.account: YAML alias *sec is used before its anchor &sec is defined (or it is never defined): define the anchor first`]);
  });

  it('GIVEN an alias bomb THEN one positioned issue, no stack trace, no expansion', () => {
    const levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (const [index, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) levels.push(`${name}: &${name} [${Array(10).fill(`*${'abcdefgh'[index]}`).join(', ')}]`);
    expect(issues(`${levels.join('\n')}\n`)).toEqual(['org.yaml:2:8 b.0: YAML aliases expand to too many nodes (more than 1000; an alias bomb?): use fewer aliases']);
  });

  it('GIVEN a key containing a newline THEN the key path and message show it escaped, on one line', () => {
    const text = EXAMPLE.replace('aggregator:\n  account: security\n', 'aggregator:\n  account: security\n  "acc\\nount": x\n');
    expect(issues(text)).toEqual([`org.yaml:${lineOf(text, '"acc')}:3 aggregator."acc\\nount": unknown key "acc\\nount"; did you mean "account"?`]);
  });

  it('GIVEN merge keys sharing account settings THEN they work', () => {
    const text = EXAMPLE.replace(
      '  - name: workload-dev\n    id: "055555555555"\n    email: aws-workload-dev@example.com\n',
      '  - <<: *prod\n    name: workload-dev\n    id: "055555555555"\n    email: aws-workload-dev@example.com\n',
    ).replace('  - name: workload-prod\n', '  - &prod\n    name: workload-prod\n');
    const config = parseConfig(text, 'org.yaml');
    const dev = config.accounts.find((account) => account.name === 'workload-dev')!;
    expect(dev.optInRegions).toEqual(['af-south-1', 'eu-central-2']);
    expect(dev.tags).toEqual({ environment: 'development' });
  });

  it('GIVEN a duplicate key THEN the issue is at the second and names the first', () => {
    const text = EXAMPLE.replace('aggregator:\n  account: security\n', 'aggregator:\n  account: security\n  account: log-archive\n');
    const first = lineOf(text, '  account: security');
    expect(issues(text)).toEqual([`org.yaml:${first + 1}:3 aggregator.account: YAML syntax: duplicate key: first written at org.yaml:${first}:3; keep one`]);
  });

  it('GIVEN an unclosed [ THEN the issue points at its opening line', () => {
    const text = EXAMPLE.replace('    optInRegions:\n      - af-south-1\n      - eu-central-2\n', '    optInRegions: [af-south-1, eu-central-2\n');
    const line = lineOf(text, 'optInRegions: [');
    expect(issues(text)).toEqual([expect.stringMatching(new RegExp(`^org\\.yaml:${line}:19 accounts\\.3\\.optInRegions: YAML syntax: this \\[ is never closed \\(expected \\]\\)$`))]);
  });
});
