// What a Windows pipe server may do with our identity when Node connects to it.

/** Windows' SECURITY_IMPERSONATION_LEVEL, as a client grants it to a pipe server. */
export type ImpersonationLevel = 'Anonymous' | 'Identification' | 'Impersonation' | 'Delegation';

/** The level Node's pipe client grants, with where that comes from, for the UI's indicator. */
export interface ClientImpersonation {
  level: ImpersonationLevel;
  /** Whether a Node client can ask for less without native code. */
  restrictable: false;
  reason: string;
}

/**
 * libuv's uv_pipe_connect2 (src/win/pipe.c, unchanged from libuv 1.48 to 1.51, i.e. every Node 22) opens
 * the pipe with CreateFileW(..., OPEN_EXISTING, FILE_FLAG_OVERLAPPED) and no SECURITY_SQOS_PRESENT, and
 * Windows then lets the server impersonate the client (SecurityImpersonation). Node's net API has no
 * option for it, and uv_pipe_connect2 rejects any flag but UV_PIPE_NO_TRUNCATE, so only native code could
 * ask for Anonymous or Identification. That is why calls check the pipe's owner before sending.
 */
export const PIPE_CLIENT_IMPERSONATION: ClientImpersonation = {
  level: 'Impersonation',
  restrictable: false,
  reason:
    "Node opens named pipes without SECURITY_SQOS_PRESENT, so Windows lets the pipe's server impersonate you on this machine. " +
    'Node offers no way to lower this, so check who owns the pipe before sending anything.',
};
