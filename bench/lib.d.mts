// Types for lib.mjs, so TypeScript benchmarks can use the shared helpers.
export function percentile(values: number[], p: number): number;
export function median(values: number[]): number;
export function round(value: number, digits?: number): number;
export function interleave<T extends Record<string, () => Promise<unknown>>>(rounds: number, tasks: T): Promise<{ [K in keyof T]: number[] }>;
export function report(bench: string, figures: Record<string, unknown>, targets: Record<string, boolean>): void;
