/**
 * npm run preflight -- [--config FILE] [--json] [--concurrency N] [--roles deployment,plan] [--management-role deployment|plan]
 *
 * Read-only checks that the config can deploy into the live organization
 * (docs/preflight.md). Exit 0 ready, 1 problems found, 2 could not check.
 */
import { runPreflight } from './lib/preflight/run';

if (require.main === module) {
  void runPreflight(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
