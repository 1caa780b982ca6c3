/**
 * Loads a handler module when its command runs, so `--help` and usage errors
 * never load cdktf or the AWS SDK. A plain require: the executable registers
 * tsx for require (bin/signin-watch.js), and main.ts is then the same module
 * instance whether cdktf or the CLI started it.
 */
export function load<T>(resolved: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(resolved) as T;
}
