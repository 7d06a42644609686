// Statistics of repeated measurements: median, spread (the noise a run measured), percentiles.
//
//   import { summarize, ratioSeries } from './lib/stats.js';
//   summarize([812, 790, 845, 801, 799]) → { median: 801, min: 790, max: 845, spread: 0.069, samples: […] }

/** Median of a non-empty list of numbers. */
export function median(values) {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (`p` in 0–100) of a list, sorted in place when `sorted` is false. */
export function percentile(values, p, sorted = false) {
  if (values.length === 0) throw new RangeError('percentile of nothing');
  const list = sorted ? values : [...values].sort((a, b) => a - b);
  const rank = Math.min(list.length - 1, Math.max(0, Math.ceil((p / 100) * list.length) - 1));
  return list[rank];
}

/**
 * Spread of repeated measurements: (max − min) / median. 0.08 means the repetitions of one run
 * differed by 8 % of their median; that is the noise a verdict tolerates.
 */
export function spread(values) {
  const m = median(values);
  if (m === 0) return 0;
  return (Math.max(...values) - Math.min(...values)) / Math.abs(m);
}

/** Median, extremes and spread of one series of repetitions (samples kept for the JSON file). */
export function summarize(values) {
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    spread: spread(values),
    samples: values.map((v) => round(v, 4)),
  };
}

/** Per-repetition ratios of two paired series (value[i] / baseline[i]), summarized. */
export function ratioSeries(values, baselines) {
  if (values.length !== baselines.length) throw new RangeError('paired series differ in length');
  return summarize(values.map((v, i) => v / baselines[i]));
}

/** `value` rounded to `digits` significant digits (for JSON output only). */
export function round(value, digits) {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** Latencies (µs) of `calls` sequential round trips of `call()`. */
export async function sequential(call, calls) {
  const latencies = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await call();
    latencies[i] = Number(process.hrtime.bigint() - start) / 1e3;
  }
  return latencies;
}
