// What every case file shares: run standalone (`node bench/push.js [--quick]` prints its table) or
// under bench/run.js (`--json`: the result as the last stdout line, progress on stderr).
//
//   export async function measure({ quick, log }) { … return { title, notes, rows }; }
//   if (isMain(import.meta.url)) await runCase(measure);

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from './report.js';

/** True when the module at `url` is the script node was started with. */
export function isMain(url) {
  return process.argv[1] !== undefined && fileURLToPath(url) === resolve(process.argv[1]);
}

/** Progress lines go to stderr so that stdout stays the result. */
export function log(line) {
  process.stderr.write(`  ${line}\n`);
}

/** Runs `measure` with the flags of this process and prints its table or its JSON. */
export async function runCase(measure) {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const result = await measure({ quick, log });
  if (args.includes('--json')) {
    process.stdout.write(`\n${JSON.stringify(result)}\n`);
  } else {
    console.log(formatTable(result));
    if (!quick && result.rows.some((r) => r.verdict === 'FAIL')) process.exitCode = 1;
  }
}

/** `n` with spaces between thousands, for titles. */
export function count(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Waits `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
