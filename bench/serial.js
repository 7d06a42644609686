// Serial and smart-serial over TCP (issue 14), each beside a raw node:net client doing the least the
// same job needs:
// - round trip: sequential `getThreshold()` calls of the generated Serial Power Meter driver (command
//   built, reply framed by its header/trailer, matched, values stored) vs a raw socket that writes the
//   same command bytes and resolves on the next chunk. Target: p50 at most 1.15× raw.
// - push: N status frames (FE 'S' temp ',' state FF) written by the server in 64 KiB chunks, reaching a
//   typed param listener of the generated Smart Serial Encoder driver vs a hand-written FE…FF splitter
//   on a raw socket that parses the temperature. Target: at least 0.85× raw frames/s.
//
//   npm run build && node bench/serial.js [--quick]

import { connect } from 'node:net';
import { createCodec } from '@protogen-dm/runtime/codec';
import { count, isMain, runCase } from './lib/cases.js';
import { within } from './lib/clients.js';
import { compiledDriver } from './lib/drivers.js';
import { startServer } from './lib/processes.js';
import { row } from './lib/report.js';
import { percentile, ratioSeries, summarize } from './lib/stats.js';

const TIMEOUT_MS = 60_000;

function rawSocket(port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.setNoDelay(true);
    socket.once('error', reject);
  });
}

async function latencies(call, calls) {
  const list = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await call();
    list[i] = Number(process.hrtime.bigint() - start) / 1e3;
  }
  list.sort();
  return percentile(list, 50, true);
}

async function roundTrip({ quick, log }) {
  const { Driver, spec } = await compiledDriver('serial-meter');
  const codec = createCodec(spec);
  const command = Buffer.from(codec.command(4).build({}));
  const reply = Buffer.from(codec.response(3).build({ threshold: 1234, thresholdHex: 1234 }));
  const server = await startServer('tcp-server.js');
  const calls = quick ? 2000 : 20000;
  const reps = quick ? 3 : 5;
  try {
    await server.command({ cmd: 'reply', hex: reply.toString('hex') });
    const socket = await rawSocket(server.port);
    let pending;
    socket.on('data', () => pending?.());
    const raw = () => new Promise((resolve) => ((pending = resolve), socket.write(command)));
    const driver = new Driver({ connections: { meterLine: { url: `tcp://127.0.0.1:${server.port}` } } });
    await driver.connect();
    const values = await driver.getThreshold();
    if (values.threshold !== 1234) throw new Error(`unexpected answer ${JSON.stringify(values)}`);
    const call = () => driver.getThreshold();
    await latencies(raw, calls / 10);
    await latencies(call, calls / 10);
    const rawP50 = [];
    const driverP50 = [];
    for (let rep = 0; rep < reps; rep++) {
      log(`serial round trip: repetition ${rep + 1}/${reps}`);
      // Alternate the order so a change of load on the shared machine hits both alike.
      if (rep % 2 === 0) {
        rawP50.push(await latencies(raw, calls));
        driverP50.push(await latencies(call, calls));
      } else {
        driverP50.push(await latencies(call, calls));
        rawP50.push(await latencies(raw, calls));
      }
    }
    await driver.close();
    socket.destroy();
    return row({
      measure: `serial round trip p50, 1 connection × ${count(calls)} calls`,
      unit: 'µs',
      value: summarize(driverP50),
      baseline: { label: 'raw node:net', ...summarize(rawP50) },
      ratio: ratioSeries(driverP50, rawP50),
      target: { on: 'ratio', op: '<=', limit: 1.15 },
    });
  } finally {
    await server.stop();
  }
}

async function push({ quick, log }) {
  const { Driver, spec } = await compiledDriver('smart-serial-encoder');
  const codec = createCodec(spec);
  const frames = Array.from({ length: 16 }, (_, i) => Buffer.from(codec.response(1).build({ temperature: 30 + i / 2, encoderState: i % 3 })).toString('hex'));
  const n = quick ? 20000 : 200000;
  const reps = quick ? 3 : 5;
  const server = await startServer('tcp-server.js');
  const idle = await startServer('tcp-server.js');
  const rawRun = async () => {
    const socket = await rawSocket(server.port);
    let received = 0;
    let sum = 0;
    let done;
    const finished = new Promise((resolve) => (done = resolve));
    let rest = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      let bytes = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
      for (;;) {
        const start = bytes.indexOf(0xfe);
        const end = start === -1 ? -1 : bytes.indexOf(0xff, start + 1);
        if (end === -1) break;
        const comma = bytes.indexOf(0x2c, start + 2);
        sum += Number(bytes.toString('latin1', start + 2, comma));
        bytes = bytes.subarray(end + 1);
        if (++received === n) done();
      }
      rest = Buffer.from(bytes);
    });
    const start = process.hrtime.bigint();
    await within(server.command({ cmd: 'push', count: n, frames }).then(() => finished), TIMEOUT_MS, 'raw push');
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    socket.destroy();
    if (Number.isNaN(sum)) throw new Error('raw client parsed no numbers');
    return n / seconds;
  };
  const driverRun = async () => {
    const driver = new Driver({ connections: { control: { url: `tcp://127.0.0.1:${server.port}` }, console: { url: `tcp://127.0.0.1:${idle.port}` } } });
    let received = 0;
    let done;
    const finished = new Promise((resolve) => (done = resolve));
    driver.params.on('temperature', () => {
      if (++received === n) done();
    });
    await driver.connect();
    const start = process.hrtime.bigint();
    await within(server.command({ cmd: 'push', count: n, frames }).then(() => finished), TIMEOUT_MS, 'driver push');
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await driver.close();
    return n / seconds;
  };
  try {
    await rawRun();
    await driverRun();
    const raw = [];
    const driver = [];
    for (let rep = 0; rep < reps; rep++) {
      log(`smart-serial push: repetition ${rep + 1}/${reps}`);
      if (rep % 2 === 0) {
        raw.push(await rawRun());
        driver.push(await driverRun());
      } else {
        driver.push(await driverRun());
        raw.push(await rawRun());
      }
    }
    return row({
      measure: `smart-serial push, ${count(n)} frames to a typed listener`,
      unit: 'frames/s',
      value: summarize(driver),
      baseline: { label: 'raw FE…FF splitter', ...summarize(raw) },
      ratio: ratioSeries(driver, raw),
      target: { on: 'ratio', op: '>=', limit: 0.85 },
    });
  } finally {
    await server.stop();
    await idle.stop();
  }
}

export async function measure(options) {
  const rows = [await roundTrip(options), await push(options)];
  return {
    title: 'Serial and smart-serial over TCP — generated drivers vs raw node:net clients, median of the runs',
    notes: ['round trip: getThreshold() "#THR?\\r\\n" → "#THR=1234;4d2\\r\\n"; push: 16 distinct status frames cycled'],
    rows,
  };
}

if (isMain(import.meta.url)) await runCase(measure);
