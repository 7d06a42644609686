// Generation time on synthetic protocols (bench/synthetic-protocol.js: pairs = params / 2, discretes,
// 4 connections, structured responses), beside the cost of merely parsing the same XML.
//
//   npm run build && node bench/generation.js [--quick]
//
// - in-process: generate() as the first call of a fresh process (one process per repetition; import
//   time reported apart). Baseline: decoding + saxes parsing the same file in a fresh process.
//   Target: 20 000 params under 1 s.
// - growth: generate(20 000) / generate(5 000) per repetition. Target: at most 4.4× (linear is 4×).
// - warm in-process: the same call after two warm-up calls in one process (information only).
// - CLI: `node generator/bin/protogen.js file.xml --out <empty dir> --quiet`, the whole process, beside a bare
//   `node -e ""` (information only), and beside a whole process that only decodes and saxes-parses the
//   same file keeping nothing (bench/lib/generate-once.js scan: the bare parse of issue 10). Target at
//   the largest size: at most 3× that parse, in wall time and in CPU time (user + system of each child;
//   the machine is shared, and load inflates wall time far more than CPU time). Beside it, for
//   information, a process that parses into a minimal tree (`parse`).
// - stages (information): read, check, plan and emit timed apart at the largest size, in a fresh
//   process and warm (bench/lib/generate-once.js stages): which stage the time is in, and how much of
//   it is V8 warming up rather than work.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { count, isMain, runCase } from './lib/cases.js';
import { nodeJson, timeNode } from './lib/processes.js';
import { RESULTS_DIR, row } from './lib/report.js';
import { ratioSeries, summarize } from './lib/stats.js';
import { syntheticProtocol } from './synthetic-protocol.js';

const CONNECTIONS = 4;

