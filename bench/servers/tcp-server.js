// The TCP server of the serial benchmarks, run as its own process so that it never shares an event
// loop with the client being measured.
//
//   node bench/servers/tcp-server.js
//   → prints {"port":N} once listening on 127.0.0.1 (port 0), then reads one JSON command per stdin
//     line and answers each with one JSON line on stdout:
//
//   {"cmd":"reply","hex":"…"}                  answer every chunk any client sends with these bytes
//   {"cmd":"push","count":N,"frames":["hex",…]} write N frames (cycling through `frames`) to every
//                                               client (waiting up to 5 s for one), in 64 KiB writes;
//                                               answers once all are written
//
// Stdin closing stops the server.

import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

const sockets = new Set();
let reply;

const server = createServer((socket) => {
  socket.setNoDelay(true);
  sockets.add(socket);
  socket.on('data', () => {
    if (reply !== undefined) socket.write(reply);
  });
  socket.on('error', () => {});
  socket.on('close', () => sockets.delete(socket));
});

async function push(count, frames) {
  const bytes = frames.map((frame) => Buffer.from(frame, 'hex'));
  const chunks = [];
  let pending = [];
  let size = 0;
  for (let i = 0; i < count; i++) {
    const frame = bytes[i % bytes.length];
    pending.push(frame);
    size += frame.length;
    if (size >= 64 * 1024) {
      chunks.push(Buffer.concat(pending));
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) chunks.push(Buffer.concat(pending));
  // The client's connect may resolve before this process saw the connection.
  for (let waited = 0; sockets.size === 0 && waited < 5000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
  await Promise.all(
    [...sockets].map(async (socket) => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        if (!socket.write(chunk)) await new Promise((resolve) => (socket.once('drain', resolve), socket.once('close', resolve)));
      }
    }),
  );
}

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  try {
    const command = JSON.parse(line);
    if (command.cmd === 'reply') reply = Buffer.from(command.hex, 'hex');
    else if (command.cmd === 'push') await push(command.count, command.frames);
    else throw new Error(`unknown command ${command.cmd}`);
    process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
  }
});
lines.on('close', () => {
  for (const socket of sockets) socket.destroy();
  server.close();
  process.exit(0);
});
