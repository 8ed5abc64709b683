// Windows named pipes. The listing needs the trailing backslash, and a pipe must never be stat()ed,
// because that opens it and can take the server's only instance.
import { readdirSync } from 'node:fs';

/** The pipe names, or why they could not be listed (Wine, for one, cannot list them). */
export type PipeListing = { ok: true; names: string[] } | { ok: false; reason: string };

export const PIPE_DIR = '\\\\.\\pipe\\';

/** Lists named pipes; never throws. */
export function listNamedPipes(): PipeListing {
  try {
    return { ok: true, names: readdirSync(PIPE_DIR) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `pipe listing unavailable (${detail})` };
  }
}

/**
 * Where another module can look up who serves a pipe (PowerShell on Windows). Set by the platform code;
 * discovery works without it and then leaves pid and command empty.
 */
export type PipeOwnerLookup = (name: string) => Promise<{ serverPid: number | null; owner: string | null; unknownReason?: string }>;
