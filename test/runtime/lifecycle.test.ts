// Issue 11 items 3–12: lifecycle races, dynamic ip after a drop, loud rejection of bad values, one URL
// rule, and failures that are reported rather than crashing or going silent.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectError, ConnectionClosedError, type ConnectionState } from '@protogen-dm/runtime';
import { Cleanup, outcome, record, rejection, until } from './helpers.js';
import { echo, TestServer } from './server.js';
import { EchoDriver } from './specs.js';

const cleanup = new Cleanup();
afterEach(async () => {
  vi.useRealTimers();
  await cleanup.run();
});

/** Resolves when the driver's connection next enters `state`. */
function nextState(driver: EchoDriver, state: ConnectionState): Promise<void> {
  return new Promise((resolve) => {
    const off = driver.on('state', (_connection, now) => {
      if (now !== state) return;
      off();
      resolve();
    });
  });
}

describe('reconnect storm', () => {
  it('backs off while reopened connections drop at once, and reports each such loss', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(
      new EchoDriver({
        connections: { main: { url: server.url() } },
        reconnect: { initialDelayMs: 10, maxDelayMs: 10_000, factor: 2, jitter: 0 },
      }),
    );
    const events = record(driver);
    await driver.connect();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (const delayMs of [10, 20, 40, 80]) {
      const reconnecting = nextState(driver, 'reconnecting');
      server.closeClients(1000, 'bye');
      await reconnecting;
      vi.advanceTimersByTime(delayMs - 1);
      expect(driver.state('main')).toBe('reconnecting');
      const opened = nextState(driver, 'open');
      vi.advanceTimersByTime(1);
      expect(driver.state('main')).toBe('connecting');
      await opened;
    }
    // The first loss is an ordinary one; each reopened connection that dropped at once is reported.
    expect(events.errors).toHaveLength(3);
    expect(events.errors.every((e) => e instanceof ConnectionClosedError && /opened/.test(e.message))).toBe(true);
    // Once a connection has stayed up stableMs (default 5 s), the next loss starts from the first delay.
    vi.advanceTimersByTime(5000);
    const reconnecting = nextState(driver, 'reconnecting');
    server.closeClients(1000, 'bye');
    await reconnecting;
    vi.advanceTimersByTime(9);
    expect(driver.state('main')).toBe('reconnecting');
    vi.advanceTimersByTime(1);
    expect(driver.state('main')).toBe('connecting');
    expect(events.errors).toHaveLength(3);
  });
});

describe('connect, close and connect again', () => {
  it('connect() during a reconnect outage rejects but does not stop reconnecting', async () => {
    const first = await TestServer.start();
    const driver = cleanup.add(
      new EchoDriver({ connections: { main: { url: first.url() } }, reconnect: { initialDelayMs: 10, maxDelayMs: 20, jitter: 0 } }),
    );
    await driver.connect();
    await first.close();
    await until(() => driver.state('main') === 'reconnecting');
    await expect(driver.connect()).rejects.toBeInstanceOf(ConnectError);
    const second = cleanup.add(await TestServer.start(first.port));
    second.handler = echo;
    await until(() => driver.state('main') === 'open');
    await expect(driver.ping({ pingRequest: 'back' })).resolves.toEqual({ pingReply: 'back' });
  });

  it('lets the last call win when connect(), close() and connect() come in one tick', async () => {
    const server = cleanup.add(await TestServer.start());
    server.handler = echo;
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    const first = outcome(driver.connect());
    const closed = driver.close();
    const last = driver.connect();
    await last;
    await closed;
    expect('error' in (await first)).toBe(true);
    expect(driver.state('main')).toBe('open');
    await expect(driver.ping({ pingRequest: 'still open' })).resolves.toEqual({ pingReply: 'still open' });
  });
});

describe('state first, then notifications', () => {
  it('reads closed in the status listener, and a connect() from there reopens the driver', async () => {
    const server = cleanup.add(await TestServer.start());
    server.handler = echo;
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    await driver.connect();
    const seen: ConnectionState[] = [];
    let reopened: Promise<void> | undefined;
    driver.params.on('connectionStatus', (value) => {
      if (value !== 0 || reopened !== undefined) return;
      seen.push(driver.state('main'));
      reopened = driver.connect();
    });
    server.closeClients(1001, 'restart');
    await until(() => reopened !== undefined);
    await reopened;
    await server.waitForConnections(2);
    expect(seen).toEqual(['closed']);
    expect(driver.state('main')).toBe('open');
    await expect(driver.ping({ pingRequest: 'again' })).resolves.toEqual({ pingReply: 'again' });
  });

  it('reads closed in the error listener when the heartbeat fails', async () => {
    const server = cleanup.add(await TestServer.start(0, { autoPong: false }));
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } }, heartbeatMs: 20 }));
    const seen: ConnectionState[] = [];
    driver.on('error', () => seen.push(driver.state('main')));
    await driver.connect();
    await until(() => seen.length > 0);
    expect(seen).toEqual(['closed']);
  });
});

