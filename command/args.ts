/**
 * Minimal command-line parsing still used inside the preflight and cost
 * handlers (they landed with it). The `signin-watch` CLI parses their options
 * with commander first (cli/commands/preflight.ts, cost.ts) and hands them the
 * rebuilt argument list; new code should take parsed options instead.
 * UsageError is the CLI's own, so both report usage mistakes the same way.
 */
import { UsageError } from './io';

export { UsageError };

export interface OptionSpec {
  /** Options that take a value. */
  values: readonly string[];
  /** Options that are on or off. */
  flags?: readonly string[];
}

export interface ParsedArgs {
  values: Record<string, string>;
  flags: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const parsed: ParsedArgs = { values: {}, flags: new Set() };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (spec.flags?.includes(name)) {
      parsed.flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = inline ?? argv[(index += 1)];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      parsed.values[name] = value;
    } else {
      const known = [...spec.values, ...(spec.flags ?? [])].map((option) => `--${option}`).join(', ');
      throw new UsageError(`unknown option --${name} (known: ${known})`);
    }
  }
  return parsed;
}

/**
 * Runs a synchronous command's `main(argv)` when its file is the script:
 * the return value is the exit code; an error prints `<name>: message` on
 * stderr (and `usage: ...` after a UsageError) and exits 2.
 */
export function runCli(name: string, main: (argv: string[]) => number, usage?: string): void {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (usage && error instanceof UsageError) process.stderr.write(`usage: ${usage}\n`);
    process.exitCode = 2;
  }
}
