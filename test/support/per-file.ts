/**
 * jest setupFilesAfterEnv, run before every test file:
 * - removes the file's scratch directory after its last test (scratch.ts);
 * - drops the "signin-watch: acknowledged …" lines an in-process synth of the
 *   example config prints once per acknowledged finding (hundreds per run,
 *   each with jest's call-site trailer). test/stacks and test/rules assert
 *   them through the `report` option; every other console line still shows;
 * - points cdktf's default output (CDKTF_OUTDIR, read by every `new App()`
 *   without an outdir) at the file's scratch directory: a bare App creates
 *   cdktf.out/stacks in the working directory, the user's checkout.
 */
import { removeScratchDir, scratchDir } from './scratch';

// A worker runs many files: the variable set for an earlier file names its removed scratch directory, so it is set anew.
const SET_HERE = 'SIGNIN_WATCH_TEST_OUTDIR';
if (process.env.CDKTF_OUTDIR === undefined || process.env.CDKTF_OUTDIR === process.env[SET_HERE]) {
  process.env.CDKTF_OUTDIR = scratchDir('cdktf.out');
  process.env[SET_HERE] = process.env.CDKTF_OUTDIR;
}

export const ACKNOWLEDGEMENT_LINE = /^signin-watch: acknowledged /;

const log = console.log.bind(console);
console.log = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && ACKNOWLEDGEMENT_LINE.test(args[0])) return;
  log(...args);
};

afterAll(removeScratchDir);
