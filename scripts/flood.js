// Flood: a server pushes 1 000 000 messages at one driver; the driver's memory must stay flat.
// (The CI version is the 20 000-message flood in test/hardening/wire.test.ts.)
//
//   npm run build && node scripts/flood.js [--messages 1000000] [--size 256] [--unmatched-every 100]
//
// The server runs in a child process (ws on 127.0.0.1, any free port), so what is measured here is the
// driver alone. It sends as fast as its socket drains. The driver (runtime/dist) routes every message:
// `E:<text>` matches the push response and lands in a param, anything else is an `unmatched` event.
// Memory is sampled after a full garbage collection before, during and after the flood; the script
// prints one line per sample and a JSON summary, and exits 1 if a message is missing or the heap grew
// by more than --max-growth-mb (default 8).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    size: { type: 'string', default: '256' },
    'unmatched-every': { type: 'string', default: '100' },
    'max-growth-mb': { type: 'string', default: '8' },
    serve: { type: 'boolean', default: false },
  },
});

if (flags.serve) await serve();
else await flood();

/** Child process: a ws server that pushes on request, respecting its socket's backpressure. */
async function serve() {
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  let client;
  wss.on('connection', (socket) => {
    client = socket;
    process.send?.({ type: 'connected' });
  });
  process.on('message', async (message) => {
    if (message.type === 'flood') {
      const body = 'x'.repeat(message.size);
      const unmatchedEvery = message.unmatchedEvery;
      for (let i = 0; i < message.count; i++) {
        const text = unmatchedEvery > 0 && i % unmatchedEvery === unmatchedEvery - 1 ? `?:${i}` : `E:${i}:${body}`;
        client.send(text);
        if (client.bufferedAmount > 4 * 1024 * 1024) {
          // Let the socket drain before writing more: the server must not hold the flood in memory either.
          while (client.bufferedAmount > 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }
      process.send?.({ type: 'sent', count: message.count });
    } else if (message.type === 'exit') {
      client?.terminate();
      wss.close(() => process.exit(0));
    }
  });
  process.send?.({ type: 'listening', port: wss.address().port });
}

async function flood() {
  const runtime = await import('@protogen-dm/runtime').catch(() => {
    console.error('runtime/dist/ is missing: run `npm run build` first');
    process.exit(2);
  });
  const messages = Number(flags.messages);
  const size = Number(flags.size);
  const unmatchedEvery = Number(flags['unmatched-every']);
  const maxGrowth = Number(flags['max-growth-mb']) * 1024 * 1024;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');

  /** One connection, one push response: `E:` then a string running to the end of the message. */
  const spec = {
    name: 'Flood',
    version: '1',
    connections: [{ id: 0, key: 'main', name: 'Main' }],
    params: [
      { id: 1, key: 'eventText', role: 'read', value: 'string', raw: 'other', lengthType: 'next param' },
      { id: 2, key: 'eventHeader', role: 'header', value: 'string', raw: 'other', lengthType: 'fixed', length: 2, constant: Buffer.from('E:').toString('hex') },
    ],
    commands: [],
    responses: [{ id: 1, key: 'event', params: [2, 1], connection: 0 }],
    pairs: [],
  };
  class FloodDriver extends runtime.Driver {
    constructor(options) {
      super(spec, options);
    }
  }

  const server = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (type) =>
    new Promise((resolve) => {
      const listener = (message) => {
        if (message.type !== type) return;
        server.off('message', listener);
        resolve(message);
      };
      server.on('message', listener);
    });
  const { port } = await next('listening');
  const driver = new FloodDriver({ connections: { main: { url: `ws://127.0.0.1:${port}/` } } });
  let received = 0;
  let unmatched = 0;
  let errors = 0;
  let last = '';
  driver.params.on('eventText', (value) => {
    received++;
    last = value;
  });
  driver.on('unmatched', () => unmatched++);
  driver.on('error', () => errors++);
  const connected = next('connected');
  await driver.connect();
  await connected;

  const megabytes = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const measure = () => {
    gc();
    const usage = process.memoryUsage();
    return { heapUsed: usage.heapUsed, rss: usage.rss, external: usage.external, arrayBuffers: usage.arrayBuffers };
  };
  const show = (label, memory) =>
    console.log(`${label.padEnd(16)} heap ${String(megabytes(memory.heapUsed)).padStart(6)} MB  rss ${String(megabytes(memory.rss)).padStart(6)} MB  external ${String(megabytes(memory.external)).padStart(6)} MB`);

  // Warm up (JIT, socket buffers), then measure the flood proper.
  server.send({ type: 'flood', count: 1000, size, unmatchedEvery });
  await next('sent');
  while (received + unmatched < 1000) await new Promise((resolve) => setTimeout(resolve, 5));
  received = 0;
  unmatched = 0;
  const before = measure();
  show('before', before);

  const started = Date.now();
  server.send({ type: 'flood', count: messages, size, unmatchedEvery });
  const samples = [];
  let nextSample = Math.ceil(messages / 5);
  while (received + unmatched < messages) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (received + unmatched >= nextSample) {
      const memory = measure();
      samples.push({ at: received + unmatched, heapUsed: memory.heapUsed });
      show(`${received + unmatched}`, memory);
      nextSample += Math.ceil(messages / 5);
    }
    if (driver.state('main') !== 'open') break;
  }
  const seconds = (Date.now() - started) / 1000;
  await next('sent');
  const after = measure();
  show('after', after);

  await driver.close();
  server.send({ type: 'exit' });
  await once(server, 'exit');

  const isUnmatched = (i) => unmatchedEvery > 0 && i % unmatchedEvery === unmatchedEvery - 1;
  const expectedUnmatched = unmatchedEvery > 0 ? Math.floor(messages / unmatchedEvery) : 0;
  let lastMatched = messages - 1;
  while (lastMatched >= 0 && isUnmatched(lastMatched)) lastMatched--;
  const growth = after.heapUsed - before.heapUsed;
  const summary = {
    messages,
    bodyBytes: size,
    received,
    unmatched,
    errors,
    lastValueOk: last === `${lastMatched}:${'x'.repeat(size)}`,
    seconds,
    messagesPerSecond: Math.round(messages / seconds),
    heapBeforeMb: megabytes(before.heapUsed),
    heapAfterMb: megabytes(after.heapUsed),
    heapGrowthMb: megabytes(growth),
    heapPeakDuringMb: megabytes(Math.max(before.heapUsed, ...samples.map((sample) => sample.heapUsed))),
    rssBeforeMb: megabytes(before.rss),
    rssAfterMb: megabytes(after.rss),
  };
  console.log(JSON.stringify(summary, null, 2));
  const ok = received === messages - expectedUnmatched && unmatched === expectedUnmatched && errors === 0 && summary.lastValueOk && growth < maxGrowth;
  process.exit(ok ? 0 : 1);
}
