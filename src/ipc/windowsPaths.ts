// Absolute paths of the Windows programs we run. Windows looks for a bare program name in the working
// folder before PATH, so a taskkill.exe or pwsh.exe dropped into a workspace would run instead.
import * as path from 'node:path';

/** The Windows folder from the environment, only when it is an absolute drive path; C:\Windows otherwise. */
function windowsFolder(env: NodeJS.ProcessEnv): string {
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? '';
  return /^[A-Za-z]:\\/.test(root) ? root : 'C:\\Windows';
}

/** A program in System32, e.g. `systemProgram('taskkill.exe')`. */
export function systemProgram(relative: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.win32.join(windowsFolder(env), 'System32', relative);
}

/** PowerShell 7 where its installer puts it, under Program Files. */
export function pwshProgram(env: NodeJS.ProcessEnv = process.env): string {
  const programFiles = env.ProgramW6432 ?? env.ProgramFiles ?? '';
  const folder = /^[A-Za-z]:\\/.test(programFiles) ? programFiles : 'C:\\Program Files';
  return path.win32.join(folder, 'PowerShell', '7', 'pwsh.exe');
}
