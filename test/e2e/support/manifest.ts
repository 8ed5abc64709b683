// Reads what the extension's package.json contributes: the harness waits for those commands, and a
// test of a feature still being built can say what it is waiting for.
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
  const hidden = new Set((contributes?.menus?.commandPalette ?? []).filter((entry) => entry.when === 'false').map((entry) => entry.command));
  return (contributes?.commands ?? []).filter((command) => !hidden.has(command.command)).map((command) => (command.category ? `${command.category}: ${command.title}` : command.title));
}

/**
 * A `todo` reason naming the commands the manifest does not contribute yet, or undefined when all are
 * there and the test must pass. Use only while a feature is being built: once it lands, drop the todo,
 * or a command removed later would turn its test into a todo instead of a failure.
 */
export function waitingFor(needs: { commands?: string[] }): string | undefined {
  const titles = contributedCommandTitles();
  const missing = (needs.commands ?? []).filter((title) => !titles.includes(title));
  return missing.length > 0 ? `waiting for the extension to contribute ${missing.join(', ')}` : undefined;
}
