// Schemas per target, loaded once per listening process until the user refreshes: from configured .proto
// files when there are any, otherwise by reflection.
import * as core from '../lazyCore';
import { assertOwnerAllowed } from '../guard';
import { readSettings } from '../settings';
import type { ServerManager } from '../servers';
import { resolveTargetConnection } from '../targets';
import type { TargetRef } from './nodes';

export class SchemaCache {
  /** Per target: the schema, and the pid of the listener it was loaded from (null when not known). */
  private readonly schemas = new Map<string, { holder: number | null; schema: Promise<core.Schema> }>();

  constructor(private readonly servers: ServerManager) {}

  /** The target's schema, loaded again when another process now holds its socket (`holder`). */
  load(target: TargetRef, holder: number | null = null): Promise<core.Schema> {
    const key = `${target.serverName ?? ''}\n${target.address}`;
    const cached = this.schemas.get(key);
    if (cached && cached.holder === holder) return cached.schema;
    const schema = this.fetch(target);
    const entry = { holder, schema };
    // A failure is not cached: the next expand tries again.
    schema.catch(() => {
      if (this.schemas.get(key) === entry) this.schemas.delete(key);
    });
    this.schemas.set(key, entry);
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
