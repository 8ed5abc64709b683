// Schemas per target, loaded once per refresh: from configured .proto files when there are any,
// otherwise by reflection.
import * as core from '../lazyCore';
import { assertOwnerAllowed } from '../guard';
import { readSettings } from '../settings';
import type { ServerManager } from '../servers';
import { resolveTargetConnection } from '../targets';
import type { TargetRef } from './nodes';

export class SchemaCache {
  private readonly schemas = new Map<string, Promise<core.Schema>>();

  constructor(private readonly servers: ServerManager) {}

  load(target: TargetRef): Promise<core.Schema> {
    const key = `${target.serverName ?? ''}\n${target.address}`;
    let schema = this.schemas.get(key);
    if (!schema) {
      schema = this.fetch(target);
      // A failure is not cached: the next expand tries again.
      schema.catch(() => this.schemas.delete(key));
      this.schemas.set(key, schema);
    }
    return schema;
  }

  clear(): void {
    this.schemas.clear();
  }

  private async fetch(target: TargetRef): Promise<core.Schema> {
    const connection = await resolveTargetConnection(target.address, this.servers, target.serverName);
    if (connection.protoFiles.length > 0) return core.loadSchemaFromProtos(connection.protoFiles, connection.importPaths);
    const settings = readSettings();
    // Checked now, not from discovery's facts: the socket may have changed hands since the list was made.
    await assertOwnerAllowed(connection.connect.endpoint, { policy: settings.ownerPolicy, expected: settings.expectedOwner });
    return core.loadSchemaByReflection(connection.connect, settings.deadlineMs);
  }
}
