// The explorer's node kinds and how each becomes a TreeItem.
import * as vscode from 'vscode';
import { callKind, type MethodInfo, type ServiceInfo } from '../../ipc/types';
import type { DiscoveredEndpoint } from '../lazyCore';
import type { ManagedServer } from '../servers';
import type { Settings } from '../settings';
import {
  checkOwner,
  expectedOwnerOf,
  endpointBadges,
  endpointDescription,
  endpointLabel,
  endpointState,
  endpointTooltipLines,
  type EndpointState,
  type ProbeStatus,
} from './present';

/** The groups under the root, in display order. */
export type GroupId = 'servers' | 'sockets' | 'abstract' | 'pipes' | 'tcp' | 'pinned';

export const GROUP_LABELS: Record<GroupId, string> = {
  servers: 'Servers',
  sockets: 'Sockets',
  abstract: 'Abstract sockets',
  pipes: 'Named pipes',
  tcp: 'TCP',
  pinned: 'Pinned targets',
};

/** Which configured server (if any) a target belongs to, for its protos and TLS settings. */
export interface TargetRef {
  address: string;
  serverName?: string;
}

/** Where an endpoint row comes from. */
export type EndpointOrigin = 'discovered' | 'pinned' | 'configured';

export type TreeNode =
  | { kind: 'group'; group: GroupId }
  | { kind: 'server'; name: string; address: string }
  | { kind: 'endpoint'; address: string; origin: EndpointOrigin; facts: DiscoveredEndpoint | null }
  // Services and methods carry their parent row's id: the same endpoint may be listed in several groups
  // (discovered and pinned, say), and tree ids must stay unique.
  | { kind: 'service'; parentId: string; target: TargetRef; service: ServiceInfo }
  | { kind: 'method'; parentId: string; target: TargetRef; method: MethodInfo }
  | { kind: 'note'; parentId: string; text: string; icon: 'loading~spin' | 'error' | 'info'; tooltip?: string; command?: string };

/** The target a node stands for, when it stands for one. */
export function targetOf(node: Extract<TreeNode, { kind: 'server' | 'endpoint' | 'service' | 'method' }>): TargetRef;
export function targetOf(node: TreeNode | undefined): TargetRef | undefined;
export function targetOf(node: TreeNode | undefined): TargetRef | undefined {
  switch (node?.kind) {
    case 'server':
      return { address: node.address, serverName: node.name };
    case 'endpoint':
      return { address: node.address };
    case 'service':
    case 'method':
      return node.target;
    default:
      return undefined;
  }
}

export function nodeId(node: TreeNode): string {
  switch (node.kind) {
    case 'group':
      return `group:${node.group}`;
    case 'server':
      return `server:${node.name}`;
    case 'endpoint':
      return `endpoint:${node.origin}:${node.address}`;
    case 'service':
      return `${node.parentId}/service:${node.service.name}`;
    case 'method':
      return `${node.parentId}/method:${node.method.fullName}`;
    case 'note':
      return `note:${node.parentId}:${node.text}`;
  }
}

const STATE_ICONS: Record<EndpointState, [string, string | undefined]> = {
  listening: ['pass-filled', 'testing.iconPassed'],
  probing: ['loading~spin', undefined],
  unprobed: ['plug', undefined],
  stale: ['debug-disconnect', 'list.warningForeground'],
  'not-grpc': ['circle-slash', 'list.warningForeground'],
  error: ['error', 'list.errorForeground'],
};

