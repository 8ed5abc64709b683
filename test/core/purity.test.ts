import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|js|mjs)$/.test(entry) ? [full] : [];
  });
}

test('no file under src/ipc imports vscode', () => {
  const root = path.resolve(__dirname, '../../src/ipc');
  const offenders = sourceFiles(root).filter((file) =>
    /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/.test(readFileSync(file, 'utf8')),
  );
  assert.deepEqual(offenders, [], `src/ipc must stay pure Node, but these import vscode: ${offenders.join(', ')}`);
});

test('src/shared, imported by the host and the webview alike, uses neither vscode, Node modules nor the DOM', () => {
  const root = path.resolve(__dirname, '../../src/shared');
  const offenders = sourceFiles(root).filter((file) => {
    const text = readFileSync(file, 'utf8');
    return (
      /from\s+['"](vscode|node:[^'"]+|fs|path|os|net)['"]/.test(text) ||
      /\b(document|window)\./.test(text) ||
      /from\s+['"]\.\.\//.test(text)
    );
  });
  assert.deepEqual(
    offenders,
    [],
    `src/shared must stay free of vscode, Node and the DOM, and import only its own files: ${offenders.join(', ')}`,
  );
});
