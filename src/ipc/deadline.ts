// The longest deadline a call may have. Node timers hold at most 2^31-1 ms (about 24.8 days); a longer
// one fires after 1 ms with a TimeoutOverflowWarning. grpc-js clamps its client timer, but a grpc-js
// server sets a timer from the grpc-timeout header it receives, so a longer deadline makes it end the
// call at once with DEADLINE_EXCEEDED. Deadlines are therefore kept within the timer range everywhere.

/**
 * About 24.8 days: the longest delay a Node timer can wait (2^31-1 ms), rounded down to whole seconds,
 * because grpc-js sends such a deadline in seconds rounded up, which would land past the limit.
 */
export const MAX_DEADLINE_MS = 2_147_483_000;

/** The deadline to use: `ms` when it is a positive number, else `fallback`, and never past MAX_DEADLINE_MS. */
export function clampDeadlineMs(ms: number | undefined, fallback: number): number {
  const chosen = ms !== undefined && ms > 0 && !Number.isNaN(ms) ? ms : fallback;
  return Math.min(Math.round(chosen), MAX_DEADLINE_MS);
}
