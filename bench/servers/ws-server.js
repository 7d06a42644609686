// The WebSocket server of the push, round-trip and memory benchmarks, run as its own process so that
// it never shares an event loop with the client being measured.
//
//   node bench/servers/ws-server.js
//   → prints {"port":N} once listening on 127.0.0.1 (port 0: any free port), then reads one JSON
//     command per stdin line and answers each with one JSON line on stdout:
//
//   {"cmd":"reply","text":"<STATUS:…>\r\n"}   answer every message any client sends with this text
//   {"cmd":"push","path":"/p1","count":N,"messages":["…",…],"mode":"send"|"framed"}
//                                             send N text messages (cycling through `messages`) to the
//                                             clients connected on `path`; answers once all are written.
//                                             `send`: one ws.send() per message, as a device's server
//                                             would; `framed`: framed once up front and written straight
//                                             to the TCP socket in large chunks, so the server costs
//                                             little more than a memory copy and the client is the
//                                             bottleneck (the client's ceiling)
//   {"cmd":"count"}                           number of open client sockets
//   {"cmd":"closeAll"}                        closes every client socket (answers once all are closed)
//
// Stdin closing stops the server.

import { createInterface } from 'node:readline';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, backlog: 2048, perMessageDeflate: false, clientTracking: true });
/** path → open sockets */
const byPath = new Map();
let reply;

wss.on('connection', (socket, request) => {
  const path = request.url ?? '/';
  let set = byPath.get(path);
  if (set === undefined) byPath.set(path, (set = new Set()));
  set.add(socket);
  socket.on('message', onMessage);
  socket.on('close', () => set.delete(socket));
  socket.on('error', () => {});
});

function onMessage() {
  if (reply !== undefined) this.send(reply, { binary: false });
}

/** One unmasked server→client text frame per message, `count` messages in one buffer. */
function frames(messages, count) {
  const encoded = messages.map((text) => {
    const payload = Buffer.from(text, 'utf8');
    const n = payload.length;
    const head = n < 126 ? Buffer.from([0x81, n]) : n < 65536 ? Buffer.from([0x81, 126, n >> 8, n & 255]) : undefined;
    if (head === undefined) throw new Error('push messages must be shorter than 64 KiB');
    return Buffer.concat([head, payload]);
  });
  const total = Array.from({ length: count }, (_, i) => encoded[i % encoded.length].length).reduce((a, b) => a + b, 0);
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let i = 0; i < count; i++) offset += encoded[i % encoded.length].copy(out, offset);
  return out;
}

const framed = new Map();
const CHUNK = 256 * 1024;

/** Writes `buffer` to the raw TCP socket of `socket` in chunks, honouring backpressure. */
async function writeRaw(socket, buffer) {
  // ws keeps its net.Socket as `_socket`; nothing else writes to it while a push runs.
  const tcp = socket._socket;
  for (let offset = 0; offset < buffer.length; offset += CHUNK) {
    const chunk = buffer.subarray(offset, Math.min(buffer.length, offset + CHUNK));
    if (!tcp.write(chunk)) await new Promise((resolve) => tcp.once('drain', resolve));
  }
}

const HIGH_WATER = 1024 * 1024;

/** One ws.send() per message; pauses while more than HIGH_WATER bytes wait in the socket. */
async function sendEach(socket, payloads, count) {
  const tcp = socket._socket;
  for (let i = 0; i < count; i++) {
    socket.send(payloads[i % payloads.length], { binary: false });
    if ((i & 255) === 255 && socket.bufferedAmount > HIGH_WATER) await new Promise((resolve) => tcp.once('drain', resolve));
  }
  while (socket.bufferedAmount > 0) await new Promise((resolve) => setTimeout(resolve, 1));
}

const handlers = {
  reply({ text }) {
    reply = text === undefined ? undefined : Buffer.from(text, 'utf8');
    return {};
  },
  async push({ path, count, messages, mode = 'framed' }) {
    const sockets = [...(byPath.get(path) ?? [])];
    if (sockets.length === 0) throw new Error(`no client on ${path}`);
    if (mode === 'send') {
      const payloads = messages.map((text) => Buffer.from(text, 'utf8'));
      await Promise.all(sockets.map((socket) => sendEach(socket, payloads, count)));
      return { sockets: sockets.length };
    }
    const key = `${count}\u0000${messages.join('\u0000')}`;
    let buffer = framed.get(key);
    if (buffer === undefined) {
      framed.clear();
      framed.set(key, (buffer = frames(messages, count)));
    }
    await Promise.all(sockets.map((socket) => writeRaw(socket, buffer)));
    return { bytes: buffer.length, sockets: sockets.length };
  },
  count() {
    return { connections: wss.clients.size };
  },
  async closeAll() {
    const closing = [...wss.clients].map((socket) => new Promise((resolve) => {
      socket.once('close', resolve);
      socket.close(1000, 'bench done');
    }));
    await Promise.all(closing);
    return {};
  },
};

// Commands run one at a time, in order.
let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  queue = queue.then(async () => {
    let answer;
    try {
      const command = JSON.parse(line);
      const handler = handlers[command.cmd];
      if (handler === undefined) throw new Error(`unknown command ${command.cmd}`);
      answer = { ok: command.cmd, ...(await handler(command)) };
    } catch (error) {
      answer = { error: error.message };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
});
lines.on('close', () => {
  for (const socket of wss.clients) socket.terminate();
  wss.close(() => process.exit(0));
});

wss.on('listening', () => process.stdout.write(JSON.stringify({ port: wss.address().port }) + '\n'));
wss.on('error', (error) => {
  process.stderr.write(`bench server: ${error.message}\n`);
  process.exit(1);
});
