/**
 * 1,000 mutated configs (seeded, so a failure is reproducible): keys
 * dropped, duplicated and retyped; values replaced with anchors, aliases,
 * huge strings and binary bytes; indentation shifted. Each must end as a valid
 * config or as errors that are all positioned (FILE:LINE:COL key.path:
 * message, one line each) or one "not a YAML text file" line: never a stack
 * trace, never an unpositioned message. Parsed in-process (no synth, no spawn).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, ConfigFileError, parseConfigBytes } from '../../detection/org-config';

const ROOT = path.join(__dirname, '..', '..');
const BASES = ['config/org.yaml', 'test/config/fixtures/good/minimal.yaml'].map((file) => readFileSync(path.join(ROOT, file), 'utf8'));
const CASES = 1000;
const SEED = Number(process.env.SIGNIN_WATCH_FUZZ_SEED ?? 20261130);
const FILE = 'fuzz.yaml';
const POSITIONED = /^fuzz\.yaml:[1-9]\d*:[1-9]\d* \S.*: \S/;

/** mulberry32: small, seedable, good enough to pick mutations. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RETYPED = ['123', '-1', '1e400', '0x1F', 'true', 'null', '~', '.inf', '[]', '{}', '""', '"text"', '[a, b]', '{a: 1}', "'single'", '2026-01-01', '!!binary aGk=', '|\n    block'];

type Mutation = (lines: string[], random: () => number) => string;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];
/** Index of a `key: value` or `- item` line (comments and blank lines skipped). */
const contentLine = (lines: string[], random: () => number): number => {
  const candidates = lines.map((line, index) => ({ line, index })).filter(({ line }) => /^\s*(- )?[\w"']/.test(line));
  return candidates.length > 0 ? pick(candidates, random).index : 0;
};
const setValue = (line: string, value: string): string => (/:\s/.test(line) || /:$/.test(line) ? line.replace(/:(\s.*)?$/, `: ${value}`) : line.replace(/^(\s*- ).*$/, `$1${value}`));

const MUTATIONS: Record<string, Mutation> = {
  'drop a key': (lines, random) => {
    lines.splice(contentLine(lines, random), 1);
    return 'drop';
  },
  'duplicate a key': (lines, random) => {
    const index = contentLine(lines, random);
    lines.splice(index, 0, lines[index]);
    return 'duplicate';
  },
  'retype a value': (lines, random) => {
    const index = contentLine(lines, random);
    lines[index] = setValue(lines[index], pick(RETYPED, random));
    return 'retype';
  },
  'anchor and alias': (lines, random) => {
    const [first, second] = [contentLine(lines, random), contentLine(lines, random)];
    const name = pick(['a', 'b', 'x1'], random);
    lines[first] = lines[first].replace(/:\s(.+)$/, `: &${name} $1`).replace(/^(\s*- )(?!&)/, `$1&${name} `);
    lines[second] = setValue(lines[second], random() < 0.2 ? '*missing' : `*${name}`);
    return 'alias';
  },
  'merge key': (lines, random) => {
    const index = contentLine(lines, random);
    const indent = /^\s*/.exec(lines[index])![0].replace('- ', '  ');
    lines.splice(index, 0, `${indent}<<: ${pick(['*a', '{x: 1}', '[*a]', 'null'], random)}`);
    return 'merge';
  },
  'huge string': (lines, random) => {
    const index = contentLine(lines, random);
    lines[index] = setValue(lines[index], `"${'x'.repeat(50_000 + Math.floor(random() * 150_000))}"`);
    return 'huge';
  },
  'binary bytes': (lines, random) => {
    const index = contentLine(lines, random);
    const bytes = Array.from({ length: 1 + Math.floor(random() * 64) }, () => String.fromCharCode(Math.floor(random() * 256)));
    lines[index] = setValue(lines[index], bytes.join(''));
    return 'binary';
  },
  'shift indentation': (lines, random) => {
    const index = contentLine(lines, random);
    lines[index] = random() < 0.5 ? `  ${lines[index]}` : lines[index].replace(/^ {2}/, '');
    return 'indent';
  },
  'unclosed bracket': (lines, random) => {
    const index = contentLine(lines, random);
    lines[index] = setValue(lines[index], pick(['[a, b', '{a: 1', '"open', "'open"], random));
    return 'bracket';
  },
  'new key': (lines, random) => {
    const index = contentLine(lines, random);
    const indent = /^\s*/.exec(lines[index])![0].replace('- ', '  ');
    lines.splice(index, 0, `${indent}${pick(['"ke\\ny"', 'unknownKey', '? complex', '"a.b"', '<<'], random)}: ${pick(RETYPED, random)}`);
    return 'key';
  },
};

interface Outcome {
  kind: 'valid' | 'positioned' | 'not-text' | 'bad';
  detail?: string;
}

function outcome(bytes: Buffer): Outcome {
  try {
    parseConfigBytes(bytes, FILE);
    return { kind: 'valid' };
  } catch (error) {
    if (error instanceof ConfigFileError) {
      return error.message.startsWith(`${FILE}: not a YAML text file (`) && !error.message.includes('\n') ? { kind: 'not-text' } : { kind: 'bad', detail: error.message };
    }
    if (error instanceof ConfigError) {
      const lines = error.message.split('\n');
      const issues = lines.slice(1);
      const ok = /^fuzz\.yaml has \d+ issues?:$/.test(lines[0]) && issues.length === error.issues.length && issues.length > 0 && issues.every((line) => POSITIONED.test(line));
      return ok ? { kind: 'positioned' } : { kind: 'bad', detail: error.message.slice(0, 500) };
    }
    return { kind: 'bad', detail: `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500) };
  }
}

describe(`GIVEN ${CASES} mutated configs (seed ${SEED})`, () => {
  const random = rng(SEED);
  const results: { index: number; mutations: string[]; outcome: Outcome }[] = [];
  beforeAll(() => {
    const names = Object.keys(MUTATIONS);
    for (let index = 0; index < CASES; index += 1) {
      const lines = pick(BASES, random).split('\n');
      const count = 1 + Math.floor(random() * 3);
      const mutations = Array.from({ length: count }, () => {
        const name = pick(names, random);
        MUTATIONS[name](lines, random);
        return name;
      });
      // Binary mutations keep their raw bytes (latin1: one byte per character), the rest is UTF-8 text.
      const text = lines.join('\n');
      const bytes = mutations.includes('binary bytes') ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
      results.push({ index, mutations, outcome: outcome(bytes) });
    }
  });

  it('THEN every one is valid, or fails with positioned issues only, or is refused in one line as not YAML text', () => {
    expect(results.filter((result) => result.outcome.kind === 'bad')).toEqual([]);
  });

  it('THEN the mutations reach every outcome (the fuzzing is not vacuous)', () => {
    const kinds = new Set(results.map((result) => result.outcome.kind));
    expect([...kinds].sort()).toEqual(['not-text', 'positioned', 'valid']);
    for (const name of Object.keys(MUTATIONS)) expect([name, results.some((result) => result.mutations.includes(name))]).toEqual([name, true]);
  });
});
