// The owner check for a named pipe: compares what inspectPipe found with the account the user expects.
import { pipePath } from '../endpoint';
import type { PipeIdentity } from './probeScript';

/**
 * Whether the pipe's owner is the expected account. `expected` is `DOMAIN\user` or just `user` (then any
 * domain matches); Windows account names compare case-insensitively. Fails closed when the owner is unknown.
 */
export function checkPipeOwner(identity: PipeIdentity, pipeName: string, expected: string): { ok: true } | { ok: false; message: string } {
  const where = pipePath(pipeName);
  const want = expected.trim();
  if (!want) return { ok: false, message: 'No expected owner was given.' };
  if (identity.owner === null)
    return { ok: false, message: `The owner of ${where} cannot be checked: ${identity.unknownReason ?? 'Windows did not say'}.` };
  const owner = identity.owner;
  const matches = want.includes('\\')
    ? owner.toLowerCase() === want.toLowerCase()
    : accountName(owner).toLowerCase() === want.toLowerCase();
  if (matches) return { ok: true };
  const server =
    identity.serverPid === null ? '' : ` (served by pid ${identity.serverPid}${identity.processName ? `, ${identity.processName}` : ''})`;
  // An elevated process's objects belong to the Administrators group, not to the user who started it.
  const note = /^BUILTIN\\Administrators$/i.test(owner)
    ? ' An elevated (Run as administrator) process creates pipes owned by Administrators.'
    : '';
  return { ok: false, message: `${where} is owned by ${owner}${server}, expected ${want}.${note}` };
}

/** `user` from `DOMAIN\user`. */
function accountName(owner: string): string {
  return owner.slice(owner.lastIndexOf('\\') + 1);
}
