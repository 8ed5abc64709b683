// Small strict validators for messages from the webview. Each check returns a fresh copy made
// only of the fields it knows, so nothing unexpected (extra keys, __proto__) reaches the host.

/** Limits on incoming messages. */
export const LIMITS = {
  /** Longest text field (request JSON is the big one). */
  maxStringLength: 4 * 1024 * 1024,
  /** Longest short field: names, paths, keys. */
  maxShortLength: 4096,
  maxListLength: 1000,
} as const;

/** Why a message was refused; logged by the host, never acted on. */
export class Rejected extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'Rejected';
  }
}

/** What the host has handed out, so the webview can only refer to those. */
export interface ValidationContext {
  /** Paths returned by file pickers. */
  chosenPaths: ReadonlySet<string>;
  /** Target ids issued by selectTarget. */
  targetIds: ReadonlySet<string>;
  /** Calls in flight or kept for "save all". */
  callIds: ReadonlySet<string>;
}

export type Check<T> = (value: unknown, path: string, ctx: ValidationContext) => T;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function object<T>(fields: { [K in keyof T]: Check<T[K]> }): Check<T> {
  return (value, path, ctx) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Rejected(path, 'expected an object');
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new Rejected(path, 'expected a plain object');
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw new Rejected(`${path}.${key}`, 'forbidden key');
      if (!Object.hasOwn(fields, key)) throw new Rejected(`${path}.${key}`, 'unknown field');
    }
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(fields) as Array<keyof T & string>) {
      out[key] = fields[key]((value as Record<string, unknown>)[key], `${path}.${key}`, ctx);
    }
    return { ...out } as T;
  };
}

export function string(maxLength: number = LIMITS.maxShortLength): Check<string> {
  return (value, path) => {
    if (typeof value !== 'string') throw new Rejected(path, 'expected a string');
    if (value.length > maxLength) throw new Rejected(path, `longer than ${maxLength} characters`);
    return value;
  };
}

export const text = string(LIMITS.maxStringLength);
export const short = string();

export function literal<T extends string>(...values: T[]): Check<T> {
  return (value, path) => {
    if (typeof value !== 'string' || !(values as string[]).includes(value))
      throw new Rejected(path, `expected one of ${values.join(', ')}`);
    return value as T;
  };
}

export const boolean: Check<boolean> = (value, path) => {
  if (typeof value !== 'boolean') throw new Rejected(path, 'expected a boolean');
  return value;
};

export function integer(min: number, max: number): Check<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
      throw new Rejected(path, `expected an integer from ${min} to ${max}`);
    return value;
  };
}

export function array<T>(item: Check<T>, maxLength: number = LIMITS.maxListLength): Check<T[]> {
  return (value, path, ctx) => {
    if (!Array.isArray(value)) throw new Rejected(path, 'expected an array');
    if (value.length > maxLength) throw new Rejected(path, `more than ${maxLength} items`);
    return value.map((entry, index) => item(entry, `${path}[${index}]`, ctx));
  };
}

/** A union on `kind`: picks the variant's check by the kind field. */
export function variants<T extends { kind: string }>(checks: { [K in T['kind']]: Check<Extract<T, { kind: K }>> }): Check<T> {
  return (value, path, ctx) => {
    const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
    if (typeof kind !== 'string' || !Object.hasOwn(checks, kind)) throw new Rejected(`${path}.kind`, 'unknown kind');
    return checks[kind as T['kind']](value, path, ctx);
  };
}

/** A path the user picked in a file dialog during this panel's life (or an empty string). */
export const chosenPath: Check<string> = (value, path, ctx) => {
  const file = short(value, path, ctx);
  if (file !== '' && !ctx.chosenPaths.has(file)) throw new Rejected(path, 'path was not chosen by the user');
  return file;
};

export const targetId: Check<string> = (value, path, ctx) => {
  const id = short(value, path, ctx);
  if (!ctx.targetIds.has(id)) throw new Rejected(path, 'target was never selected');
  return id;
};

export const callId: Check<string> = (value, path, ctx) => {
  const id = short(value, path, ctx);
  if (!ctx.callIds.has(id)) throw new Rejected(path, 'no such call');
  return id;
};
