// Rows, verdicts, tables and the JSON file of a benchmark run.
//
// A case returns { title, notes, rows }. A row is one figure beside its baseline:
//
//   row({
//     measure: 'push, 200 000 messages',
//     unit: 'msg/s',
//     value: summarize(driverRates),                       // the thing measured
//     baseline: { label: 'raw ws', ...summarize(rawRates) }, // measured in the same run
//     ratio: ratioSeries(driverRates, rawRates),            // per repetition, then the median
//     target: { on: 'ratio', op: '>=', limit: 0.85 },
//   })
//
// Verdict: `pass` when the median meets the target; `noise` when it misses it by no more than the
// spread the run measured (ratio worse than target × (1 + spread)); `FAIL` otherwise; `info` when the
// row has no target.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/** Builds a row and judges it. */
export function row({ measure, unit, value, baseline, ratio, target, note }) {
  const judged = target === undefined ? undefined : target.on === 'ratio' ? ratio : value;
  if (target !== undefined && judged === undefined) throw new Error(`${measure}: target on a missing ${target.on}`);
  const noise = judged?.spread ?? ratio?.spread ?? value.spread;
  return { measure, unit, value, baseline, ratio, target, noise, verdict: judge(judged?.median, noise, target), note };
}

/** `pass`, `noise` (missed by less than the measured noise), `FAIL` or `info`. */
export function judge(measured, noise, target) {
  if (target === undefined) return 'info';
  const { op, limit } = target;
  if (op === '<=' ? measured <= limit : measured >= limit) return 'pass';
  const tolerated = op === '<=' ? measured <= limit * (1 + noise) : measured >= limit / (1 + noise);
  return tolerated ? 'noise' : 'FAIL';
}

// ── formatting ──────────────────────────────────────────────────────────────────────────────────

/** 1234567 → "1 234 567" (grouped, no locale surprises). */
function group(text) {
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** A number with about three significant digits, grouped. */
export function num(value) {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return group(value.toFixed(digits));
}

/** A value with its unit: bytes become KiB/MiB, ratios get ×. */
export function withUnit(value, unit) {
  if (unit === 'B') {
    if (Math.abs(value) >= 1024 * 1024) return `${num(value / 1024 / 1024)} MiB`;
    if (Math.abs(value) >= 1024) return `${num(value / 1024)} KiB`;
    return `${num(value)} B`;
  }
  if (unit === '×') return `${num(value)}×`;
  return `${num(value)} ${unit}`;
}

function targetText(target, unit) {
  if (target === undefined) return '—';
  const op = target.op === '<=' ? '≤' : '≥';
  return target.on === 'ratio' ? `ratio ${op} ${num(target.limit)}` : `${op} ${withUnit(target.limit, unit)}`;
}

const VERDICT = { pass: 'pass', noise: 'pass (noise)', FAIL: 'FAIL', info: 'info' };

/** The rows of a case as text cells. */
function cells(rows) {
  return rows.map((r) => [
    r.measure,
    withUnit(r.value.median, r.unit),
    r.baseline === undefined ? '—' : `${r.baseline.label} ${withUnit(r.baseline.median, r.baseline.unit ?? r.unit)}`,
    r.ratio === undefined ? '—' : `${num(r.ratio.median)}×`,
    targetText(r.target, r.unit),
    `${Math.round(r.noise * 100)} %`,
    VERDICT[r.verdict],
  ]);
}

/** A Markdown table of one case (left-aligned text, right-aligned figures). */
export function formatTable(result) {
  const header = ['measure', 'value', 'baseline', 'ratio', 'target', 'noise', 'result'];
  const body = cells(result.rows);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const right = new Set([1, 3, 5]);
  const line = (row) => '| ' + row.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ') + ' |';
  const rule = '|' + widths.map((w, i) => (right.has(i) ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';
  const out = [`### ${result.title}`, '', line(header), rule, ...body.map(line)];
  for (const note of result.notes ?? []) out.push(`  ${note}`);
  for (const r of result.rows) if (r.note) out.push(`  ${r.measure}: ${r.note}`);
  return out.join('\n');
}

/** Node, CPU and load of this machine, for the JSON file and the heading. */
export function environment() {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
  };
}

/** Writes `bench/results/latest.json` and a dated copy; returns the path of latest.json. */
export function saveResults(run) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const text = JSON.stringify(run, null, 2) + '\n';
  const latest = `${RESULTS_DIR}latest.json`;
  writeFileSync(latest, text);
  writeFileSync(`${RESULTS_DIR}${run.date.replace(/[:.]/g, '-')}.json`, text);
  return latest;
}
