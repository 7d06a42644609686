// The ws transport's own opening deadline, and the compiled protocol shared by every driver of a spec.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { compileProtocol } from '../../runtime/src/plan.js';
import type { Transport } from '../../runtime/src/transport.js';
import { createWsTransport } from '../../runtime/src/ws-transport.js';
import { echoSpec } from './specs.js';

let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A TCP server that accepts and never answers the upgrade request. */
async function silentServer(): Promise<number> {
  server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('ws transport', () => {
  it('ends with an error when the opening handshake misses its deadline', async () => {
    const port = await silentServer();
    const events: string[] = [];
    const closed = new Promise<{ code: number; error: Error | undefined }>((resolve) => {
      createWsTransport(
        { url: `ws://127.0.0.1:${port}/`, headers: undefined, maxMessageBytes: 1024, heartbeatMs: 0, connectTimeoutMs: 50 },
        {
          opened: () => events.push('opened'),
          received: () => events.push('received'),
          closed: (_transport: Transport, code: number, _reason: string, error: Error | undefined) => resolve({ code, error }),
        },
      );
    });
    const { code, error } = await closed;
    expect(events).toEqual([]);
    expect(code).toBe(1006);
    expect(error?.message).toBe('Opening handshake has timed out');
  });
});

describe('compiled protocol', () => {
  it('is built once per spec and shared by every driver of it', () => {
    const first = compileProtocol(echoSpec);
    expect(compileProtocol(echoSpec)).toBe(first);
    expect(first.pairs.size).toBe(echoSpec.pairs.length);
    expect(compileProtocol({ ...echoSpec })).not.toBe(first);
  });
});