export async function measure({ quick, log }) {
  const sizes = quick ? [500, 1000, 4000] : [1000, 5000, 20000];
  const [, middle, largest] = sizes;
  const reps = quick ? 3 : 5;
  const dir = `${RESULTS_DIR}tmp/generation/`;
  mkdirSync(dir, { recursive: true });
  const files = new Map();
  const megabytes = new Map();
  for (const params of sizes) {
    const xml = syntheticProtocol({ params, connections: CONNECTIONS });
    const file = `${dir}synthetic-${params}.xml`;
    writeFileSync(file, xml);
    files.set(params, file);
    megabytes.set(params, Buffer.byteLength(xml) / 1e6);
  }
  const once = (mode, params, warm = 0) =>
    nodeJson(['--expose-gc', 'bench/lib/generate-once.js', mode, files.get(params), String(warm)]);
  let cliRun = 0;
  const cli = async (params) => {
    const out = `${dir}out-${cliRun++ % 2}/`;
    rmSync(out, { recursive: true, force: true });
    return timeNode(['generator/bin/protogen.js', files.get(params), '--out', out, '--quiet']);
  };
  const nodeStartup = async () => (await timeNode(['-e', ''])).ms;
  const parseProcess = (params, mode) => timeNode(['bench/lib/generate-once.js', mode, files.get(params)]);
  const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
  const loadAtStart = load();

  // Warm the file cache and the compile caches of node itself; nothing of this is recorded.
  log('generation: warm-up');
  for (const params of sizes) {
    await once('generate', params);
    await once('parse', params);
  }
  await cli(sizes[0]);

  const gen = new Map(sizes.map((n) => [n, []]));
  const parse = new Map(sizes.map((n) => [n, []]));
  const series = () => new Map(sizes.map((n) => [n, { ms: [], cpuMs: [] }]));
  const cliRuns = series();
  const parseRuns = series();
  const scanRuns = series();
  const record = (runs, params, { ms, cpuMs }) => {
    runs.get(params).ms.push(ms);
    runs.get(params).cpuMs.push(cpuMs);
  };
  const imports = [];
  const startup = [];
  const freshStages = [];
  for (let rep = 0; rep < reps; rep++) {
    log(`generation: repetition ${rep + 1}/${reps}`);
    for (const params of sizes) {
      const g = await once('generate', params);
      gen.get(params).push(g.ms);
      imports.push(g.importMs);
      parse.get(params).push((await once('parse', params)).ms);
      record(cliRuns, params, await cli(params));
      record(parseRuns, params, await parseProcess(params, 'parse'));
      record(scanRuns, params, await parseProcess(params, 'scan'));
    }
    startup.push(await nodeStartup());
    freshStages.push((await once('stages', largest)).fresh);
  }
  log('generation: warm in-process');
  const warm = new Map();
  for (const params of sizes) warm.set(params, (await once('generate', params, reps)).warm);
  const warmStages = (await once('stages', largest, reps)).warm;

  const rows = [];
  for (const params of sizes) {
    rows.push(
      row({
        measure: `in-process, fresh process, ${count(params)} params`,
        unit: 'ms',
        value: summarize(gen.get(params)),
        baseline: { label: 'saxes parse', ...summarize(parse.get(params)) },
        ratio: ratioSeries(gen.get(params), parse.get(params)),
        target: params === largest ? { on: 'value', op: '<=', limit: 1000 } : undefined,
      }),
    );
  }
  rows.push(
    row({
      measure: `growth ${count(middle)} → ${count(largest)} params (linear = ${largest / middle}×)`,
      unit: '×',
      value: ratioSeries(gen.get(largest), gen.get(middle)),
      target: { on: 'value', op: '<=', limit: 4.4 * (largest / middle / 4) },
    }),
  );
  for (const params of sizes) {
    rows.push(
      row({
        measure: `in-process, warm, ${count(params)} params`,
        unit: 'ms',
        value: summarize(warm.get(params)),
        baseline: { label: 'fresh', ...summarize(gen.get(params)) },
        ratio: summarize(warm.get(params).map((w) => w / summarize(gen.get(params)).median)),
      }),
    );
  }
  for (const params of sizes) {
    rows.push(
      row({
        measure: `CLI process, ${count(params)} params`,
        unit: 'ms',
        value: summarize(cliRuns.get(params).ms),
        baseline: { label: 'node -e ""', ...summarize(startup) },
        ratio: ratioSeries(cliRuns.get(params).ms, startup),
      }),
    );
  }
  const cliLargest = cliRuns.get(largest);
  const scanLargest = scanRuns.get(largest);
  const parseLargest = parseRuns.get(largest);
  for (const [time, key] of [['wall', 'ms'], ['CPU', 'cpuMs']]) {
    rows.push(
      row({
        measure: `CLI process vs bare saxes parse process (no tree), ${time} time, ${count(largest)} params`,
        unit: 'ms',
        value: summarize(cliLargest[key]),
        baseline: { label: 'parse-only process', ...summarize(scanLargest[key]) },
        ratio: ratioSeries(cliLargest[key], scanLargest[key]),
        target: { on: 'ratio', op: '<=', limit: 3 },
      }),
      row({
        measure: `CLI process vs saxes parse-into-tree process, ${time} time, ${count(largest)} params`,
        unit: 'ms',
        value: summarize(cliLargest[key]),
        baseline: { label: 'tree parse process', ...summarize(parseLargest[key]) },
        ratio: ratioSeries(cliLargest[key], parseLargest[key]),
      }),
    );
  }
  for (const stage of ['read', 'check', 'plan', 'emit']) {
    const fresh = freshStages.map((ms) => ms[stage]);
    const warmed = warmStages.map((ms) => ms[stage]);
    rows.push(
      row({
        measure: `stage ${stage}, fresh process, ${count(largest)} params`,
        unit: 'ms',
        value: summarize(fresh),
        baseline: { label: 'warm', ...summarize(warmed) },
        ratio: ratioSeries(fresh, warmed),
      }),
    );
  }
  const warmTotal = summarize(warmStages.map((ms) => ms.read + ms.check + ms.plan + ms.emit)).median;
  const scanMedian = summarize(scanLargest.ms).median;
  return {
    title: `Generation — synthetic protocols, ${CONNECTIONS} connections, median of ${reps} fresh processes`,
    notes: [
      `sizes: ${sizes.map((n) => `${count(n)} params = ${megabytes.get(n).toFixed(1)} MB`).join(', ')}; ` +
        `importing the generator: ${summarize(imports).median.toFixed(0)} ms (not in the in-process figures)`,
      `the four stages warm take ${warmTotal.toFixed(0)} ms at ${count(largest)} params, ${(warmTotal / scanMedian).toFixed(2)}× the whole ` +
        `parse-only process, before node starts, the file is read or written, or V8 warms up`,
      `load average (1, 5, 15 min) at the start: ${loadAtStart}, at the end: ${load()} (the machine has 2 cores)`,
    ],
    rows,
  };
}

if (isMain(import.meta.url)) await runCase(measure);