describe('dynamic ip', () => {
  it('dials the (new) URL when written after the device dropped the connection, reconnect off', async () => {
    const a = cleanup.add(await TestServer.start());
    const b = cleanup.add(await TestServer.start());
    b.handler = echo;
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: a.url() } } }));
    await driver.connect();
    a.closeClients(1001, 'gone');
    await until(() => driver.state('main') === 'closed');
    driver.params.set('host', `127.0.0.1:${b.port}`);
    await until(() => driver.state('main') === 'open');
    await expect(driver.ping({ pingRequest: 'on b' })).resolves.toEqual({ pingReply: 'on b' });
    b.closeClients(1001, 'gone');
    await until(() => driver.state('main') === 'closed');
    driver.params.set('host', `127.0.0.1:${b.port}`); // the same value again: DataMiner's way back
    await until(() => driver.state('main') === 'open');
    expect(b.handshakes).toHaveLength(2);
  });

  it.each(['not a host!!', '127.0.0.1:99999', 'ftp://127.0.0.1:1/'])('reports %j as an error and keeps the connection', async (value) => {
    const server = cleanup.add(await TestServer.start());
    server.handler = echo;
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    const events = record(driver);
    await driver.connect();
    driver.params.set('host', value);
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toBeInstanceOf(RangeError);
    expect(events.errors[0]?.message).toContain(JSON.stringify(value));
    expect(driver.state('main')).toBe('open');
    await expect(driver.ping({ pingRequest: 'still here' })).resolves.toEqual({ pingReply: 'still here' });
    expect(server.handshakes).toHaveLength(1);
  });
});

describe('invalid options', () => {
  it('rejects maxQueue 0 and other values that would make every call fail', () => {
    const connections = { main: { url: 'ws://127.0.0.1:1' } };
    expect(() => new EchoDriver({ connections, maxQueue: 0 })).toThrow(RangeError);
    expect(() => new EchoDriver({ connections, maxMessageBytes: 0 })).toThrow(RangeError);
    expect(() => new EchoDriver({ connections, reconnect: { stableMs: -1 } })).toThrow(RangeError);
  });
});

describe('url, dynamic ip and handshake path: one rule', () => {
  it('dials a url option that names a path as it is', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url('/dev/ws') } } }));
    await driver.connect();
    expect(server.handshakes.map((h) => h.url)).toEqual(['/dev/ws']);
  });

  it('gives a dynamic-ip URL without a path the handshake path, as it does the url option', async () => {
    const a = cleanup.add(await TestServer.start());
    const b = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: a.url() } } }));
    await driver.connect();
    driver.params.set('host', b.url('/'));
    await b.waitForConnections(1);
    driver.params.set('host', a.url('/api/v2/control'));
    await a.waitForConnections(2);
    expect(a.handshakes.map((h) => h.url)).toEqual(['/dev/ws', '/api/v2/control']);
    expect(b.handshakes.map((h) => h.url)).toEqual(['/dev/ws']);
  });
});

describe('failures are reported, never crash', () => {
  it('reports an async param listener that rejects through error', async () => {
    const server = cleanup.add(await TestServer.start());
    server.handler = echo;
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    const events = record(driver);
    driver.params.on('pingReply', async () => {
      await Promise.resolve();
      throw new Error('async listener failed');
    });
    driver.on('state', async (_connection, state) => {
      if (state === 'open') throw new Error('async state listener failed');
    });
    await driver.connect();
    await driver.ping({ pingRequest: 'x' });
    await until(() => events.errors.length === 2);
    expect(events.errors.map((e) => e.message).sort()).toEqual(['async listener failed', 'async state listener failed']);
  });

  it('reports a ping flood that ends the socket, with its cause', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    const events = record(driver);
    await driver.connect();
    const pending = rejection(driver.ping({ pingRequest: 'x' }));
    await server.waitForFrames(1);
    // 100 unmasked empty pings (opcode 9) in one TCP write: ws would answer 60 and then terminate.
    const raw = (server.frames[0]!.socket as unknown as { _socket: { write(b: Buffer): void } })._socket;
    raw.write(Buffer.alloc(200, Buffer.from([0x89, 0x00])));
    const error = (await pending) as ConnectionClosedError;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.code).toBe(1006);
    expect((error.cause as Error | undefined)?.message).toMatch(/ping/);
    expect(events.errors.some((e) => /ping/.test(e.message))).toBe(true);
  });

  it('leaves ConnectionClosedError.reason absent for 1006', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    await driver.connect();
    const pending = rejection(driver.ping({ pingRequest: 'x' }));
    await server.waitForFrames(1);
    server.terminateClients();
    const error = (await pending) as ConnectionClosedError;
    expect(error.code).toBe(1006);
    expect(error.reason).toBeUndefined();
    expect(error.message).not.toContain(': )');
  });
});
