// Discovery speed against `ss -xlpn`, CLI start-up against a bare `node`, and probing 50 endpoints of which
// 10 never answer. Needs a build (dist/discovery.js, dist/cli.js); `npm run bench` makes one.
// Prints one JSON line: {"bench":"discovery", ...figures, "targets": {...}}.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { interleave, median, percentile, report, round } from './lib.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const discovery = require(path.join(root, 'dist/discovery.js'));
const cli = path.join(root, 'dist/cli.js');

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const ABSTRACT = Number(process.env.BENCH_ABSTRACT ?? 100);
const PLAIN_FILES = Number(process.env.BENCH_PLAIN_FILES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
/** Start-up is short and the machine's noise is not: more rounds, compared pair by pair. */
const STARTUP_ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 40);

/** A child process that listens on socket files and abstract names, then says "ready". */
const listenerScript = `
const net = require('node:net');
const [dir, sockets, abstract, tag] = process.argv.slice(1);
let left = Number(sockets) + Number(abstract);
const up = () => { if (--left === 0) process.stdout.write('ready\\n'); };
for (let i = 0; i < Number(sockets); i++) net.createServer().listen(dir + '/s' + i + '.sock', up);
for (let i = 0; i < Number(abstract); i++) net.createServer().listen('\\0' + tag + '-' + i, up);
process.on('SIGTERM', () => process.exit(0));
`;

/** A child with one grpc-js server bound to many sockets (health + reflection), plus silent listeners. */
const grpcScript = `
const net = require('node:net');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { ReflectionService } = require('@grpc/reflection');
const { HealthImplementation } = require('grpc-health-check');
const [dir, grpcCount, silentCount, protos] = process.argv.slice(1);
const server = new grpc.Server();
new HealthImplementation({ '': 'SERVING' }).addToServer(server);
const definition = protoLoader.loadSync('grpc/health/v1/health.proto', { includeDirs: [protos] });
new ReflectionService(definition).addToServer(server);
let left = Number(grpcCount) + Number(silentCount);
const up = () => { if (--left === 0) process.stdout.write('ready\\n'); };
for (let i = 0; i < Number(grpcCount); i++)
  server.bindAsync('unix:' + dir + '/g' + i + '.sock', grpc.ServerCredentials.createInsecure(), (e) => { if (e) throw e; up(); });
for (let i = 0; i < Number(silentCount); i++) net.createServer(() => {}).listen(dir + '/q' + i + '.sock', up);
process.on('SIGTERM', () => process.exit(0));
`;

