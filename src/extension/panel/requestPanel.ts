// Entry points for the request panel: open it (from a command, a tree item or a saved request file)
// and bring it back after a reload. ../openPanel.ts loads this module on first use, so activation
// never pulls in grpc-js or protobuf.
import * as vscode from 'vscode';
import type { PanelInit, TargetDraft } from '../../shared/protocol';
import { draftFromEndpoint, endpointFromDraft, type Endpoint, formatTarget, parseTarget } from '../../ipc/endpoint';
import { REQUEST_PANEL_VIEW_TYPE } from '../panelViewType';
import { type PanelContext, RequestPanel } from './panel';
import { readSavedRequest } from './savedRequest';

export type { PanelContext } from './panel';

let current: RequestPanel | undefined;
/** Open panels by the target and method they were opened for, so a second click reveals the first panel. */
const byKey = new Map<string, RequestPanel>();
/** Every open panel, for refreshing indicators. */
const openPanels = new Set<RequestPanel>();

/**
 * Opens the request builder, on an endpoint and a method (`pkg.Service.Method`) when given; `run`
 * sends the method's template at once. One panel per target and method: opening the same pair again
 * reveals the panel already open.
 */
export async function openRequestPanel(
  ctx: PanelContext,
  endpoint?: Endpoint,
  method?: string,
  options: { run?: boolean } = {},
): Promise<RequestPanel> {
  const preset =
    endpoint || method
      ? {
          ...(endpoint ? { draft: draftFromEndpoint(endpoint) } : {}),
          ...(method ? { method: normalMethod(method) } : {}),
          ...(options.run ? { run: true } : {}),
        }
      : undefined;
  return open(ctx, preset, panelKey(endpoint && formatTarget(endpoint), method));
}

/** Opens the request builder on a saved request file under .vscode/grpc-ipc/requests; `run` sends it at once. */
export async function openSavedRequest(ctx: PanelContext, file: vscode.Uri, options: { run?: boolean } = {}): Promise<RequestPanel> {
  const state = readSavedRequest(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'));
  return open(ctx, { state, ...(options.run ? { run: true } : {}) });
}

async function open(ctx: PanelContext, preset: PanelInit['preset'] | undefined, key?: string): Promise<RequestPanel> {
  if (current && !preset) {
    current.panel.reveal();
    return current;
  }
  const existing = key === undefined ? undefined : byKey.get(key);
  if (existing && !preset?.run) {
    existing.panel.reveal();
    current = existing;
    return existing;
  }
  const title = panelTitle(
    preset?.draft ? targetOfDraft(preset.draft) : preset?.state && targetOfDraft(preset.state.target),
    preset?.method ?? preset?.state?.method,
  );
  const panel = vscode.window.createWebviewPanel(REQUEST_PANEL_VIEW_TYPE, title, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, 'dist')],
  });
  return track(ctx, new RequestPanel(panel, ctx, preset), key);
}

/** Looks at every open panel's target again, after a server started, stopped or restarted. */
export async function refreshIndicators(): Promise<void> {
  await Promise.all([...openPanels].map((panel) => panel.refreshIndicators()));
}

/** The current panel; its calls and spool files also end when the extension deactivates. */
function track(ctx: PanelContext, panel: RequestPanel, key?: string): RequestPanel {
  ctx.subscriptions.push(panel);
  current = panel;
  openPanels.add(panel);
  if (key !== undefined) byKey.set(key, panel);
  const forget = () => {
    if (key !== undefined && byKey.get(key) === panel) byKey.delete(key);
  };
  // However it was opened (palette, tree, saved request), a panel is known by what it shows now, so
  // opening that target and method again reveals it, and its tab says what it is.
  panel.onDidShowMethod = (target, method) => {
    forget();
    key = panelKey(target, method);
    byKey.set(key, panel);
    panel.panel.title = panelTitle(target, method);
  };
  panel.onDidDispose = () => {
    if (current === panel) current = undefined;
    openPanels.delete(panel);
    forget();
  };
  return panel;
}

/** The identity of a panel: canonical target and method, so `unix:///a` and `unix:/a` are one panel. */
export function panelKey(target: string | undefined, method: string | undefined): string {
  let canonical = target?.trim() ?? '';
  try {
    if (canonical) canonical = formatTarget(parseTarget(canonical));
  } catch {
    // An unparsable target keeps its text; the panel will say what is wrong with it.
  }
  return `${canonical}\n${normalMethod(method ?? '')}`;
}

/** `Echo · demo.sock`: the method's short name, then the socket's file name (or the target). */
export function panelTitle(target: string | undefined, method: string | undefined): string {
  const methodName = method ? normalMethod(method).split('.').pop() : undefined;
  const place = target ? shortTarget(target) : undefined;
  return [methodName, place].filter(Boolean).join(' · ') || 'gRPC Request';
}

function shortTarget(target: string): string {
  try {
    const endpoint = parseTarget(target);
    if (endpoint.kind === 'unix') return endpoint.path.split(/[\\/]/).pop() || endpoint.path;
    if (endpoint.kind === 'abstract') return `@${endpoint.name}`;
    if (endpoint.kind === 'pipe') return endpoint.name;
    return formatTarget(endpoint);
  } catch {
    return target;
  }
}

/** `pkg.Service/Method` and `/pkg.Service/Method` as `pkg.Service.Method`, the panel's own spelling. */
function normalMethod(method: string): string {
  return method.replace(/^\//, '').replace(/\/([^/]+)$/, '.$1');
}

function targetOfDraft(draft: TargetDraft): string | undefined {
  try {
    return formatTarget(endpointFromDraft(draft));
  } catch {
    return undefined;
  }
}

/** Takes over a panel VS Code restores after a reload (openPanel.ts registers the serializer lazily). */
export function restoreRequestPanel(ctx: PanelContext, panel: vscode.WebviewPanel): void {
  track(ctx, new RequestPanel(panel, ctx));
}