export function stateIcon(state: EndpointState): vscode.ThemeIcon {
  const [id, color] = STATE_ICONS[state];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

const CALL_KIND_ICONS = {
  unary: 'arrow-right',
  'server-streaming': 'arrow-circle-down',
  'client-streaming': 'arrow-circle-up',
  bidi: 'arrow-swap',
} as const;

const expandable = vscode.TreeItemCollapsibleState.Collapsed;

export function groupItem(group: GroupId, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(GROUP_LABELS[group], vscode.TreeItemCollapsibleState.Expanded);
  item.description = String(count);
  item.contextValue = `group;${group}`;
  return item;
}

export function endpointItem(
  node: Extract<TreeNode, { kind: 'endpoint' }>,
  settings: Settings,
  pinned: boolean,
  probe: ProbeStatus,
): vscode.TreeItem {
  const { label, folder } = endpointLabel(node.address);
  const item = new vscode.TreeItem(label, node.facts?.stale ? vscode.TreeItemCollapsibleState.None : expandable);
  const facts = node.facts;
  const described = (text: string) => [folder, text].filter(Boolean).join(' · ');
  const flags = ['endpoint'];
  if (node.address.startsWith('unix:')) flags.push('file');
  if (facts?.stale) flags.push('stale');
  if (node.origin === 'pinned') flags.push('pinned');
  else if (!pinned) flags.push('pinnable');
  item.contextValue = flags.join(';');
  if (!facts) {
    item.iconPath = new vscode.ThemeIcon(node.origin === 'configured' ? 'bookmark' : 'pinned');
    item.description = described(node.origin === 'configured' ? 'from settings' : 'pinned');
    item.tooltip = new vscode.MarkdownString(`**${node.address}**\n\nNot found by discovery; expand to ask it for its services.`);
    return item;
  }
  const state = endpointState(facts, probe);
  const verdict = settings.ownerPolicy === 'off' ? ({ kind: 'ok' } as const) : checkOwner(facts, expectedOwnerOf(settings));
  item.iconPath = stateIcon(state);
  item.description = described(endpointDescription(facts, endpointBadges(facts, verdict, settings.ownerPolicy)));
  item.tooltip = new vscode.MarkdownString(endpointTooltipLines(facts, state, verdict).join('  \n'));
  return item;
}

export function serverItem(node: Extract<TreeNode, { kind: 'server' }>, server: ManagedServer | undefined): vscode.TreeItem {
  const state = server?.state.kind ?? 'not started';
  const alive = state === 'running' || state === 'starting' || state === 'stopping';
  const item = new vscode.TreeItem(node.name, state === 'running' ? expandable : vscode.TreeItemCollapsibleState.None);
  const pid = server?.process.pid;
  const exit = server?.state.kind === 'exited' && !server.state.byUser ? server.state.exit : undefined;
  const status = exit
    ? exit.kind === 'exited'
      ? `exited (${exit.signal ?? `code ${exit.code}`})`
      : 'failed to start'
    : state === 'exited'
      ? 'stopped'
      : state;
  item.description = [status, alive && pid ? `pid ${pid}` : '', node.address].filter(Boolean).join(' · ');
  item.iconPath = alive
    ? new vscode.ThemeIcon(
        state === 'running' ? 'server-process' : 'loading~spin',
        state === 'running' ? new vscode.ThemeColor('testing.iconPassed') : undefined,
      )
    : new vscode.ThemeIcon(exit ? 'error' : 'server', exit ? new vscode.ThemeColor('list.errorForeground') : undefined);
  item.contextValue = alive ? `server;${state};endpoint${node.address.startsWith('unix:') ? ';file' : ''}` : 'server;stopped';
  const command = server ? `${server.config.command} ${server.config.args.join(' ')}` : '';
  item.tooltip = new vscode.MarkdownString(
    [
      `**${node.name}**`,
      '',
      `Listens on: \`${node.address}\``,
      `State: ${status}`,
      command && `Command: \`${command.replace(/`/g, "'")}\``,
      server && `Configured in: ${server.config.origin}`,
    ]
      .filter(Boolean)
      .join('  \n'),
  );
  return item;
}

export function serviceItem(service: ServiceInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(service.name, expandable);
  item.iconPath = new vscode.ThemeIcon('symbol-interface');
  item.description = `${service.methods.length} method${service.methods.length === 1 ? '' : 's'}`;
  item.contextValue = 'service';
  return item;
}

export function methodItem(method: MethodInfo): vscode.TreeItem {
  const kind = callKind(method);
  const item = new vscode.TreeItem(method.name, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(CALL_KIND_ICONS[kind]);
  item.description = kind;
  item.tooltip = new vscode.MarkdownString(
    `\`${method.path}\`  \n${kind}  \nRequest: \`${method.requestType}\`  \nResponse: \`${method.responseType}\``,
  );
  item.contextValue = 'method';
  return item;
}

export function noteItem(node: Extract<TreeNode, { kind: 'note' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(node.icon, node.icon === 'error' ? new vscode.ThemeColor('list.errorForeground') : undefined);
  item.tooltip = node.tooltip;
  item.contextValue = 'note';
  if (node.command) item.command = { command: node.command, title: node.text };
  return item;
}
