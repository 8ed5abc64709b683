// The .NET SDK for the dotnet tier (test/dotnet): whether it is installed, and the one build of the peers.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** No first-run banner and no telemetry, for the SDK and the programs it builds. */
export const DOTNET_ENV = { DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };

/** The SDK's version, or why the tier cannot run: `{ version }` or `{ reason }`. */
export function findDotnet() {
  const probe = spawnSync('dotnet', ['--version'], { env: { ...process.env, ...DOTNET_ENV }, encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { reason: 'no .NET SDK (`dotnet`) on PATH; install the .NET 10 SDK' };
  const version = probe.stdout.trim();
  if (Number(version.split('.')[0]) < 10) return { reason: `the .NET SDK is ${version}; the peers in test/dotnet need .NET 10` };
  return { version };
}

/**
 * Arguments for `dotnet` that restore and build the server and the client of test/dotnet into its
 * git-ignored artifacts/ folder, leaving no MSBuild or compiler server running afterwards.
 */
export function dotnetBuildArgs(root) {
  return ['build', path.join(root, 'test', 'dotnet', 'Peers.slnx'), '--disable-build-servers', '-v', 'quiet', '-nologo'];
}
