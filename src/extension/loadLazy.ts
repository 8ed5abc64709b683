// The one door to ./lazy. The production build points this require at dist/extension-lazy.js, a
// bundle of its own; elsewhere (tests, other builds) it is an ordinary module.
type Lazy = typeof import('./lazy');

let loaded: Lazy | undefined;

export async function loadLazy(): Promise<Lazy> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./lazy') as Lazy;
  return loaded;
}

/** Whether ./lazy is loaded already, for work that is only worth doing once it is (never loads it). */
export function lazyLoaded(): boolean {
  return loaded !== undefined;
}