function startChild(script, args) {
  const child = spawn(process.execPath, ['-e', script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench child exited (${code})`)));
    child.stdout.once('data', () => resolve(child));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * CPU time (user + system) of the waited-for children so far, from /proc/self/stat (cutime + cstime, in
 * clock ticks of 10 ms). Averaged over many runs it says what a command costs even on a busy machine,
 * where wall times mostly measure the wait for a core.
 */
function childrenCpuMs() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

function ownCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Average CPU milliseconds per run of `task`, over `runs` runs. */
async function cpuPerRun(runs, task, clock) {
  const start = clock();
  for (let i = 0; i < runs; i++) await task();
  return (clock() - start) / runs;
}

/** Whole-process wall time of a command, in milliseconds. */
function timeProcess(command, args) {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  if (result.error) throw result.error;
  return performance.now() - start;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-bench-'));
  const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-probe-'));
  const children = [];
  try {
    for (let i = 0; i < PLAIN_FILES; i++) fs.writeFileSync(path.join(dir, `f${i}.txt`), '');
    const tag = `gi-bench-${process.pid}`;
    children.push(await startChild(listenerScript, [dir, String(SOCKETS), String(ABSTRACT), tag]));
    const options = { dirs: [dir], probe: false };

    // Sanity: the run must actually see what it is timed on.
    const seen = await discovery.discover(options);
    const ours = seen.filter((e) => e.path.startsWith(dir + '/'));
    const abstract = seen.filter((e) => e.kind === 'abstract' && e.name.startsWith(tag));
    if (ours.length !== SOCKETS || ours.some((e) => e.pid === null) || abstract.length !== ABSTRACT)
      throw new Error(`discovery saw ${ours.length}/${SOCKETS} sockets and ${abstract.length}/${ABSTRACT} abstract names`);

    const kernel = await interleave(ROUNDS, {
      ours: () => discovery.discover(options),
      ss: () => timeProcess('ss', ['-xlpn']),
    });
    const startup = await interleave(STARTUP_ROUNDS, {
      cli: () => timeProcess(process.execPath, [cli, 'discover', '--json', '--no-probe', '--dir', dir]),
      bare: () => timeProcess(process.execPath, ['-e', '0']),
    });
    const cpu = {
      ours: await cpuPerRun(ROUNDS, () => discovery.discover(options), ownCpuMs),
      ss: await cpuPerRun(ROUNDS * 2, () => timeProcess('ss', ['-xlpn']), childrenCpuMs),
      cli: await cpuPerRun(
        ROUNDS,
        () => timeProcess(process.execPath, [cli, 'discover', '--json', '--no-probe', '--dir', dir]),
        childrenCpuMs,
      ),
      bare: await cpuPerRun(ROUNDS, () => timeProcess(process.execPath, ['-e', '0']), childrenCpuMs),
    };
    await stop(children.pop());

    children.push(await startChild(grpcScript, [probeDir, '40', '10', path.join(root, 'protos')]));
    const listed = (await discovery.discover({ defaultDirs: false, dirs: [probeDir], probe: false })).filter((e) =>
      e.path.startsWith(probeDir + '/'),
    );
    if (listed.length !== 50) throw new Error(`expected 50 probe targets, saw ${listed.length}`);
    const probeTimes = [];
    let grpcFound = 0;
    for (let i = 0; i < 5; i++) {
      const copies = listed.map((e) => ({ ...e, grpc: null }));
      const start = performance.now();
      await discovery.probeEndpoints(copies, {});
      probeTimes.push(performance.now() - start);
      grpcFound = copies.filter((e) => e.grpc !== null).length;
    }

    // Each CLI run is paired with the bare run right after it, which saw the same machine: the median of
    // those differences is steadier than the difference of the two medians.
    const overheads = startup.cli.map((ms, i) => ms - startup.bare[i]);
    const figures = {
      listening_sockets: SOCKETS,
      abstract_sockets: ABSTRACT,
      plain_files: PLAIN_FILES,
      rounds: ROUNDS,
      ours_ms: round(median(kernel.ours)),
      ss_ms: round(median(kernel.ss)),
      ours_vs_ss_ratio: round(median(kernel.ours) / median(kernel.ss)),
      cli_ms: round(median(startup.cli)),
      node_bare_ms: round(median(startup.bare)),
      cli_overhead_ms: round(median(overheads)),
      cli_overhead_p25_ms: round(percentile(overheads, 25)),
      cli_overhead_p75_ms: round(percentile(overheads, 75)),
      startup_rounds: STARTUP_ROUNDS,
      ours_cpu_ms: round(cpu.ours),
      ss_cpu_ms: round(cpu.ss),
      ours_vs_ss_cpu_ratio: round(cpu.ours / cpu.ss),
      cli_cpu_ms: round(cpu.cli),
      node_bare_cpu_ms: round(cpu.bare),
      load_average_1m: round(os.loadavg()[0]),
      probe_50_ms: round(median(probeTimes)),
      probe_50_first_ms: round(probeTimes[0]),
      probe_50_grpc_found: grpcFound,
    };
    report('discovery', figures, {
      ours_vs_ss_ratio_le_2: figures.ours_vs_ss_ratio <= 2,
      cli_within_30ms_of_node: figures.cli_overhead_ms <= 30,
      probe_50_under_1000ms: figures.probe_50_ms < 1000 && grpcFound === 40,
    });
  } finally {
    await Promise.all(children.map(stop));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(probeDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
