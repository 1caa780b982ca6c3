#!/usr/bin/env node
// Which Node.js major CI must install so that the tests run on an engine that
// package.json declares (`engines.node`, alternatives of `^N` joined by `||`).
// Prints nothing when the running node (or --node-version vX.Y.Z) satisfies it,
// else the lowest declared major. Exit 2, one line, on an engines range it
// cannot read. Sourced through .ci/use-engine-node.sh; test/ops/ci-node.test.ts.
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');

function declaredMajors(range) {
  const majors = String(range)
    .split('||')
    .map((part) => /^\s*\^(\d+)(?:\.\d+){0,2}\s*$/.exec(part));
  if (majors.length === 0 || majors.some((match) => match === null)) return undefined;
  return majors.map((match) => Number(match[1])).sort((a, b) => a - b);
}

/** The major to install for `version` under `range`, or undefined when `version` satisfies it. */
function nodeMajorToInstall(range, version) {
  const majors = declaredMajors(range);
  if (majors === undefined) throw new Error(`engines.node "${range}" is not a list of ^N ranges joined by ||`);
  const running = Number(/^v?(\d+)\./.exec(version)?.[1]);
  return majors.includes(running) ? undefined : majors[0];
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--node-version');
  const version = at >= 0 ? args[at + 1] : process.version;
  const pkg = path.join(__dirname, '..', 'package.json');
  try {
    const major = nodeMajorToInstall(JSON.parse(readFileSync(pkg, 'utf8')).engines.node, version);
    if (major !== undefined) process.stdout.write(`${major}\n`);
  } catch (error) {
    process.stderr.write(`ci: ${error.message}\n`);
    process.exitCode = 2;
  }
}

module.exports = { nodeMajorToInstall };
