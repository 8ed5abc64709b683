// Ending exactly the processes we started: a child in its own process group, plus every descendant
// (servers an extension launches may make groups of their own). Each process is remembered with its
// start time, so a pid the system has reused for something else is never signalled.
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid and start time from /proc/<pid>/stat; undefined when the process is gone. */
function readStat(pid) {
  try {
    // The command name may hold spaces and parentheses, so count the fields after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), startTime: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** Every living descendant of `pid` as `{ pid, startTime }`, through the parent links in /proc. */
export function descendantsOf(pid) {
  const stats = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.set(Number(entry), stat);
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const [candidate, stat] of stats) {
      if (stat.parent === current) {
        found.push({ pid: candidate, startTime: stat.startTime });
        queue.push(candidate);
      }
    }
  }
  return found;
}

function signalAll(group, processes, signal) {
  try {
    process.kill(-group, signal);
  } catch {
    // the group is empty
  }
  for (const { pid, startTime } of processes) {
    if (readStat(pid)?.startTime !== startTime) continue;
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Stops a child spawned with `detached: true` (its own process group) and all its descendants:
 * SIGTERM first, SIGKILL after `graceMs`. Resolves when the child has exited.
 */
export async function stopProcessTree(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const processes = process.platform === 'linux' ? descendantsOf(child.pid) : [];
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signalAll(child.pid, processes, 'SIGTERM');
  const timer = setTimeout(() => signalAll(child.pid, processes, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Descendants that ignored SIGTERM outlive their parent; end them too.
  signalAll(child.pid, processes, 'SIGKILL');
}
