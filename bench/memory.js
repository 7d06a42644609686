// Memory per connection: N connected generated drivers beside N raw `ws` clients, each measured in a
// fresh process (node --expose-gc) against the bench server process.
//
//   npm run build && node bench/memory.js [--quick]
//   node --expose-gc bench/memory.js --probe raw|driver <url> <n> <driver.js>   (one measurement)
//
// The probe opens one client first (so lazily initialised modules are not counted), collects garbage,
// reads process.memoryUsage(), opens N clients in batches of 50, waits for all to be open, collects
// garbage again and prints the heap and RSS growth divided by N. Target: at most 1.5× raw.

import { pathToFileURL } from 'node:url';
import { count, isMain, runCase, sleep } from './lib/cases.js';
import { closeRaw, driverOptions, openRaw, sampleDriver } from './lib/clients.js';
import { nodeJson, startServer } from './lib/processes.js';
import { row } from './lib/report.js';
import { ratioSeries, summarize } from './lib/stats.js';

const BATCH = 50;

/** Full collections until the heap stops shrinking (at most five). */
async function collect() {
  let previous = Infinity;
  for (let i = 0; i < 5; i++) {
    globalThis.gc();
    await sleep(10);
    const used = process.memoryUsage().heapUsed;
    if (used >= previous * 0.999) break;
    previous = used;
  }
}

/** One measurement: memory growth per connection of `n` clients of `kind`. Runs in its own process. */
async function probe(kind, url, n, driverFile) {
  if (typeof globalThis.gc !== 'function') throw new Error('run the probe with node --expose-gc');
  let open;
  let close;
  if (kind === 'driver') {
    const module = await import(pathToFileURL(driverFile).href);
    const spec = Object.entries(module).find(([name]) => name.endsWith('Protocol'))[1];
    const Driver = Object.entries(module).find(([name, value]) => name.endsWith('Driver') && typeof value === 'function')[1];
    // Only what a program holds: the driver, connected (no benchmark listeners or promises kept per driver).
    open = async () => {
      const driver = new Driver(driverOptions(spec, url));
      await driver.connect();
      return driver;
    };
    close = (driver) => driver.close();
  } else {
    open = () => openRaw(url);
    close = closeRaw;
  }
  const clients = [await open()];
  await collect();
  const before = process.memoryUsage();
  for (let i = 0; i < n; i += BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + BATCH); j++) batch.push(open());
    clients.push(...(await Promise.all(batch)));
  }
  await sleep(50);
  await collect();
  const after = process.memoryUsage();
  const per = (key) => (after[key] - before[key]) / n;
  const result = { heap: per('heapUsed'), rss: per('rss'), external: per('external') };
  for (let i = 0; i < clients.length; i += BATCH) await Promise.all(clients.slice(i, i + BATCH).map(close));
  return result;
}

export async function measure({ quick, log }) {
  const n = quick ? 100 : 1000;
  const reps = quick ? 3 : 5;
  const { file } = await sampleDriver();
  const server = await startServer();
  try {
    const raw = [];
    const driver = [];
    for (let rep = 0; rep < reps; rep++) {
      log(`memory: repetition ${rep + 1}/${reps}`);
      const order = rep % 2 === 0 ? ['raw', 'driver'] : ['driver', 'raw'];
      for (const kind of order) {
        const result = await nodeJson(['--expose-gc', 'bench/memory.js', '--probe', kind, server.url(`/${kind}`), String(n), file]);
        (kind === 'raw' ? raw : driver).push(result);
      }
    }
    const field = (list, name) => list.map((r) => r[name]);
    const rows = [];
    for (const [name, label] of [
      ['heap', 'heap used per connection'],
      ['rss', 'RSS per connection'],
    ]) {
      rows.push(
        row({
          measure: label,
          unit: 'B',
          value: summarize(field(driver, name)),
          baseline: { label: 'raw ws', ...summarize(field(raw, name)) },
          ratio: ratioSeries(field(driver, name), field(raw, name)),
          target: { on: 'ratio', op: '<=', limit: 1.5 },
        }),
      );
    }
    rows.push(
      row({
        measure: 'external (Buffers) per connection',
        unit: 'B',
        value: summarize(field(driver, 'external')),
        baseline: { label: 'raw ws', ...summarize(field(raw, 'external')) },
      }),
    );
    return {
      title: `Memory — ${count(n)} connected drivers vs ${count(n)} raw ws clients, median of ${reps} fresh processes`,
      notes: ['growth between one open client and N + 1 open clients, after full GCs, divided by N; protocol samples/structured-text/protocol.xml'],
      rows,
    };
  } finally {
    await server.stop();
  }
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--probe') {
    const [, kind, url, n, file] = args;
    console.log(JSON.stringify(await probe(kind, url, Number(n), file)));
    process.exit(0);
  } else {
    await runCase(measure);
  }
}
