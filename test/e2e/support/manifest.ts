// Reads what the extension's package.json contributes, so a feature test can say what it is waiting for
// instead of failing while the feature is still being built.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './vsix';

interface Manifest {
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    views?: Record<string, { id: string; name: string }[]>;
    viewsContainers?: Record<string, { id: string; title: string }[]>;
  };
}

function readManifest(): Manifest {
  return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

/** The palette titles ("Category: Title") of every contributed command. */
export function contributedCommandTitles(): string[] {
  return (readManifest().contributes?.commands ?? []).map((command) => (command.category ? `${command.category}: ${command.title}` : command.title));
}

/** Whether a view with this id is contributed. */
export function hasView(id: string): boolean {
  return Object.values(readManifest().contributes?.views ?? {}).some((views) => views.some((view) => view.id === id));
}

/**
 * A `todo` reason naming the commands and views the manifest does not contribute yet (and source files
 * that do not exist yet), or undefined
 * when everything is there and the test must pass.
 */
export function waitingFor(needs: { commands?: string[]; views?: string[]; files?: string[] }): string | undefined {
  const titles = contributedCommandTitles();
  const missing = [
    ...(needs.commands ?? []).filter((title) => !titles.includes(title)),
    ...(needs.views ?? []).filter((id) => !hasView(id)).map((id) => `view ${id}`),
    ...(needs.files ?? []).filter((file) => !existsSync(path.join(repoRoot, file))),
  ];
  return missing.length > 0 ? `waiting for the extension to contribute ${missing.join(', ')}` : undefined;
}
