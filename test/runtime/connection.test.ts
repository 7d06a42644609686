import { afterEach, describe, expect, it } from 'vitest';
import { ConnectError, ConnectionClosedError, type ConnectionState } from '@protogen-dm/runtime';
import { Cleanup, outcome, record, rejection, until } from './helpers.js';
import { echo, TestServer } from './server.js';
import { EchoDriver, TwoDriver } from './specs.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** A port nothing listens on: one a server just gave back. */
async function closedPort(): Promise<number> {
  const server = await TestServer.start();
  await server.close();
  return server.port;
}

describe('connection lifecycle', () => {
  it('opens, reports states and status 1, closes gracefully with status 0', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    const events = record(driver);
    const status: [number, unknown][] = [];
    driver.params.on('connectionStatus', (value, info) => status.push([value, info.connection]));
    expect(driver.state('main')).toBe('closed');

    await driver.connect();
    expect(driver.state('main')).toBe('open');
    expect(driver.params.get('connectionStatus')).toBe(1);
    await driver.connect(); // already open: nothing happens

    await driver.close();
    await until(() => server.closes.length === 1);
    expect(server.closes).toEqual([1000]);
    expect(events.states).toEqual<[string, ConnectionState][]>([
      ['main', 'connecting'],
      ['main', 'open'],
      ['main', 'closed'],
    ]);
    expect(status).toEqual([
      [1, 'main'],
      [0, 'main'],
    ]);
    expect(events.errors).toEqual([]);
  });

  it('rejects the in-flight and every queued call at once when the server closes', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } }, timeoutMs: 10_000 }));
    const events = record(driver);
    const status: number[] = [];
    driver.params.on('connectionStatus', (value) => status.push(value));
    await driver.connect();
    const calls = ['1', '2', '3'].map((v) => outcome(driver.ping({ pingRequest: v })));
    await server.waitForFrames(1);
    server.closeClients(4000, 'maintenance');

    const results = await Promise.all(calls);
    for (const result of results) {
      expect('error' in result && result.error).toBeInstanceOf(ConnectionClosedError);
      expect(result).toMatchObject({ error: { connection: 'main', code: 4000, reason: 'maintenance' } });
    }
    expect(server.frames.map((f) => f.text)).toEqual(['P:1']);
    expect(events.states.map(([, s]) => s)).toEqual(['connecting', 'open', 'closed']);
    expect(status).toEqual([1, 0]);
    expect(driver.state('main')).toBe('closed');
    // No reconnect by default; calls now reject at once.
    await expect(driver.ping({ pingRequest: 'after' })).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('rejects pending calls with code 1006 when the socket dies without a close frame', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    await driver.connect();
    const call = driver.ping({ pingRequest: 'x' });
    await server.waitForFrames(1);
    server.terminateClients();
    await expect(call).rejects.toMatchObject({ name: 'ConnectionClosedError', code: 1006 });
  });

  it('rejects connect() with ConnectError when the device refuses, without an error event', async () => {
    const port = await closedPort();
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: `ws://127.0.0.1:${port}` } } }));
    const events = record(driver);
    const error = await rejection(driver.connect());
    expect(error).toBeInstanceOf(ConnectError);
    expect(error).toMatchObject({ connection: 'main', url: `ws://127.0.0.1:${port}/dev/ws` });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(events.states.map(([, s]) => s)).toEqual(['connecting', 'closed']);
    expect(events.errors).toEqual([]);
  });

  it('rejects connect() with ConnectError for a malformed URL', async () => {
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: 'not a url' } } }));
    await expect(driver.connect()).rejects.toBeInstanceOf(ConnectError);
    expect(driver.state('main')).toBe('closed');
  });

  it('closes the connections that opened when another fails', async () => {
    const server = cleanup.add(await TestServer.start());
    const port = await closedPort();
    const driver = cleanup.add(
      new TwoDriver({ connections: { control: { url: server.url() }, events: { url: `ws://127.0.0.1:${port}` } } }),
    );
    await expect(driver.connect()).rejects.toMatchObject({ name: 'ConnectError', connection: 'events' });
    expect(driver.state('control')).toBe('closed');
    expect(driver.state('events')).toBe('closed');
    await until(() => server.sockets.size === 0);
  });

  it('rejects a pending connect() when close() is called', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    const connecting = driver.connect();
    const closing = driver.close();
    await expect(connecting).rejects.toBeInstanceOf(ConnectionClosedError);
    await closing;
    expect(driver.state('main')).toBe('closed');
  });

  it('can connect again after close(), and closes through Symbol.asyncDispose', async () => {
    const server = cleanup.add(await TestServer.start());
    server.handler = echo;
    const driver = new EchoDriver({ connections: { main: { url: server.url() } } });
    await driver.connect();
    await driver.close();
    await driver.connect();
    await expect(driver.ping({ pingRequest: 'again' })).resolves.toEqual({ pingReply: 'again' });
    await driver[Symbol.asyncDispose]();
    expect(driver.state('main')).toBe('closed');
    await until(() => server.closes.length === 2);
    expect(server.closes).toEqual([1000, 1000]);
  });

  it('sends handshake headers from params and options, and the path param as URL path', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(
      new EchoDriver({ connections: { main: { url: server.url('/'), headers: { authorization: 'Bearer abc' } } } }),
    );
    await driver.connect();
    expect(server.handshakes).toHaveLength(1);
    expect(server.handshakes[0]!.url).toBe('/dev/ws');
    expect(server.handshakes[0]!.headers).toMatchObject({ 'x-token': 'secret-1', authorization: 'Bearer abc' });
  });

  it('validates options at construction', () => {
    const connections = { main: { url: 'ws://127.0.0.1:1' } };
    expect(() => new EchoDriver({ connections, timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new EchoDriver({ connections, maxQueue: -1 })).toThrow(RangeError);
    expect(() => new EchoDriver({ connections, reconnect: { jitter: 2 } })).toThrow(RangeError);
    expect(() => new EchoDriver({ connections: {} as { main: { url: string } } })).toThrow(TypeError);
  });
});

describe('listeners that act on the driver', () => {
  it('rejects connect() when a state listener closes the driver as it opens', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    const status: number[] = [];
    driver.params.on('connectionStatus', (value) => status.push(value));
    driver.on('state', (_connection, state) => {
      if (state === 'open') void driver.close();
    });
    await expect(driver.connect()).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(driver.state('main')).toBe('closed');
    expect(status).toEqual([]);
  });

  it('lets a param listener issue the next call from inside a response', async () => {
    const server = cleanup.add(await TestServer.start());
    server.handler = echo;
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    await driver.connect();
    let chained: Promise<{ pingReply: string }> | undefined;
    driver.params.on('pingReply', (value) => {
      if (value === 'first') chained = driver.ping({ pingRequest: 'second' });
    });
    await expect(driver.ping({ pingRequest: 'first' })).resolves.toEqual({ pingReply: 'first' });
    await expect(chained).resolves.toEqual({ pingReply: 'second' });
  });
});
