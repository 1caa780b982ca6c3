#!/usr/bin/env node
// The `signin-watch` executable: TypeScript sources run through tsx, registered
// in this process (no child process, so Ctrl-C stops a synth at once).
'use strict';
require('tsx/cjs/api').register();
const { runCli } = require('../cli/program.ts');
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
