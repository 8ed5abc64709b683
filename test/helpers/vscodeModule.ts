// Makes `import * as vscode from 'vscode'` in extension sources load a stand-in, so host code (settings,
// trust, the request panel) runs in a plain Node test. Import this before the modules under test.
import Module from 'node:module';
import { createVscodeStandIn } from './vscodeStandIn';

const standIn = createVscodeStandIn();
/** The one stand-in every extension module in this process sees; tests change its trust and settings. */
export const vscode = standIn.vscode as Record<string, unknown> & { workspace: { isTrusted: boolean } };
export const recorded = standIn.recorded;
export const settings = standIn.settings;

const moduleApi = Module as unknown as {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
  _cache: Record<string, unknown>;
};
const original = moduleApi._resolveFilename;
moduleApi._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest);
};
moduleApi._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

/** Sets trust and replaces every setting; call at the start of each test. */
export function resetStandIn(options: { trusted: boolean; user?: Record<string, unknown>; workspace?: Record<string, unknown> }): void {
  vscode.workspace.isTrusted = options.trusted;
  for (const scope of [settings.user, settings.workspace]) for (const key of Object.keys(scope)) delete scope[key];
  Object.assign(settings.user, options.user);
  Object.assign(settings.workspace, options.workspace);
  recorded.errors.length = 0;
  recorded.clipboard.length = 0;
  recorded.logs.length = 0;
  recorded.executed.length = 0;
}
