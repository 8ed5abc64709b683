// Schemas per target, loaded once per refresh: from configured .proto files when there are any,
// otherwise by reflection.
import * as core from '../lazyCore';
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
    return core.loadSchemaByReflection(connection.connect, readSettings().deadlineMs);
  }
}
