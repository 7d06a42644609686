// `npm run bench`: every benchmark, each figure beside its baseline measured in the same run, printed
// as tables and saved to bench/results/latest.json (git-ignored). Never part of the tests.
//
//   npm run bench                                   build, then every case
//   node bench/run.js [case...] [--quick]           selected cases (after `npm run build`)
//     cases: generation typecheck push roundtrip http polling memory codec serial snmp
//     --quick: small N and 3 repetitions, a smoke run of the machinery; its verdicts are not gated
//
// Each case runs in its own node process (--expose-gc), so one case's heap and JIT state never
// colours another's; progress goes to stderr. Verdicts: `pass`; `pass (noise)` when a figure misses
// its target by no more than the spread its repetitions showed (worse than target × (1 + spread));
// `FAIL` otherwise. Exit code 1 when any row FAILs (not with --quick), 2 when a case could not run.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { environment, formatTable, saveResults } from './lib/report.js';
import { ROOT } from './lib/processes.js';

const CASES = ['generation', 'typecheck', 'push', 'roundtrip', 'http', 'polling', 'memory', 'codec', 'serial', 'snmp'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const unknownFlags = args.filter((a) => a.startsWith('-') && a !== '--quick');
const selected = args.filter((a) => !a.startsWith('-'));
const unknownCases = selected.filter((name) => !CASES.includes(name));
if (unknownFlags.length > 0 || unknownCases.length > 0) {
  console.error(`unknown ${[...unknownFlags, ...unknownCases].join(', ')}\nusage: node bench/run.js [${CASES.join('|')}]... [--quick]`);
  process.exit(2);
}
if (!existsSync(`${ROOT}generator/dist/index.js`)) {
  console.error('generator/dist/ is missing: run `npm run build` first (or `npm run bench`, which builds)');
  process.exit(2);
}
const cases = selected.length > 0 ? CASES.filter((name) => selected.includes(name)) : CASES;

/** Runs `bench/<name>.js --json` in a child process; resolves with its result object. */
function runChild(name) {
  const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script, '--json', ...(quick ? ['--quick'] : [])], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`bench/${name}.js exited with ${code ?? signal}\n${stdout}`.trimEnd()));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`bench/${name}.js printed no result\n${stdout}`));
      }
    });
  });
}

const env = environment();
const run = { date: new Date().toISOString(), quick, ...env, cases: {} };
console.log(
  `protogen benchmarks — Node ${env.node}, ${env.platform}, ${env.cpus} × ${env.cpuModel}${quick ? ' — QUICK smoke run, not gated' : ''}\n`,
);
let broken = false;
for (const name of cases) {
  const started = Date.now();
  process.stderr.write(`[${name}]\n`);
  try {
    const result = await runChild(name);
    result.seconds = (Date.now() - started) / 1000;
    run.cases[name] = result;
    console.log(formatTable(result) + '\n');
  } catch (error) {
    broken = true;
    run.cases[name] = { error: String(error.message ?? error) };
    console.log(`### ${name}\n\n  could not run: ${error.message}\n`);
  }
}

const rows = Object.values(run.cases).flatMap((c) => c.rows ?? []);
const failed = rows.filter((r) => r.verdict === 'FAIL');
const noisy = rows.filter((r) => r.verdict === 'noise');
const gated = rows.filter((r) => r.target !== undefined);
run.summary = { gated: gated.length, passed: gated.length - failed.length, failed: failed.map((r) => r.measure), withinNoise: noisy.map((r) => r.measure) };
const file = saveResults(run);

console.log(
  `${gated.length - failed.length}/${gated.length} targets met` +
    (noisy.length > 0 ? ` (${noisy.length} only within the measured noise)` : '') +
    (failed.length > 0 ? `; missed: ${failed.map((r) => r.measure).join('; ')}` : '') +
    `\nsaved ${file.slice(ROOT.length)}`,
);
if (broken) process.exitCode = 2;
else if (failed.length > 0 && !quick) process.exitCode = 1;
