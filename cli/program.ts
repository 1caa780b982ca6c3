/**
 * The `signin-watch` command line: one commander program, one file per verb
 * under cli/commands/ (parsing only; each calls a handler that tests call
 * directly). Modelled on cdktf-cli's bin/cmds/*.ts.
 *
 * Strict like terraform, aws and gh: an unknown option, a missing option value
 * or an unexpected positional argument is a usage error (exit 2) reported
 * before any handler runs, so it writes nothing and removes nothing.
 */
import { Command, CommanderError } from 'commander';
import { describeError, EXIT_USAGE, PROCESS_IO, UsageError, type CommandIo } from '../command/io';
import * as bench from './commands/bench';
import * as changedStacks from './commands/changed-stacks';
import * as classify from './commands/classify';
import * as cost from './commands/cost';
import * as coverage from './commands/coverage';
import * as digest from './commands/digest';
import * as drift from './commands/drift';
import * as health from './commands/health';
import * as planSummary from './commands/plan-summary';
import * as preflight from './commands/preflight';
import * as synth from './commands/synth';
import * as terraformStacks from './commands/terraform-stacks';
import * as verify from './commands/verify';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = (require('../package.json') as { version: string }).version;

export const PROGRAM_NAME = 'signin-watch';

/** What a command file gets: the IO to hand its handler, and the wrapper that turns the handler's result into the exit code. */
export interface CommandContext {
  io: CommandIo;
  /** Wraps a handler: its return value becomes the exit code; a UsageError exits 2 with a pointer to --help. */
  action<A extends unknown[]>(verb: string, handler: (...args: A) => number | Promise<number>): (...args: A) => Promise<void>;
}

/** The command files, in the order `--help` lists them. */
const COMMANDS = [synth, classify, digest, health, coverage, drift, preflight, cost, changedStacks, verify, bench, terraformStacks, planSummary];

export interface BuildOptions {
  /** Parse only: record each command's arguments instead of running its handler (the docs test checks documented commands this way). */
  dryRun?: (verb: string, args: unknown[]) => void;
}

export function buildProgram(io: CommandIo, setCode: (code: number) => void, build: BuildOptions = {}): Command {
  const program = new Command(PROGRAM_NAME)
    .description('Real-time alerts for every AWS console sign-in across an AWS Organization (CDK for Terraform).')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)')
    .allowExcessArguments(false);
  const context: CommandContext = {
    io,
    action: (verb, handler) => async (...args) => {
      if (build.dryRun) {
        build.dryRun(verb, args);
        setCode(0);
        return;
      }
      try {
        setCode(await handler(...args));
      } catch (error) {
        io.err(`${PROGRAM_NAME} ${verb}: ${describeError(error)}\n`);
        if (error instanceof UsageError) io.err(`(run ${PROGRAM_NAME} ${verb} --help for usage)\n`);
        setCode(EXIT_USAGE);
      }
    },
  };
  for (const command of COMMANDS) command.register(program, context);
  for (const command of program.commands) {
    // Inherited settings cover exitOverride and output; excess arguments are refused explicitly on each.
    command.allowExcessArguments(false).allowUnknownOption(false);
  }
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CommandIo = PROCESS_IO, build: BuildOptions = {}): Promise<number> {
  let code = 0;
  const program = buildProgram(
    io,
    (value) => {
      code = value;
    },
    build,
  );
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every parsing error (and a bare `signin-watch`) is a usage error.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    throw error;
  }
}
