// The gRPC IPC explorer: servers we launched, discovered sockets and pipes, and pinned targets.
// Discovery runs when the view is first shown and re-runs when the watcher sees a change.
import * as vscode from 'vscode';
import { formatTarget } from '../../ipc/endpoint';
import { describeError } from '../errors';
import * as core from '../lazyCore';
import { Disposable } from '../disposable';
import { probeFilter } from '../guard';
import { listenAddress, readLaunchConfigs } from '../launchConfigs';
import { canonicalTarget, type PinStore } from '../pins';
import type { ServerManager } from '../servers';
import { readSettings } from '../settings';
import {
  endpointItem,
  groupItem,
  methodItem,
  nodeId,
  noteItem,
  serverItem,
  serviceItem,
  targetOf,
  type GroupId,
  type TargetRef,
  type TreeNode,
} from './nodes';
import { SchemaCache } from './schemaCache';

/** Discovery results, as a union so "not yet run" and "failed" are not confused with "found nothing". */
type DiscoveryState =
  | { kind: 'idle' }
  | { kind: 'running'; endpoints: core.DiscoveredEndpoint[] }
  | { kind: 'done'; endpoints: core.DiscoveredEndpoint[] }
  | { kind: 'failed'; message: string };

export class Explorer extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly schemas: SchemaCache;
  private discovery: DiscoveryState = { kind: 'idle' };
  private generation = 0;
  private watcher: { dispose(): void } | undefined;
  private configuredServers: { name: string; address: string }[] = [];
  /** Addresses whose probe finished in the current discovery run. */
  private probed = new Set<string>();

  constructor(
    private readonly servers: ServerManager,
    private readonly pins: PinStore,
  ) {
    super();
    this.schemas = new SchemaCache(servers);
    this._register(servers.onDidChange(() => this.changed.fire(undefined)));
    this._register(pins.onDidChange(() => this.changed.fire(undefined)));
    this._register({ dispose: () => this.watcher?.dispose() });
  }

  /** Starts or stops watching for new endpoints with the view's visibility. */
  setVisible(visible: boolean): void {
    if (!visible) {
      this.watcher?.dispose();
      this.watcher = undefined;
      return;
    }
    if (this.watcher) return;
    this.watcher = { dispose() {} };
    const settings = readSettings();
    core
      .watchDiscoveredEndpoints(discoveryRequest(settings), () => void this.refresh({ keepSchemas: true }))
      .then(
        (watch) => (this.watcher && !this.isDisposed ? (this.watcher = watch) : watch.dispose()),
        () => undefined,
      );
  }

  /**
   * Runs discovery again and reloads launch configurations. A refresh the user asked for loads every
   * schema again; one for a socket that came or went (`keepSchemas`) keeps those whose socket the same
   * process still holds, so that sockets churning nearby neither collapse nor reload expanded services.
   */
  async refresh(options: { keepSchemas?: boolean } = {}): Promise<void> {
    const generation = ++this.generation;
    if (!options.keepSchemas) this.schemas.clear();
    // Keep showing what was found before while discovery runs, and merge updates in as they come.
    let current = [...this.endpoints()];
    this.discovery = { kind: 'running', endpoints: current };
    const probed = (this.probed = new Set());
    await this.reloadConfigs();
    this.changed.fire(undefined);
    try {
      const request = discoveryRequest(readSettings());
      request.onListed = (listed) => {
        if (generation !== this.generation || this.discovery.kind !== 'running') return;
        // Keep the facts of endpoints seen before until their probe answers again, to avoid flicker.
        current = listed.map((endpoint) => ({
          ...endpoint,
          grpc: endpoint.grpc ?? current.find((e) => e.address === endpoint.address)?.grpc ?? null,
        }));
        this.discovery = { kind: 'running', endpoints: current };
        this.changed.fire(undefined);
      };
      const endpoints = await core.discoverEndpoints(request, (update) => {
        if (generation !== this.generation) return;
        probed.add(update.address);
        const index = current.findIndex((endpoint) => endpoint.address === update.address);
        if (index >= 0) current[index] = update;
        else current.push(update);
        this.changed.fire(undefined);
      });
      if (generation === this.generation) this.discovery = { kind: 'done', endpoints };
    } catch (error) {
      if (generation === this.generation) this.discovery = { kind: 'failed', message: describeError(error) };
    }
    if (generation === this.generation) this.changed.fire(undefined);
  }

  async reloadConfigs(): Promise<void> {
    const report = await readLaunchConfigs();
    this.configuredServers = report.servers.map((server) => ({ name: server.name, address: listenAddress(server) }));
  }

  /** The discovered endpoint at an address, if discovery saw it. */
  factsFor(address: string): core.DiscoveredEndpoint | undefined {
    const canonical = canonicalTarget(address);
    return this.endpoints().find((endpoint) => canonicalTarget(endpoint.address) === canonical);
  }

  /** Every endpoint discovery reported. */
  endpoints(): core.DiscoveredEndpoint[] {
    return this.discovery.kind === 'done' || this.discovery.kind === 'running' ? this.discovery.endpoints : [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = this.render(node);
    item.id = nodeId(node);
    if (node.kind === 'method') item.command = { command: 'grpcIpc.openRequestBuilder', title: 'Open Request Builder', arguments: [node] };
    return item;
  }

  private render(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return groupItem(node.group, this.groupChildren(node.group).length);
      case 'server':
        return serverItem(node, this.servers.get(node.name));
      case 'endpoint': {
        const settings = readSettings();
        const probe = !settings.probe ? 'off' : this.discovery.kind === 'running' && !this.probed.has(node.address) ? 'pending' : 'done';
        return endpointItem(node, settings, this.pins.has(node.address), probe);
      }
      case 'service':
        return serviceItem(node.service);
      case 'method':
        return methodItem(node.method);
      case 'note':
        return noteItem(node);
    }
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      if (this.discovery.kind === 'idle') void this.refresh();
      const groups: GroupId[] = ['servers', 'sockets', 'abstract', 'pipes', 'tcp', 'pinned'];
      const shown = groups.filter((group) => this.groupChildren(group).length > 0);
      // Servers stays visible once anything is listed, so there is always a place to start one;
      // a completely empty tree shows the welcome content instead.
      const failed = this.discovery.kind === 'failed';
      if ((shown.length > 0 || failed) && shown[0] !== 'servers') shown.unshift('servers');
      const roots: TreeNode[] = shown.map((group) => ({ kind: 'group', group }));
      if (this.discovery.kind === 'failed')
        roots.push({ kind: 'note', parentId: 'root', text: 'Discovery failed', icon: 'error', tooltip: this.discovery.message });
      return roots;
    }
    switch (node.kind) {
      case 'group': {
        const children = this.groupChildren(node.group);
        if (children.length === 0 && node.group === 'servers')
          return [
            {
              kind: 'note',
              parentId: 'servers',
              text: 'No servers running: start the demo server',
              icon: 'info',
              command: 'grpcIpc.startDemoServer',
            },
          ];
        return children;
      }
      case 'server':
      case 'endpoint':
        return this.schemaChildren(targetOf(node), nodeId(node));
      case 'service':
        return node.service.methods.map((method) => ({ kind: 'method', parentId: nodeId(node), target: node.target, method }));
      default:
        return [];
    }
  }

  /** Parents of the rows that can be revealed (servers and endpoints); deeper rows are never revealed. */
  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'server') return { kind: 'group', group: 'servers' };
    if (node.kind !== 'endpoint') return undefined;
    if (node.origin !== 'discovered' || !node.facts) return { kind: 'group', group: 'pinned' };
    const groups = { unix: 'sockets', abstract: 'abstract', pipe: 'pipes', tcp: 'tcp' } as const;
    return { kind: 'group', group: groups[node.facts.kind] };
  }

  private groupChildren(group: GroupId): TreeNode[] {
    switch (group) {
      case 'servers': {
        const names = new Map(this.configuredServers.map((server) => [server.name, server.address]));
        for (const server of this.servers.list()) names.set(server.config.name, formatTarget(server.config.endpoint));
        return [...names].map(([name, address]) => ({ kind: 'server', name, address }));
      }
      case 'pinned': {
        const configured = readSettings().targets.map((address) => ({ address, origin: 'configured' as const }));
        const pinned = this.pins.list().map((address) => ({ address, origin: 'pinned' as const }));
        return [...pinned, ...configured].map(({ address, origin }) => ({
          kind: 'endpoint',
          address,
          origin,
          facts: this.factsFor(address) ?? null,
        }));
      }
      default: {
        const kind = { sockets: 'unix', abstract: 'abstract', pipes: 'pipe', tcp: 'tcp' }[group];
        // A server we run is listed under Servers; listing its socket again would only repeat it.
        const ours = new Set(this.servers.running().map((server) => canonicalTarget(formatTarget(server.config.endpoint))));
        return this.endpoints()
          .filter((endpoint) => endpoint.kind === kind && !ours.has(canonicalTarget(endpoint.address)))
          .map((endpoint) => ({ kind: 'endpoint', address: endpoint.address, origin: 'discovered', facts: endpoint }));
      }
    }
  }

  private async schemaChildren(target: TargetRef, parentId: string): Promise<TreeNode[]> {
    const facts = this.factsFor(target.address);
    if (facts?.stale) return [];
    try {
      const schema = await this.schemas.load(target, facts?.pid ?? null);
      if (schema.services.length === 0) return [{ kind: 'note', parentId, text: 'No services', icon: 'info' }];
      return schema.services.map((service) => ({ kind: 'service', parentId, target, service }));
    } catch (error) {
      return [{ kind: 'note', parentId, text: describeError(error), icon: 'error', tooltip: describeError(error) }];
    }
  }
}

function discoveryRequest(settings: ReturnType<typeof readSettings>): core.DiscoveryRequest {
  return {
    directories: settings.discoveryDirectories,
    workspaceFolders: (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => folder.uri.fsPath),
    probe: settings.probe,
    probeTimeoutMs: settings.probeTimeoutMs,
    mayProbe: probeFilter({ policy: settings.ownerPolicy, expected: settings.expectedOwner }),
  };
}
