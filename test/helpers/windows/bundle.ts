// Bundles a TypeScript entry into one CommonJS file that Windows Node can run, as the CLI build does.
import * as path from 'node:path';
import { buildSync } from 'esbuild';

export function bundleForWindows(entry: string, dir: string): string {
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}.cjs`);
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
  return outfile;
}
