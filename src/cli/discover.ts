// grpc-ipc discover: the local gRPC endpoints, as a table or as JSON.
// Loads nothing heavy: grpc-js and node:http2 are imported only when probing.
import { accessSync, constants, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { discoverReport, visibleEndpoints, type DiscoveredEndpoint } from '../ipc/discovery/discover';
import { MAX_DEADLINE_MS } from '../ipc/deadline';
import { IpcError } from '../ipc/errors';
import { escapeControls } from '../ipc/text';
import { printError, writeOutput } from './output';

const USAGE = `Usage: grpc-ipc discover [--json] [--dir DIR ...] [--workspace DIR ...] [--no-probe] [--probe-deadline MS] [--all]
  --json        print a JSON array, one object per endpoint
  --dir DIR     also scan DIR (two levels deep); repeatable
  --workspace DIR  scan DIR like a workspace folder (deeper, skipping node_modules and .git)
  --no-probe    do not connect to listeners to check for gRPC (fast)
  --probe-deadline MS  how long each probe may take (default 300)
  --all         also list stale socket files and non-gRPC listeners (X11, D-Bus, ...)
Without --all: after probing, only gRPC servers are listed; with --no-probe, every endpoint except
well-known system sockets, with gRPC unknown.`;

const flags = {
  json: { type: 'boolean' },
  dir: { type: 'string', multiple: true },
  workspace: { type: 'string', multiple: true },
  'no-probe': { type: 'boolean' },
  'probe-deadline': { type: 'string' },
  all: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function discoverCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: flags, allowPositionals: false, strict: true }));
  } catch (error) {
    throw new IpcError('usage', (error as Error).message.split('\n')[0], `\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const probe = !values['no-probe'];
  const probeDeadlineMs = values['probe-deadline'] === undefined ? undefined : Number(values['probe-deadline']);
  if (probeDeadlineMs !== undefined && !(probeDeadlineMs > 0 && probeDeadlineMs <= MAX_DEADLINE_MS))
    throw new IpcError(
      'usage',
      `--probe-deadline needs a number of milliseconds from 1 to ${MAX_DEADLINE_MS}, not "${values['probe-deadline']}".`,
      `\n${USAGE}`,
    );
  for (const dir of values.dir ?? []) warnIfNotAFolder(dir);
  const report = await discoverReport({ dirs: values.dir, workspaceFolders: values.workspace, probe, probeDeadlineMs });
  for (const warning of report.warnings) printError(`grpc-ipc: warning: ${warning.message}`);
  const shown = visibleEndpoints(report.endpoints, { all: values.all === true, probed: probe }).sort(byAddress);
  writeOutput(values.json ? `${JSON.stringify(shown, null, 2)}\n` : formatTable(shown, probe));
  return 0;
}

/** A --dir that cannot be scanned would be skipped without a word; say so on stderr. */
function warnIfNotAFolder(dir: string): void {
  try {
    if (!statSync(dir).isDirectory()) printError(`grpc-ipc: warning: --dir ${dir} is not a folder; it was skipped.`);
    else accessSync(dir, constants.R_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code})`;
    printError(`grpc-ipc: warning: --dir ${dir} ${why}; it was skipped.`);
  }
}

/** Plain code-unit order: stable, and far cheaper than localeCompare over a thousand entries. */
function byAddress(a: DiscoveredEndpoint, b: DiscoveredEndpoint): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

function state(endpoint: DiscoveredEndpoint): string {
  if (endpoint.stale) return 'stale';
  return endpoint.listening ? 'listening' : 'unknown';
}

function grpcColumn(endpoint: DiscoveredEndpoint, probed: boolean): string {
  if (!endpoint.grpc) return probed && endpoint.listening ? 'no' : '?';
  const { reflection, services, health } = endpoint.grpc;
  const parts = [health.toLowerCase()];
  if (reflection) parts.push(`reflection ${reflection}`, services.join(',') || 'no services');
  return parts.join('; ');
}

/** A plain aligned table; the last column (warnings) may run long. */
export function formatTable(endpoints: DiscoveredEndpoint[], probed: boolean): string {
  if (endpoints.length === 0)
    return probed ? 'No gRPC endpoints found. Try --all to see every socket, or --dir DIR.\n' : 'No endpoints found.\n';
  const rows = endpoints.map((e) =>
    [
      e.address,
      state(e),
      e.pid === null ? '-' : String(e.pid),
      shorten(e.command ?? '-', 32),
      e.user ?? (e.uid === null ? '-' : String(e.uid)),
      e.mode ?? '-',
      grpcColumn(e, probed),
      e.warnings.map((w) => w.code).join(',') || '-',
    ].map(escapeControls),
  ); // socket names and commands come from any local user
  const header = ['ADDRESS', 'STATE', 'PID', 'COMMAND', 'OWNER', 'MODE', 'GRPC', 'WARNINGS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function shorten(text: string, max: number): string {
  const oneLine = escapeControls(text.replace(/[ \t\n]+/g, ' '));
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
