// A minimal stand-in for the `vscode` module: just enough surface for activate(), the settings reader and
// the request panel's host to run outside an editor, recording what the extension does. Real editor
// behaviour is tested in test/e2e; vscodeModule.ts makes `import 'vscode'` load it.
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
  /** Text written to the clipboard. */
  clipboard: string[];
  /** Lines written to output channels, as `level: text`. */
  logs: string[];
  /** Commands run through vscode.commands.executeCommand. */
  executed: string[];
  /** Each tree view's data provider, by view id. */
  trees: Map<string, { getChildren(node?: unknown): Promise<unknown[]> }>;
}

/** Setting values by full key (`grpcIpc.tls.pins`), as the user and the workspace set them. */
export interface StandInSettings {
  user?: Record<string, unknown>;
  workspace?: Record<string, unknown>;
}

export function createVscodeStandIn(
  trusted = true,
  settings: StandInSettings = {},
): { vscode: Record<string, unknown>; recorded: Recorded; settings: Required<StandInSettings> } {
  const recorded: Recorded = { commands: new Map(), errors: [], views: [], clipboard: [], logs: [], executed: [], trees: new Map() };
  const values = { user: { ...settings.user }, workspace: { ...settings.workspace } };
  const log = (level: string) => (text: string) => void recorded.logs.push(`${level}: ${text}`);
  const channel = () => ({
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    trace() {},
    debug() {},
    appendLine: log('line'),
    show() {},
    dispose() {},
  });
  const has = (scope: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(scope, key);
  /** Like VS Code: a workspace value wins over the user's, which wins over the default. */
  const configuration = (section?: string) => {
    const full = (key: string) => (section ? `${section}.${key}` : key);
    return {
      get: (key: string, fallback?: unknown) =>
        has(values.workspace, full(key)) ? values.workspace[full(key)] : has(values.user, full(key)) ? values.user[full(key)] : fallback,
      inspect: (key: string) => ({ key: full(key), globalValue: values.user[full(key)], workspaceValue: values.workspace[full(key)] }),
      has: (key: string) => has(values.workspace, full(key)) || has(values.user, full(key)),
      update: async (key: string, value: unknown, target?: number) => {
        (target === 2 || target === 3 ? values.workspace : values.user)[full(key)] = value;
      },
    };
  };
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
      static joinPath(base: { fsPath: string }, ...parts: string[]) {
        return new Uri(path.join(base.fsPath, ...parts));
      }
      toString() {
        return `file://${this.fsPath}`;
      }
    },
    ViewColumn: { Active: -1, One: 1 },
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
      executeCommand: async (id: string) => void recorded.executed.push(id),
    },
    workspace: {
      isTrusted: trusted,
      workspaceFolders: undefined,
      getConfiguration: configuration,
      createFileSystemWatcher: () => ({ onDidChange: noEvent, onDidCreate: noEvent, onDidDelete: noEvent, dispose() {} }),
      onDidChangeConfiguration: noEvent,
      onDidGrantWorkspaceTrust: noEvent,
    },
    env: { clipboard: { writeText: async (text: string) => void recorded.clipboard.push(text) } },
  };
  return { vscode, recorded, settings: values };
}

/** A webview panel for the panel host: `send` is a message from the webview, `posted` what the host sent. */
export function createWebviewPanelStandIn() {
  const received = new EventEmitter<unknown>();
  const disposed = new EventEmitter<void>();
  const posted: Record<string, unknown>[] = [];
  const panel = {
    webview: {
      options: {},
      html: '',
      cspSource: 'vscode-webview:',
      asWebviewUri: (uri: unknown) => uri,
      postMessage: async (message: Record<string, unknown>) => void posted.push(message),
      onDidReceiveMessage: received.event,
    },
    onDidDispose: disposed.event,
    onDidChangeViewState: noEvent,
    visible: true,
    reveal() {},
    dispose: () => disposed.fire(),
  };
  let nextId = 1;
  return {
    panel,
    posted,
    send: (message: unknown) => received.fire(message),
    /** Sends a request as the webview does and resolves with the host's reply (bounded generously). */
    async request(name: string, params: unknown, raw?: Record<string, unknown>): Promise<Record<string, unknown>> {
      const id = nextId++;
      received.fire(raw ?? { type: 'request', id, name, params });
      const id2 = (raw?.id as number | undefined) ?? id;
      for (let waited = 0; waited < 30_000; waited += 10) {
        const reply = posted.find((message) => message.type === 'reply' && message.inReplyTo === id2);
        if (reply) return reply;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no reply to ${name}`);
    },
  };
}

/** An ExtensionContext with the fields the extension reads. */
export function createContext(root: string, storage: string) {
  const state = new Map<string, unknown>();
  const workspace = new Map<string, unknown>();
  return {
    subscriptions: [] as { dispose(): unknown }[],
    extensionPath: root,
    extensionUri: { fsPath: root },
    workspaceState: {
      get: (key: string, fallback?: unknown) => (workspace.has(key) ? workspace.get(key) : fallback),
      update: async (key: string, value: unknown) => void workspace.set(key, value),
      keys: () => [...workspace.keys()],
    },
    asAbsolutePath: (relative: string) => path.join(root, relative),
    storageUri: { fsPath: storage },
    globalStorageUri: { fsPath: storage },
    globalState: {
      get: (key: string, fallback?: unknown) => (state.has(key) ? state.get(key) : fallback),
      update: async (key: string, value: unknown) => void state.set(key, value),
      keys: () => [...state.keys()],
    },
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
