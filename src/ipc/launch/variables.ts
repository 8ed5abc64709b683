// ${...} substitution for launch configurations, with the names VS Code users already know.
import { IpcError } from '../errors';

/** What the variables in a launch configuration can refer to. */
export interface VariableScope {
  /** The folder the configuration belongs to (or the first one); absent in an empty window. */
  workspaceFolder?: string;
  /** Every open folder by its name, for ${workspaceFolder:name}. */
  workspaceFolders?: Record<string, string>;
  userHome: string;
  env: Record<string, string | undefined>;
  /** The pid of the process that launches, handy for unique socket names. */
  pid: number;
}

const VARIABLE = /\$\{([^}]*)\}/g;

/** Replaces ${workspaceFolder}, ${workspaceFolder:name}, ${workspaceFolderBasename}, ${userHome}, ${env:X} and ${pid}. */
export function substituteVariables(text: string, scope: VariableScope): string {
  return text.replace(VARIABLE, (_whole, name: string) => resolveVariable(name, scope, text));
}

function resolveVariable(name: string, scope: VariableScope, text: string): string {
  if (name.startsWith('env:')) return scope.env[name.slice(4)] ?? '';
  if (name.startsWith('workspaceFolder:')) {
    const folder = scope.workspaceFolders?.[name.slice('workspaceFolder:'.length)];
    if (folder === undefined)
      throw new IpcError(
        'usage',
        `No open folder is named "${name.slice(16)}" (in "${text}").`,
        `Open folders: ${Object.keys(scope.workspaceFolders ?? {}).join(', ') || 'none'}.`,
      );
    return folder;
  }
  switch (name) {
    case 'workspaceFolder':
    case 'workspaceRoot':
      if (scope.workspaceFolder === undefined)
        throw new IpcError(
          'usage',
          `"${text}" uses \${workspaceFolder}, but no folder is open.`,
          'Open a folder, or use an absolute path.',
        );
      return scope.workspaceFolder;
    case 'workspaceFolderBasename':
      if (scope.workspaceFolder === undefined)
        throw new IpcError(
          'usage',
          `"${text}" uses \${workspaceFolderBasename}, but no folder is open.`,
          'Open a folder, or use an absolute path.',
        );
      return scope.workspaceFolder.split(/[\\/]/).filter(Boolean).pop() ?? '';
    case 'userHome':
      return scope.userHome;
    case 'pid':
      return String(scope.pid);
    default:
      throw new IpcError(
        'usage',
        `Unknown variable \${${name}} in "${text}".`,
        'Known: ${workspaceFolder}, ${workspaceFolder:name}, ${workspaceFolderBasename}, ${userHome}, ${env:NAME}, ${pid}.',
      );
  }
}
