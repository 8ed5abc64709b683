// A minimal stand-in for the `vscode` module: just enough surface for activate() to run outside an
// editor, recording what the extension registers. Real editor behaviour is tested in test/e2e.
import Module from 'node:module';
import type { TestContext } from 'node:test';
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
  /** Each tree view's data provider, by view id. */
  trees: Map<string, { getChildren(node?: unknown): Promise<unknown[]> }>;
}

/** `settings` answers getConfiguration('grpcIpc').get(key), by key without the prefix. */
export function createVscodeStandIn(trusted = true, settings: Record<string, unknown> = {}): { vscode: Record<string, unknown>; recorded: Recorded } {
  const recorded: Recorded = { commands: new Map(), errors: [], views: [], trees: new Map() };
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
    Uri: class Uri {
      constructor(readonly fsPath: string) {}
      static file(fsPath: string) {
        return new Uri(fsPath);
      }
    },
    window: {
      createOutputChannel: channel,
      createTreeView: (id: string, options: { treeDataProvider: Recorded['trees'] extends Map<string, infer P> ? P : never }) => {
        recorded.views.push(id);
        recorded.trees.set(id, options.treeDataProvider);
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
      getConfiguration: () => ({ get: (key: string, fallback: unknown) => (key in settings ? settings[key] : fallback), inspect: () => undefined }),
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
 * Answers `require('vscode')` with the stand-in until the test ends, so extension modules (and the
 * lazy half of a bundle, which requires `vscode` again on first use) load outside an editor.
 */
export function answerVscodeWith(t: TestContext, vscode: unknown): void {
  const load = Module.createRequire(__filename);
  const moduleApi = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = moduleApi._resolveFilename;
  moduleApi._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest);
  };
  load.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as NodeJS.Module;
  t.after(() => {
    moduleApi._resolveFilename = original;
    delete load.cache.vscode;
  });
}
