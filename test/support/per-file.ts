/**
 * jest setupFilesAfterEnv, run before every test file:
 * - removes the file's scratch directory after its last test (scratch.ts);
 * - drops the "signin-watch: acknowledged …" lines an in-process synth of the
 *   example config prints once per acknowledged finding (hundreds per run,
 *   each with jest's call-site trailer). test/stacks and test/rules assert
 *   them through the `report` option; every other console line still shows.
 */
import { removeScratchDir } from './scratch';

export const ACKNOWLEDGEMENT_LINE = /^signin-watch: acknowledged /;

const log = console.log.bind(console);
console.log = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && ACKNOWLEDGEMENT_LINE.test(args[0])) return;
  log(...args);
};

afterAll(removeScratchDir);
