/**
 * Builds every stack of the organization into a cdktf App.
 */
import { App } from 'cdktf';
import type { OrgConfig } from '../config/schema';

export interface BuildResult {
  app: App;
  stackNames: string[];
}

export function buildApp(_config: OrgConfig, outdir: string): BuildResult {
  const app = new App({ outdir, skipValidation: false });
  const stackNames: string[] = [];
  return { app, stackNames };
}
