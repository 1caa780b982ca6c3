/**
 * The alert engine's deployment package, built at synth time: esbuild bundles
 * detection/alerts/handler.ts (with the engine it imports) into one index.js,
 * and the config's engine model is written beside it as engine-model.json.
 * Both go into a deterministic zip (zip.ts). The code does not depend on the
 * config and is bundled once per process; the model does.
 *
 * Size: the model holds every account's id, name and tags (about 60-80 bytes
 * an account), so 5,000 accounts add about 0.4 MB to the package, far below
 * Lambda's 50 MB zipped / 250 MB unzipped deployment package quotas (Lambda
 * developer guide, "Lambda quotas"); an environment variable could not hold
 * it (4 KB for all variables, same page). The bench/test prints the sizes.
 */
import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OrgConfig } from '../../config/schema';
import { engineModel } from '../../detection/alerts/model';
import { MODEL_FILE } from '../../detection/alerts/handler';
import { writeZip, type ZipEntry } from './zip';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const HANDLER_ENTRY = path.join(REPO_ROOT, 'detection', 'alerts', 'handler.ts');
/** The scheduled digest function (stacks/constructs/digest-function.ts): its own bundle and zip, same model file. */
export const DIGEST_HANDLER_ENTRY = path.join(REPO_ROOT, 'detection', 'alerts', 'digest-handler.ts');
/** Lambda handler setting: index.js, export `handler`. */
export const LAMBDA_HANDLER = 'index.handler';
/** The Node.js runtime the bundle targets and the function runs (Lambda runtimes: nodejs22.x). */
export const LAMBDA_RUNTIME = 'nodejs22.x';
const ESBUILD_TARGET = 'node22';

const bundles = new Map<string, Buffer>();

/** index.js of one entry point: it and everything it imports, except the AWS SDK the runtime provides. Bundled once per process. */
export function bundledCode(entry: string): Buffer {
  let code = bundles.get(entry);
  if (!code) {
    const result = buildSync({
      entryPoints: [entry],
      absWorkingDir: REPO_ROOT,
      bundle: true,
      platform: 'node',
      target: ESBUILD_TARGET,
      format: 'cjs',
      external: ['@aws-sdk/*'],
      write: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    code = Buffer.from(result.outputFiles[0].contents);
    bundles.set(entry, code);
  }
  return code;
}

/** index.js of the alert engine (or of another entry point). */
export function engineCode(entry = HANDLER_ENTRY): Buffer {
  return bundledCode(entry);
}

export interface EnginePackage {
  files: ZipEntry[];
  zip: Buffer;
  /** base64 SHA-256 of the zip: Lambda's CodeSha256 form, used as source_code_hash. */
  sha256: string;
  /** Absolute path of the zip on disk (content-addressed in the OS temp directory). */
  zipPath: string;
}

/** The package of a config: code + model, zipped and written once per content. */
export function enginePackage(config: OrgConfig): EnginePackage {
  return modelPackage(config, HANDLER_ENTRY, 'alert-engine');
}

/** The digest function's package: its own code, the same model. */
export function digestPackage(config: OrgConfig): EnginePackage {
  return modelPackage(config, DIGEST_HANDLER_ENTRY, 'digest');
}

function modelPackage(config: OrgConfig, entry: string, name: string): EnginePackage {
  return lambdaPackage(name, [
    { name: 'index.js', data: bundledCode(entry) },
    { name: MODEL_FILE, data: Buffer.from(`${JSON.stringify(engineModel(config))}\n`, 'utf8') },
  ]);
}

/** A deterministic zip of `files`, written once per content under the OS temp directory. */
export function lambdaPackage(name: string, files: ZipEntry[]): EnginePackage {
  const zip = writeZip(files);
  const sha256 = createHash('sha256').update(zip).digest('base64');
  const hex = createHash('sha256').update(zip).digest('hex').slice(0, 16);
  // One content-addressed cache directory for every package (test/support/working-tree.ts keeps it).
  const directory = path.join(os.tmpdir(), 'signin-watch-alert-engine', name === 'alert-engine' ? hex : `${name}-${hex}`);
  const zipPath = path.join(directory, `${name}.zip`);
  if (!existsSync(zipPath)) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(zipPath, zip);
  }
  return { files, zip, sha256, zipPath };
}
