/**
 * What `npm run cdktf -- synth` runs (cdktf.json: `npx tsx main.ts`): the same
 * command line as `signin-watch synth` (synth/run.ts).
 */
if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runCli } = require('./cli/program') as typeof import('./cli/program');
  void runCli(['synth', ...process.argv.slice(2)]).then((code) => {
    process.exitCode = code;
  });
}
