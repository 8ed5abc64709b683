// Types for scripts/tools.mjs, so the TypeScript test harness can import it.
/** The folder tools are installed into: $GRPC_IPC_TOOLS, or `.tools` in the repository. */
export function toolsDir(): string;
/** Installs Node 22 (npm package `node@22`) if missing. */
export function ensureNode22(): Promise<{ binDir: string; node: string; version: string }>;
/** Installs code-server on Node 22 if missing; run it as `spawn(node, [entry, ...args], { env })`. */
export function ensureCodeServer(): Promise<{ entry: string; node: string; binDir: string; version: string; env: NodeJS.ProcessEnv }>;
export const CODE_SERVER_VERSION: string;
/** Path of a Chromium to drive, or undefined when none is installed. */
export function findChromium(): string | undefined;
/** Flags for a headless Chromium in a container. */
export const CHROMIUM_FLAGS: string[];
/** Stops a child spawned with `detached: true` and every descendant it started: SIGTERM, then SIGKILL after graceMs. */
export function stopProcessTree(child: import('node:child_process').ChildProcess, graceMs?: number): Promise<void>;
/** No first-run banner and no telemetry, for the .NET SDK and the programs it builds. */
export const DOTNET_ENV: Record<string, string>;
/** The .NET SDK's version, or why the dotnet tier cannot run. */
export function findDotnet(): { version: string; reason?: undefined } | { reason: string; version?: undefined };
/** Arguments for `dotnet` that build the peers of test/dotnet (repository root given). */
export function dotnetBuildArgs(root: string): string[];
