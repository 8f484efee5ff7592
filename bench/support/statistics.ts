/**
 * The statistics every benchmark reports. Two percentile definitions are in use and both are kept, so that a
 * figure stays comparable with the results a benchmark wrote before (bench/results/).
 */

/** Nearest rank: the smallest sample with at least p % of the samples at or below it. NaN without samples. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The sample at index ⌊p·n/100⌋: the smallest with more than p % of the samples at or below it, one rank above the
 * nearest rank when p·n/100 is whole (p99 of 100 samples is the largest). The mirror and socket benchmarks use it.
 */
export function upperPercentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A copy sorted in ascending order. */
export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
