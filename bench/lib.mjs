// Shared helpers for the benchmarks: interleaved runs, percentiles and the one-line JSON report.
import { performance } from 'node:perf_hooks';

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const median = (values) => percentile(values, 50);

export const round = (value, digits = 2) => Number(value.toFixed(digits));

/**
 * Runs each named task `rounds` times, alternating A B A B so drift and noise hit both alike.
 * Returns the elapsed milliseconds of every run, by name.
 */
export async function interleave(rounds, tasks) {
  const samples = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, task] of Object.entries(tasks)) {
      const start = performance.now();
      await task();
      samples[name].push(performance.now() - start);
    }
  }
  return samples;
}

/** Prints the benchmark's one JSON line; `targets` maps a target's name to whether it was met. */
export function report(bench, figures, targets) {
  console.log(JSON.stringify({ bench, ...figures, targets }));
}
