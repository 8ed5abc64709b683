// Finds who serves a Windows named pipe before anything is sent on it: the server's process id and the
// pipe's owner. A Node pipe client lets the server impersonate it (see impersonation.ts), so this check is
// the protection we have.
import { spawn } from 'node:child_process';
import { PIPE_NAME_VARIABLE, POWERSHELL_UNAVAILABLE, parseProbeOutput, probeArguments, type PipeIdentity } from './probeScript';
import { pwshProgram, systemProgram } from '../windowsPaths';

/** How inspectPipe runs the probe; tests and unusual installs can change it. */
export interface InspectPipeOptions {
  /** Milliseconds before the probe is abandoned. Add-Type compiles C#, which takes a second or two cold. */
  timeoutMs?: number;
  /** PowerShell executables to try in order; the first that starts is used. */
  executables?: string[];
  platform?: NodeJS.Platform;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

/**
 * Windows PowerShell, then PowerShell 7, each by absolute path in the system folders only, so a
 * powershell.exe or pwsh.exe in the working folder or early on PATH is never run.
 */
export function powershellCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [systemProgram('WindowsPowerShell\\v1.0\\powershell.exe', env), pwshProgram(env)];
}

/** Who serves the pipe `\\.\pipe\<name>`. Never throws: what cannot be found out is said in unknownReason. */
export async function inspectPipe(name: string, options: InspectPipeOptions = {}): Promise<PipeIdentity> {
  const platform = options.platform ?? process.platform;
  if (platform !== 'win32') return { serverPid: null, owner: null, unknownReason: 'unknown: named pipes exist only on Windows' };
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  for (const executable of options.executables ?? powershellCandidates()) {
    const run = await runProbe(executable, name, timeoutMs);
    if (run.kind === 'not-found') continue;
    if (run.kind === 'timeout')
      return { serverPid: null, owner: null, unknownReason: `unknown: PowerShell did not answer within ${timeoutMs} ms` };
    if (run.kind === 'failed') return { serverPid: null, owner: null, unknownReason: `unknown: PowerShell failed: ${run.message}` };
    return parseProbeOutput(run.stdout, name);
  }
  return { serverPid: null, owner: null, unknownReason: POWERSHELL_UNAVAILABLE };
}

type ProbeRun = { kind: 'done'; stdout: string } | { kind: 'not-found' } | { kind: 'timeout' } | { kind: 'failed'; message: string };

function runProbe(executable: string, pipeName: string, timeoutMs: number): Promise<ProbeRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (run: ProbeRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(run);
    };
    const child = spawn(executable, probeArguments(), {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      env: { ...process.env, [PIPE_NAME_VARIABLE]: pipeName },
    });
    const timer = setTimeout(() => {
      child.kill();
      finish({ kind: 'timeout' });
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ENOENT' ? { kind: 'not-found' } : { kind: 'failed', message: error.message }),
    );
    child.on('close', (code) => {
      if (code === 0 || stdout.trim()) finish({ kind: 'done', stdout });
      else finish({ kind: 'failed', message: `exit code ${code}${stderr.trim() ? `: ${stderr.trim().slice(0, 300)}` : ''}` });
    });
  });
}
