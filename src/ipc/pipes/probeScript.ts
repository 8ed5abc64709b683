// The PowerShell probe that asks Windows who serves a named pipe, and the parser for what it prints.
// PowerShell is the one tool every Windows has that can call GetNamedPipeServerProcessId without a
// native addon; its output is JSON so nothing depends on the console's language.

/** Who serves a pipe; null where Windows would not say, with the reason in unknownReason. */
export interface PipeIdentity {
  serverPid: number | null;
  /** The pipe's owner as Windows names it, e.g. `DESKTOP-1\alice` or `NT AUTHORITY\SYSTEM`. */
  owner: string | null;
  /** The server process's image name without `.exe`, when it could be read. */
  processName?: string | null;
  unknownReason?: string;
}

/** Environment variable that carries the pipe name, so the name is never spliced into script text. */
export const PIPE_NAME_VARIABLE = 'GRPC_IPC_PIPE_NAME';

/** Said when no PowerShell runs here (as under Wine, whose powershell.exe is a stub that prints nothing). */
export const POWERSHELL_UNAVAILABLE = 'unknown: PowerShell unavailable';

// CreateFileW with FILE_READ_ATTRIBUTES (0x80), OPEN_EXISTING (3) and SECURITY_SQOS_PRESENT (0x100000)
// with SECURITY_ANONYMOUS (0): the probe itself gives the server no identity to impersonate.
const script = String.raw`
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { }
$path = '\\.\pipe\' + $env:GRPC_IPC_PIPE_NAME
$result = [ordered]@{ serverPid = $null; processName = $null; owner = $null; openError = $null; pidError = $null; ownerError = $null }
# Get-Acl first; then the .NET Framework and the .NET (PowerShell 7) ways to read the same descriptor.
$ownerReaders = @(
  { (Get-Acl -LiteralPath $path).Owner },
  { [System.IO.File]::GetAccessControl($path).GetOwner([System.Security.Principal.NTAccount]).Value },
  { [System.IO.FileSystemAclExtensions]::GetAccessControl([System.IO.FileInfo]::new($path)).GetOwner([System.Security.Principal.NTAccount]).Value }
)
foreach ($reader in $ownerReaders) {
  try { $result.owner = & $reader } catch { if (-not $result.ownerError) { $result.ownerError = $_.Exception.Message } }
  if ($result.owner) { $result.ownerError = $null; break }
}
try {
  Add-Type -Namespace GrpcIpc -Name PipeProbe -MemberDefinition @'
[DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
public static extern Microsoft.Win32.SafeHandles.SafeFileHandle CreateFileW(string name, uint access, uint share, IntPtr security, uint disposition, uint flags, IntPtr template);
[DllImport("kernel32.dll", SetLastError = true)]
public static extern bool GetNamedPipeServerProcessId(Microsoft.Win32.SafeHandles.SafeFileHandle pipe, out uint processId);
'@
  $handle = [GrpcIpc.PipeProbe]::CreateFileW($path, 0x80, 0, [IntPtr]::Zero, 3, 0x100000, [IntPtr]::Zero)
  if ($handle.IsInvalid) {
    $result.openError = [Runtime.InteropServices.Marshal]::GetLastWin32Error()
  } else {
    $id = [uint32]0
    if ([GrpcIpc.PipeProbe]::GetNamedPipeServerProcessId($handle, [ref]$id)) {
      $result.serverPid = $id
      $process = Get-Process -Id $id -ErrorAction SilentlyContinue
      if ($process) { $result.processName = $process.ProcessName }
    } else {
      $result.pidError = 'GetNamedPipeServerProcessId failed with Win32 error ' + [Runtime.InteropServices.Marshal]::GetLastWin32Error()
    }
    $handle.Dispose()
  }
} catch { $result.pidError = $_.Exception.Message }
[pscustomobject]$result | ConvertTo-Json -Compress
`;

/** Arguments for powershell.exe or pwsh.exe; -EncodedCommand avoids Windows command-line quoting entirely. */
export function probeArguments(): string[] {
  return ['-NoLogo', '-NoProfile', '-NonInteractive', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')];
}

/** The raw fields the probe prints. */
interface ProbeFields {
  serverPid: unknown;
  processName: unknown;
  owner: unknown;
  openError: unknown;
  pidError: unknown;
  ownerError: unknown;
}

/** Win32 errors CreateFileW gives for a pipe, in words. */
const openErrors: Record<number, string> = {
  2: 'no pipe by that name is open',
  5: 'access to the pipe was denied',
  231: 'every instance of the pipe is busy',
};

/** Reads the probe's stdout. Empty output means PowerShell did not really run (Wine's stub exits 0 silently). */
export function parseProbeOutput(stdout: string, pipeName: string): PipeIdentity {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (!text) return { serverPid: null, owner: null, unknownReason: POWERSHELL_UNAVAILABLE };
  // Warnings or a profile's chatter can precede the JSON; the JSON object is the last line.
  const line = text
    .split(/\r?\n/)
    .reverse()
    .find((candidate) => candidate.trim().startsWith('{'));
  let fields: Partial<ProbeFields>;
  try {
    fields = JSON.parse(line ?? '') as Partial<ProbeFields>;
  } catch {
    return {
      serverPid: null,
      owner: null,
      unknownReason: `unknown: PowerShell printed something other than the probe's JSON: ${clip(text)}`,
    };
  }
  const serverPid =
    typeof fields.serverPid === 'number' && Number.isInteger(fields.serverPid) && fields.serverPid > 0 ? fields.serverPid : null;
  const owner = typeof fields.owner === 'string' && fields.owner ? fields.owner : null;
  const processName = typeof fields.processName === 'string' && fields.processName ? fields.processName : null;
  const reasons: string[] = [];
  if (serverPid === null) {
    if (typeof fields.openError === 'number')
      reasons.push(
        `server process: ${openErrors[fields.openError] ?? `opening \\\\.\\pipe\\${pipeName} failed with Win32 error ${fields.openError}`}`,
      );
    else reasons.push(`server process: ${typeof fields.pidError === 'string' ? fields.pidError : 'Windows did not say'}`);
  }
  if (owner === null) reasons.push(`owner: ${typeof fields.ownerError === 'string' ? fields.ownerError : 'Windows did not say'}`);
  const identity: PipeIdentity = { serverPid, owner, processName };
  if (reasons.length) identity.unknownReason = `unknown: ${reasons.join('; ')}`;
  return identity;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}
