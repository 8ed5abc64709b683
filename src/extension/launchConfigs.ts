// Collects launch configurations from user settings, workspace settings and .vscode/grpc-ipc.json
// (in that order of precedence), honouring Workspace Trust.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatTarget } from '../ipc/endpoint';
import { mergeServerConfigs, resolveServerConfig, validateServerConfigs, type ConfigReport, type ServerConfig } from '../ipc/launch/config';
import type { VariableScope } from '../ipc/launch/variables';
import { parseJsonWithComments } from './jsonc';

export const LAUNCH_FILE = path.join('.vscode', 'grpc-ipc.json');

/** Every configured server, plus one sentence per problem found while reading them. */
export async function readLaunchConfigs(): Promise<ConfigReport> {
  const values = vscode.workspace.getConfiguration('grpcIpc').inspect<unknown>('servers');
  const reports: ConfigReport[] = [validateServerConfigs(values?.globalValue, 'user settings')];
  if (vscode.workspace.isTrusted) {
    reports.push(validateServerConfigs(values?.workspaceValue, 'workspace settings'));
    for (const folder of vscode.workspace.workspaceFolders ?? []) reports.push(await readLaunchFile(folder.uri.fsPath));
  }
  return mergeServerConfigs(...reports);
}

async function readLaunchFile(folder: string): Promise<ConfigReport> {
  const file = path.join(folder, LAUNCH_FILE);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    return { servers: [], problems: [] };
  }
  try {
    const parsed = parseJsonWithComments(text) as { servers?: unknown } | null;
    const report = validateServerConfigs(parsed?.servers, '.vscode/grpc-ipc.json');
    // Relative paths and ${workspaceFolder} in this file mean its own folder.
    for (const server of report.servers) server.cwd ??= folder;
    return report;
  } catch (error) {
    return { servers: [], problems: [`${file}: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

/** The values ${...} variables resolve to for a server; the folder is the one holding `cwd`, or the first. */
export function variableScope(cwd?: string): VariableScope {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const owner = (cwd && folders.find((folder) => isInside(cwd, folder.uri.fsPath))) || folders[0];
  return {
    workspaceFolder: owner?.uri.fsPath,
    workspaceFolders: Object.fromEntries(folders.map((folder) => [folder.name, folder.uri.fsPath])),
    userHome: os.homedir(),
    env: process.env,
    pid: process.pid,
  };
}

/** The server's listen target with its variables resolved, or as written when they do not resolve. */
export function listenAddress(server: ServerConfig): string {
  try {
    return formatTarget(resolveServerConfig(server, variableScope(server.cwd)).endpoint);
  } catch {
    return server.listen;
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** A starting point for .vscode/grpc-ipc.json. */
export const LAUNCH_FILE_TEMPLATE = `{
  // Servers gRPC IPC can start for you. See the "gRPC IPC" settings for every field.
  "servers": [
    {
      "name": "my-server",
      "command": "dotnet",
      "args": ["run", "--project", "src/Server"],
      "listen": "unix:\${workspaceFolder}/.sockets/server.sock",
      "readyTimeout": 30000
    }
  ]
}
`;
