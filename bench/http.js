// HTTP sessions: sequential calls of a generated session method (`listItems()` of the Shelf Inventory
// sample: request built from the spec, status line, two headers and the body stored into typed params)
// beside a bare undici Client.request of the same bytes that reads the body, against one node:http
// server in its own process. Keep-alive on both sides (the session is `keepAlive="true"`).
//
//   npm run build && node bench/http.js [--quick]
//
// p50 and p99 per call, sequential on one driver/client, and 8 drivers/clients in parallel against the
// one server (each sequential, all at once). The two kinds take turns in blocks of 200 calls so that a
// change of load on the shared machine hits both alike. Target: p50 at most 1.15× bare undici.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from 'undici';
import { compiledDriver } from './lib/drivers.js';
import { count, isMain, runCase } from './lib/cases.js';
import { ROOT } from './lib/processes.js';
import { row } from './lib/report.js';
import { percentile, ratioSeries, sequential, summarize } from './lib/stats.js';

const PARALLEL = 8;
const BLOCK = 200;
const HEADERS = { Accept: 'application/json', Authorization: 'Bearer bench' };

function startHttpServer() {
  const script = fileURLToPath(new URL('./servers/http-server.js', import.meta.url));
  const child = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    createInterface({ input: child.stdout }).once('line', (line) => {
      const { port } = JSON.parse(line);
      resolve({ url: `http://127.0.0.1:${port}`, stop: () => new Promise((done) => (child.once('exit', done), child.stdin.end())) });
    });
  });
}

/** The same request a session sends, by hand: GET /api/items with the same headers, body read as text. */
function bareClient(url) {
  const client = new Client(url, { pipelining: 1 });
  const call = async () => {
    const response = await client.request({ path: '/api/items', method: 'GET', headers: HEADERS });
    const text = await response.body.text();
    if (response.statusCode !== 200 || text.length === 0) throw new Error(`unexpected answer ${response.statusCode}`);
  };
  return { call, close: () => client.close() };
}

async function repetition(kinds, connections, calls, flip) {
  const open = async (kind) => Promise.all(Array.from({ length: connections }, () => kinds[kind].open()));
  const clients = { bare: await open('bare'), driver: await open('driver') };
  const latencies = { bare: [], driver: [] };
  const order = flip ? ['driver', 'bare'] : ['bare', 'driver'];
  for (let done = 0; done < calls; done += BLOCK) {
    const n = Math.min(BLOCK, calls - done);
    for (const kind of order) latencies[kind].push(...(await Promise.all(clients[kind].map((client) => sequential(client.call, n)))));
  }
  for (const kind of order) await Promise.all(clients[kind].map((client) => client.close()));
  const figures = (kind) => {
    const all = Float64Array.from(latencies[kind].flatMap((list) => [...list])).sort();
    return { p50: percentile(all, 50, true), p99: percentile(all, 99, true) };
  };
  return { bare: figures('bare'), driver: figures('driver') };
}

export async function measure({ quick, log }) {
  const calls = quick ? 400 : 4000;
  const parallelCalls = quick ? 200 : 1000;
  const reps = quick ? 3 : 5;
  const { Driver } = await compiledDriver('rest-device');
  const server = await startHttpServer();
  const kinds = {
    bare: { open: async () => bareClient(server.url) },
    driver: {
      async open() {
        const driver = new Driver({ connections: { shelfAPI: { url: server.url } } });
        await driver.connect();
        return { call: () => driver.listItems({ apiToken: HEADERS.Authorization }), close: () => driver.close() };
      },
    },
  };
  try {
    const check = await kinds.driver.open();
    const values = await check.call();
    await check.close();
    if (values.rateRemaining !== 99 || values.statusLine !== 'HTTP/1.1 200 OK') throw new Error(`unexpected answer ${JSON.stringify(values)}`);
    const rows = [];
    for (const [label, connections, n] of [
      ['sequential', 1, calls],
      ['parallel', PARALLEL, parallelCalls],
    ]) {
      log(`http (${label}): warm-up`);
      await repetition(kinds, connections, Math.max(BLOCK, n / 10), false);
      const bare = [];
      const driver = [];
      for (let rep = 0; rep < reps; rep++) {
        log(`http (${label}): repetition ${rep + 1}/${reps}`);
        const result = await repetition(kinds, connections, n, rep % 2 === 1);
        bare.push(result.bare);
        driver.push(result.driver);
      }
      const where = connections === 1 ? `1 driver × ${count(n)} calls` : `${connections} drivers × ${count(n)} calls, one server`;
      for (const [stat, target] of [
        ['p50', { on: 'ratio', op: '<=', limit: 1.15 }],
        ['p99', undefined],
      ]) {
        const field = (list) => list.map((r) => r[stat]);
        rows.push(row({ measure: `${label} ${stat}, ${where}`, unit: 'µs', value: summarize(field(driver)), baseline: { label: 'bare undici', ...summarize(field(bare)) }, ratio: ratioSeries(field(driver), field(bare)), target }));
      }
    }
    return {
      title: `HTTP sessions — listItems() vs a bare undici Client.request of the same bytes, median of ${reps} runs`,
      notes: ['GET /api/items with Accept and Authorization; the answer is 200 with two headers and a 34-byte JSON body'],
      rows,
    };
  } finally {
    await server.stop();
  }
}

if (isMain(import.meta.url)) await runCase(measure);
