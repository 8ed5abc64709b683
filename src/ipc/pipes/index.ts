// Windows named pipes: who serves them, and what a Node client grants the server.
export { inspectPipe, powershellCandidates, DEFAULT_PROBE_TIMEOUT_MS, type InspectPipeOptions } from './inspect';
export { POWERSHELL_UNAVAILABLE, type PipeIdentity } from './probeScript';
export { checkPipeOwner } from './owner';
export { PIPE_CLIENT_IMPERSONATION, type ClientImpersonation, type ImpersonationLevel } from './impersonation';
