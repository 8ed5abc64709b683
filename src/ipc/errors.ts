import type { IpcErrorCode } from '../shared/types';
import { FLAG_WORDS, type KnobWords, wordHint } from './remedy';

export type { IpcErrorCode };

/** Marks IpcErrors by a registered symbol, because one error may cross between separately bundled copies of this class. */
const IPC_ERROR = Symbol.for('grpc-ipc.IpcError');

/**
 * An error meant for a person: what happened, plus what to do about it. The hint names what to change
 * as `{knob}` tokens (see remedy.ts), which each surface words for itself.
 */
export class IpcError extends Error {
  readonly [IPC_ERROR] = true;

  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }

  /** The message and the hint as one line, the hint's knobs in the given surface's words (the CLI's flags by default). */
  describe(words: KnobWords = FLAG_WORDS): string {
    return this.hint ? `${this.message} ${wordHint(this.hint, words)}` : this.message;
  }
}

export function isIpcError(error: unknown): error is IpcError {
  return typeof error === 'object' && error !== null && (error as { [IPC_ERROR]?: boolean })[IPC_ERROR] === true;
}
