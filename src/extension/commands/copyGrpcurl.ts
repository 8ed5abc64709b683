// "Copy as grpcurl": the grpcurl command that describes the endpoint or calls the method.
import * as vscode from 'vscode';
import { grpcurlCommand, platformShell } from '../../ipc/grpcurl';
import type { Ctx } from '../context';
import type { TreeNode } from '../explorer/nodes';
import { resolveTargetConnection } from '../targets';
import { requireTarget } from './endpoint';

export async function copyAsGrpcurl(ctx: Ctx, node?: TreeNode): Promise<void> {
  const target = await requireTarget(ctx, node);
  if (!target) return;
  const connection = await resolveTargetConnection(target.address, ctx.servers, target.serverName);
  const command = grpcurlCommand(
    {
      endpoint: connection.connect.endpoint,
      tls: connection.connect.tls,
      method: node?.kind === 'method' ? node.method.path : undefined,
      symbol: node?.kind === 'service' ? node.service.name : undefined,
      schema:
        connection.protoFiles.length > 0 ? { kind: 'proto', files: connection.protoFiles, importPaths: connection.importPaths } : undefined,
    },
    { secrets: 'mask', shell: platformShell() },
  );
  await vscode.env.clipboard.writeText(command);
  const pinNote = connection.connect.tls?.pin ? ' grpcurl cannot check the certificate pin; the copy skips verification.' : '';
  void vscode.window.showInformationMessage(`Copied: ${command}${pinNote}`);
}
