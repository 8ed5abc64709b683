// Runs every benchmark in turn (never in parallel: the machine has two cores) and ends with a summary
// line of each target and whether it was met. Each benchmark prints one JSON object on stdout.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

const here = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => /\.bench\.(mjs|ts)$/.test(name))
  .filter((name) => only.length === 0 || only.some((word) => name.startsWith(word)))
  .sort();

function runOne(file) {
  const args = file.endsWith('.ts') ? ['--import', 'tsx', path.join(here, file)] : [path.join(here, file)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: path.resolve(here, '..') });
    let out = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      out += chunk;
    });
    child.on('close', (code) => {
      const results = out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      resolve({ file, code, results });
    });
  });
}

const summary = [];
for (const file of files) {
  const { code, results } = await runOne(file);
  if (code !== 0) summary.push({ bench: file, target: 'ran', met: false });
  for (const result of results) {
    for (const [target, met] of Object.entries(result.targets ?? {})) summary.push({ bench: result.bench, target, met });
  }
}
const met = summary.filter((entry) => entry.met).length;
console.log(JSON.stringify({ summary: summary.map((e) => `${e.met ? 'met' : 'MISSED'} ${e.bench}: ${e.target}`), met, total: summary.length }));
