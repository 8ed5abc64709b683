// Types for scripts/vsix.mjs, so the TypeScript tests can import it.
export interface Package {
  name: string;
  file: string;
  native: boolean;
  target?: string;
}
export const NATIVE_FILE: string;
export const NATIVE_TARGET: string;
/** The packages `npm run package` makes on this platform; the first is grpc-ipc.vsix. */
export function packagesFor(platform?: string, arch?: string): Package[];
/** Every file a package must hold, as project paths, sorted. */
export function expectedFiles(options: { native: boolean }): string[];
/** The ignore file vsce uses for this package (written into `dir` when it differs from .vscodeignore). */
export function ignoreFileFor(pkg: Package, dir: string): string;
/** The project paths a VSIX holds, sorted. */
export function vsixFiles(file: string): Promise<string[]>;
/** What differs between a list of files and what a package must hold; empty when they match. */
export function contentProblems(actual: string[], options: { native: boolean }): string[];
