// Reads what the extension's package.json contributes: the harness waits for those commands.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './vsix';

interface Manifest {
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
  };
}

function readManifest(): Manifest {
  return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

/** The palette titles ("Category: Title") of the contributed commands the palette shows. */
export function contributedCommandTitles(): string[] {
  const contributes = readManifest().contributes;
  const hidden = new Set(
    (contributes?.menus?.commandPalette ?? []).filter((entry) => entry.when === 'false').map((entry) => entry.command),
  );
  return (contributes?.commands ?? [])
    .filter((command) => !hidden.has(command.command))
    .map((command) => (command.category ? `${command.category}: ${command.title}` : command.title));
}
