// A minimal stand-in for the `vscode` module: just enough surface for activate() to run outside an
// editor, recording what the extension registers. Real editor behaviour is tested in test/e2e.
import * as path from 'node:path';

type Listener<T> = (value: T) => unknown;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T) {
    for (const listener of this.listeners) listener(value);
  }
  dispose() {
    this.listeners = [];
  }
}

const noEvent = () => ({ dispose() {} });

/** What the extension did to the stand-in. */
export interface Recorded {
  commands: Map<string, (...args: unknown[]) => unknown>;
  errors: string[];
  views: string[];
}

/**
 * `settings` holds user (global) values of grpcIpc.* by key without the prefix; the stand-in reads and
 * updates it like VS Code's configuration does for one scope.
 */
export function createVscodeStandIn(trusted = true, settings: Record<string, unknown> = {}): { vscode: Record<string, unknown>; recorded: Recorded } {
  const recorded: Recorded = { commands: new Map(), errors: [], views: [] };
  const channel = () => ({ info() {}, warn() {}, error() {}, trace() {}, debug() {}, appendLine() {}, show() {}, dispose() {} });
  const vscode = {
    EventEmitter,
    Disposable: class {
      constructor(private readonly fn: () => void) {}
      dispose() {
        this.fn();
      }
    },
    ThemeIcon: class {
      constructor(
        readonly id: string,
        readonly color?: unknown,
      ) {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    MarkdownString: class {
      constructor(readonly value = '') {}
    },
    TreeItem: class {
      constructor(
        readonly label: string,
        readonly collapsibleState?: number,
      ) {}
    },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    InputBoxValidationSeverity: { Info: 1, Warning: 2, Error: 3 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    Uri: class Uri {
      constructor(readonly fsPath: string) {}
      static file(fsPath: string) {
        return new Uri(fsPath);
      }
    },
    window: {
      createOutputChannel: channel,
      createTreeView: (id: string) => {
        recorded.views.push(id);
        return { visible: false, selection: [], onDidChangeVisibility: noEvent, reveal: async () => {}, dispose() {} };
      },
      createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
      registerWebviewPanelSerializer: () => ({ dispose() {} }),
      showErrorMessage: async (message: string) => {
        recorded.errors.push(message);
        return undefined;
      },
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
    },
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        if (recorded.commands.has(id)) throw new Error(`command ${id} registered twice`);
        recorded.commands.set(id, fn);
        return { dispose: () => recorded.commands.delete(id) };
      },
      executeCommand: async () => undefined,
    },
    workspace: {
      isTrusted: trusted,
      workspaceFolders: undefined,
      getConfiguration: () => ({
        get: (key: string, fallback: unknown) => (Object.hasOwn(settings, key) ? settings[key] : fallback),
        inspect: (key: string) => (Object.hasOwn(settings, key) ? { key, globalValue: settings[key] } : undefined),
        update: async (key: string, value: unknown) => void (settings[key] = value),
      }),
      createFileSystemWatcher: () => ({ onDidChange: noEvent, onDidCreate: noEvent, onDidDelete: noEvent, dispose() {} }),
      onDidChangeConfiguration: noEvent,
      onDidGrantWorkspaceTrust: noEvent,
    },
    env: { clipboard: { writeText: async () => {} } },
  };
  return { vscode, recorded };
}

/** An ExtensionContext with the fields the extension reads. */
export function createContext(root: string, storage: string) {
  const state = new Map<string, unknown>();
  return {
    subscriptions: [] as { dispose(): unknown }[],
    extensionPath: root,
    asAbsolutePath: (relative: string) => path.join(root, relative),
    storageUri: { fsPath: storage },
    globalStorageUri: { fsPath: storage },
    globalState: { get: (key: string, fallback?: unknown) => (state.has(key) ? state.get(key) : fallback), update: async (key: string, value: unknown) => void state.set(key, value), keys: () => [...state.keys()] },
  };
}

/**
 * Makes `require('vscode')` answer with the stand-in for the rest of this test process, so extension
 * modules (the panel's handlers, the guard) can be loaded from source and driven directly.
 */
export function installVscodeStandIn(vscode: unknown): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest);
  };
  Module._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
}
