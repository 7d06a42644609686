// Push throughput: a server process sends N structured status messages to one client; the generated
// driver decodes each into typed params and calls a param listener, beside a raw `ws` client that
// only counts the same messages.
//
//   npm run build && node bench/push.js [--quick]
//
// Time: from the push command to the Nth message at the client. Two server modes, each beside raw:
// - `send`: the server calls ws.send() once per message, as a device's WebSocket server does. This is
//   the figure the target is for: the driver delivers at least 85 % of the raw client's messages/s.
// - `framed`: the server writes pre-framed bytes in 256 KiB chunks, so the client process alone is the
//   bottleneck. No target (information): it shows the driver's CPU per message (decode of five fields,
//   param store, listener) against ws's bare framing, which no decoding client can come near.

import { closeRaw, openDriver, openRaw, sampleDriver, STATUS_MESSAGES, within } from './lib/clients.js';
import { count, isMain, runCase } from './lib/cases.js';
import { startServer } from './lib/processes.js';
import { row } from './lib/report.js';
import { ratioSeries, summarize } from './lib/stats.js';

let session = 0;
const TIMEOUT_MS = 60_000;

/** Messages per second a raw ws client receives. */
async function rawRun(server, n, mode) {
  const path = `/raw-${session++}`;
  const ws = await openRaw(server.url(path));
  let received = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  ws.on('message', () => {
    if (++received === n) done();
  });
  const start = process.hrtime.bigint();
  const pushed = server.command({ cmd: 'push', path, count: n, messages: STATUS_MESSAGES, mode });
  await within(Promise.race([finished, pushed.then(() => finished)]), TIMEOUT_MS, `raw push of ${n}`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await pushed;
  await closeRaw(ws);
  return n / seconds;
}

/** Messages per second reaching a typed param listener of the generated driver. */
async function driverRun(server, Driver, spec, n, mode, check = false) {
  const path = `/driver-${session++}`;
  const { driver, failed } = await openDriver(Driver, spec, server.url(path));
  let received = 0;
  let last;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  // outputNumber is in every status message; the listener is typed `(value: number, info) => void`.
  driver.params.on('outputNumber', (value) => {
    last = value;
    if (++received === n) done();
  });
  const start = process.hrtime.bigint();
  const pushed = server.command({ cmd: 'push', path, count: n, messages: STATUS_MESSAGES, mode });
  await within(Promise.race([finished, failed, pushed.then(() => finished)]), TIMEOUT_MS, `driver push of ${n}`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await pushed;
  if (check) {
    // The last message decoded to the values it carries.
    const text = STATUS_MESSAGES[(n - 1) % STATUS_MESSAGES.length];
    const [output, , , , label] = text.slice(8, -3).split(',');
    if (last !== Number(output) || driver.params.get('outputLabel') !== label) {
      throw new Error(`driver decoded ${last}/${driver.params.get('outputLabel')}, expected ${output}/${label}`);
    }
  }
  await driver.close();
  return n / seconds;
}

const MODES = [
  {
    mode: 'send',
    measure: 'server sends with ws.send() per message',
    target: { on: 'ratio', op: '>=', limit: 0.85 },
  },
  {
    mode: 'framed',
    measure: 'server writes pre-framed bytes (client-bound)',
    target: undefined,
  },
];

export async function measure({ quick, log }) {
  const n = quick ? 20000 : 200000;
  const reps = quick ? 3 : 5;
  const { Driver, spec } = await sampleDriver();
  const server = await startServer();
  const rows = [];
  const notes = [`message: ${JSON.stringify(STATUS_MESSAGES[0])} and 15 variants; protocol samples/structured-text/protocol.xml`];
  try {
    for (const { mode, measure, target } of MODES) {
      log(`push (${mode}): warm-up`);
      await driverRun(server, Driver, spec, 1000, mode, true);
      await rawRun(server, n / 4, mode);
      await driverRun(server, Driver, spec, n / 4, mode);
      const raw = [];
      const driver = [];
      for (let rep = 0; rep < reps; rep++) {
        log(`push (${mode}): repetition ${rep + 1}/${reps}`);
        if (rep % 2 === 0) {
          raw.push(await rawRun(server, n, mode));
          driver.push(await driverRun(server, Driver, spec, n, mode, true));
        } else {
          driver.push(await driverRun(server, Driver, spec, n, mode, true));
          raw.push(await rawRun(server, n, mode));
        }
      }
      const perMessage = (rates) => 1e6 / summarize(rates).median;
      notes.push(
        `${mode}: ${perMessage(driver).toFixed(2)} µs per message in the driver, ${perMessage(raw).toFixed(2)} µs raw ` +
          `(+${(perMessage(driver) - perMessage(raw)).toFixed(2)} µs per message)`,
      );
      rows.push(
        row({
          measure,
          unit: 'msg/s',
          value: summarize(driver),
          baseline: { label: 'raw ws', ...summarize(raw) },
          ratio: ratioSeries(driver, raw),
          target,
        }),
      );
    }
    return {
      title: `Push throughput — ${count(n)} status messages server → typed param listener vs raw ws count, median of ${reps} runs`,
      notes,
      rows,
    };
  } finally {
    await server.stop();
  }
}

if (isMain(import.meta.url)) await runCase(measure);
