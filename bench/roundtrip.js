// Request/response: sequential round trips of a generated pair method (`getStatus({ queryOutput })`,
// command built and response matched by the codec, values stored in params) beside a raw `ws` client
// that sends the same bytes and awaits the next message. The server process answers every message
// with the same status text, so both clients get the same work from it.
//
//   npm run build && node bench/roundtrip.js [--quick]
//
// p50 and p99 of the per-call latency, sequential on one connection and with several connections
// in parallel (each connection sequential, all at once). Both kinds of client stay open during a
// repetition and take turns in blocks of 500 calls per connection, so a change of load on the shared
// machine hits both alike. Target: p50 at most 1.15× raw (sequential, and in parallel too).

import { createCodec } from '@protogen-dm/runtime/codec';
import { closeRaw, openDriver, openRaw, sampleDriver, STATUS_MESSAGES } from './lib/clients.js';
import { count, isMain, runCase } from './lib/cases.js';
import { startServer } from './lib/processes.js';
import { row } from './lib/report.js';
import { percentile, ratioSeries, sequential, summarize } from './lib/stats.js';

const QUERY = { queryOutput: 3 };
const PARALLEL = 8;
/** Calls per connection before switching to the other kind of client. */
const BLOCK = 500;

/** A raw client as a call function: send the command bytes, resolve on the next message. */
function rawCaller(ws, bytes) {
  let pending;
  ws.on('message', () => {
    const resolve = pending;
    pending = undefined;
    resolve();
  });
  const executor = (resolve) => {
    pending = resolve;
    ws.send(bytes, { binary: false });
  };
  return () => new Promise(executor);
}

/**
 * One repetition: `connections` raw clients and `connections` drivers, all open at once; blocks of
 * `block` sequential calls per connection alternate between the two kinds until each connection made
 * `calls` calls, so that both kinds see the same machine. Within a block all connections of the kind
 * run at the same time.
 */
async function repetition(kinds, connections, calls, block, flip) {
  const open = async (kind) => {
    const clients = [];
    for (let i = 0; i < connections; i++) clients.push(await kinds[kind].open());
    return clients;
  };
  const clients = { raw: await open('raw'), driver: await open('driver') };
  const latencies = { raw: [], driver: [] };
  const seconds = { raw: 0, driver: 0 };
  const order = flip ? ['driver', 'raw'] : ['raw', 'driver'];
  for (let done = 0; done < calls; done += block) {
    const n = Math.min(block, calls - done);
    for (const kind of order) {
      const start = process.hrtime.bigint();
      const lists = await Promise.all(clients[kind].map((client) => sequential(client.call, n)));
      seconds[kind] += Number(process.hrtime.bigint() - start) / 1e9;
      latencies[kind].push(...lists);
    }
  }
  for (const kind of order) await Promise.all(clients[kind].map((client) => client.close()));
  const figures = (kind) => {
    const all = new Float64Array(connections * calls);
    let offset = 0;
    for (const list of latencies[kind]) {
      all.set(list, offset);
      offset += list.length;
    }
    all.sort();
    return { p50: percentile(all, 50, true), p99: percentile(all, 99, true), rate: (connections * calls) / seconds[kind] };
  };
  return { raw: figures('raw'), driver: figures('driver') };
}

export async function measure({ quick, log }) {
  const calls = quick ? 2000 : 20000;
  const parallelCalls = quick ? 500 : 5000;
  const reps = quick ? 3 : 5;
  const { Driver, spec } = await sampleDriver();
  const pair = spec.pairs.find((p) => p.key === 'getStatus');
  const bytes = createCodec(spec).command(pair.command).build(QUERY);
  const server = await startServer();
  let session = 0;
  const kinds = {
    raw: {
      async open() {
        const ws = await openRaw(server.url(`/raw-${session++}`));
        return { call: rawCaller(ws, bytes), close: () => closeRaw(ws) };
      },
    },
    driver: {
      async open() {
        const { driver } = await openDriver(Driver, spec, server.url(`/driver-${session++}`));
        return { call: () => driver.getStatus(QUERY), close: () => driver.close() };
      },
    },
  };
  try {
    await server.command({ cmd: 'reply', text: STATUS_MESSAGES[2] });
    // The driver really decodes the answer.
    const check = await kinds.driver.open();
    const values = await check.call();
    await check.close();
    if (values.outputNumber !== 3 || values.outputLabel !== 'Studio C') throw new Error(`unexpected answer ${JSON.stringify(values)}`);

    const results = {};
    for (const [label, connections, n] of [
      ['sequential', 1, calls],
      ['parallel', PARALLEL, parallelCalls],
    ]) {
      log(`roundtrip (${label}): warm-up`);
      await repetition(kinds, connections, n / 10, BLOCK, false);
      const raw = [];
      const driver = [];
      for (let rep = 0; rep < reps; rep++) {
        log(`roundtrip (${label}): repetition ${rep + 1}/${reps}`);
        const result = await repetition(kinds, connections, n, BLOCK, rep % 2 === 1);
        raw.push(result.raw);
        driver.push(result.driver);
      }
      results[label] = { raw, driver, connections, n };
    }

    const rows = [];
    const field = (list, name) => list.map((r) => r[name]);
    for (const [label, { raw, driver, connections, n }] of Object.entries(results)) {
      const where = connections === 1 ? `1 connection × ${count(n)} calls` : `${connections} connections × ${count(n)} calls`;
      for (const [stat, target] of [
        ['p50', { on: 'ratio', op: '<=', limit: 1.15 }],
        ['p99', undefined],
      ]) {
        rows.push(
          row({
            measure: `${label} ${stat}, ${where}`,
            unit: 'µs',
            value: summarize(field(driver, stat)),
            baseline: { label: 'raw ws', ...summarize(field(raw, stat)) },
            ratio: ratioSeries(field(driver, stat), field(raw, stat)),
            target,
          }),
        );
      }
      rows.push(
        row({
          measure: `${label} throughput, ${where}`,
          unit: 'calls/s',
          value: summarize(field(driver, 'rate')),
          baseline: { label: 'raw ws', ...summarize(field(raw, 'rate')) },
          ratio: ratioSeries(field(driver, 'rate'), field(raw, 'rate')),
        }),
      );
    }
    return {
      title: `Request/response — getStatus() round trips vs raw ws send/await, median of ${reps} runs`,
      notes: [`the server answers every message with ${JSON.stringify(STATUS_MESSAGES[2])}; command ${JSON.stringify(Buffer.from(bytes).toString('latin1'))}`],
      rows,
    };
  } finally {
    await server.stop();
  }
}

if (isMain(import.meta.url)) await runCase(measure);
