import { isIpcError } from '../ipc/errors';
import { SETTING_WORDS } from './words';

/** One line for a notification or a tree note: the IpcError's message and hint, or the error's message. */
export function describeError(error: unknown): string {
  if (isIpcError(error)) return error.describe(SETTING_WORDS);
  return error instanceof Error ? error.message : String(error);
}
