// The one door to ./lazy. The production build points this require at dist/extension-lazy.js, a
// bundle of its own; elsewhere (tests, other builds) it is an ordinary module.
type Lazy = typeof import('./lazy');

let loaded: Lazy | undefined;

export async function loadLazy(): Promise<Lazy> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./lazy') as Lazy;
  return loaded;
}
