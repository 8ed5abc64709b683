// A selected target as it is now: the owner indicator and, when something forbids calling it, why.
// Computed before every operation that connects, so neither the chip nor the guard relies on an
// earlier look. Order matters: the owner and the pin are checked before anything connects.
import type { OwnerView, ProblemView } from '../../shared/protocol';
import { assertPinUsable, checkOwnerNow, type OwnerRule } from '../guard';
import { grpcCore } from '../grpcCore';
import type { Endpoint } from '../../ipc/endpoint';
import type { SelectedTarget } from './targets';
import { downView, isDownCode, ownerView } from './views';

export interface TargetStatus {
  owner: OwnerView;
  /** The error to fail the operation with; nothing may be sent when set. */
  refusal?: unknown;
}

export async function targetStatus(
  selected: SelectedTarget,
  rule: OwnerRule,
  pins: Record<string, string>,
  explain: (error: unknown) => ProblemView,
): Promise<TargetStatus> {
  const { endpoint } = selected;
  let owner = await checkOwnerNow(endpoint, rule);
  if (endpoint.kind === 'unix' && owner.facts.fileUid === null) {
    // No socket file to read an owner from: say what is wrong with the path rather than "owner unknown".
    // preflight looks at the file before it connects, so a missing file is reported without connecting.
    const down = await reachability(endpoint);
    if (down) return { owner: downView(explain(down), owner.expected, rule.policy), refusal: down };
    owner = await checkOwnerNow(endpoint, rule);
  }
  const view = ownerView(owner.facts, owner.check, owner.expected, rule.policy);
  if (owner.refusal) return { owner: view, refusal: owner.refusal };
  try {
    assertPinUsable(endpoint, Boolean(selected.tls), pins);
  } catch (error) {
    return { owner: view, refusal: error };
  }
  // A plain connect and close (no bytes sent): tells a live server from a stale file or nobody listening.
  const down = await reachability(endpoint);
  if (!down) return { owner: view };
  const problem = explain(down);
  return { owner: isDownCode(problem.code) ? downView(problem, owner.expected, rule.policy) : view, refusal: down };
}

async function reachability(endpoint: Endpoint): Promise<unknown> {
  try {
    await grpcCore().preflight(endpoint);
    return undefined;
  } catch (error) {
    return error;
  }
}
