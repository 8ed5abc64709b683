// The owner policy and the pins, checked by the host at the time of each operation that opens a
// connection (panel and tree alike), before the first byte. Nothing here trusts an earlier check:
// the socket may have changed hands since.
import * as os from 'node:os';
import { formatTarget, type Endpoint } from '../ipc/endpoint';
import { IpcError } from '../ipc/errors';
import type { OwnerFacts } from '../ipc/owner';
import type { DiscoveredEndpoint } from '../ipc/discovery/types';
import { checkOwner } from './explorer/present';
import { loadLazy } from './loadLazy';
import type { OwnerPolicy } from './settings';

/** The owner rule in force: the policy and whom to expect (a uid or user name). */
export interface OwnerRule {
  policy: OwnerPolicy;
  /** Empty means the user VS Code runs as. */
  expected: string;
}

/** Who owns and serves an endpoint right now, against the rule; `refusal` is set when the rule forbids connecting. */
export interface OwnerCheck {
  facts: OwnerFacts;
  check: { ok: true } | { ok: false; message: string };
  expected: string;
  refusal?: IpcError;
}

/** The expected owner as a name to show and check: the setting, or the user VS Code runs as. */
export function expectedOwnerName(rule: Pick<OwnerRule, 'expected'>): string {
  return rule.expected.trim() || os.userInfo().username;
}

/**
 * Reads the owner now and applies the rule. Under `block` an owner that cannot be read refuses too
 * (fail closed): a guard that lets the unknown through guards nothing.
 */
export async function checkOwnerNow(endpoint: Endpoint, rule: OwnerRule): Promise<OwnerCheck> {
  const { owner } = await loadLazy();
  const expected = expectedOwnerName(rule);
  const facts = await owner.inspectOwner(endpoint);
  const check =
    endpoint.kind === 'pipe'
      ? await owner.verifyOwner(endpoint, expected)
      : owner.checkExpectedOwner(facts, expected, owner.ownerSubject(endpoint));
  if (rule.policy !== 'block' || check.ok) return { facts, check, expected };
  const refusal = new IpcError(
    'owner-mismatch',
    `Nothing was sent to ${formatTarget(endpoint)}: ${check.message}`,
    'The owner policy (grpcIpc.owner.policy) is "block". Start the expected server, or change {expectOwner} or the policy if this owner is fine.',
  );
  return { facts, check, expected, refusal };
}

/** Throws the refusal when the rule forbids connecting to the endpoint now. */
export async function assertOwnerAllowed(endpoint: Endpoint, rule: OwnerRule): Promise<void> {
  if (rule.policy !== 'block') return;
  const { refusal } = await checkOwnerNow(endpoint, rule);
  if (refusal) throw refusal;
}

/** The pin of a target, looked up by its canonical spelling. */
export function pinOf(endpoint: Endpoint, pins: Record<string, string>): string | undefined {
  return pins[formatTarget(endpoint)];
}

/** A pinned target is called over TLS only: in plaintext the pin could not be checked at all. */
export function assertPinUsable(endpoint: Endpoint, tls: boolean, pins: Record<string, string>): void {
  if (tls || !pinOf(endpoint, pins)) return;
  throw new IpcError(
    'pin-mismatch',
    `${formatTarget(endpoint)} is pinned to a certificate (grpcIpc.tls.pins), but TLS is off, so the pin cannot be checked. Nothing was sent.`,
    'Turn on {tls}, or remove the pin from the setting grpcIpc.tls.pins if this target no longer uses TLS.',
  );
}

/**
 * Which discovered endpoints a probe may talk to: under `block`, only those whose file owner and
 * listener, read by this very discovery run, are the expected ones. Unknown owners are not probed.
 */
export function probeFilter(rule: OwnerRule): ((endpoint: DiscoveredEndpoint) => boolean) | undefined {
  if (rule.policy !== 'block') return undefined;
  const owner = {
    expected: rule.expected,
    currentUid: typeof process.getuid === 'function' ? process.getuid() : null,
    currentUser: os.userInfo().username,
  };
  return (endpoint) => checkOwner(endpoint, owner).kind === 'ok';
}
