import { afterEach, describe, expect, it } from 'vitest';
import { ConnectError, ConnectionClosedError } from '@protogen-dm/runtime';
import { Cleanup, delay, outcome, record, until } from './helpers.js';
import { echo, TestServer } from './server.js';
import { EchoDriver } from './specs.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const fast = { initialDelayMs: 10, maxDelayMs: 40, factor: 2, jitter: 0 } as const;

describe('reconnect', () => {
  it('comes back after the server restarts on the same port, re-reading handshake params', async () => {
    const first = await TestServer.start();
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: first.url() } }, reconnect: fast }));
    const events = record(driver);
    const status: number[] = [];
    driver.params.on('connectionStatus', (value) => status.push(value));
    await driver.connect();
    const pending = outcome(driver.ping({ pingRequest: 'lost' }));
    await first.waitForFrames(1);

    await first.close();
    const lost = await pending;
    expect('error' in lost && lost.error).toBeInstanceOf(ConnectionClosedError);
    await until(() => events.states.filter(([, s]) => s === 'connecting').length >= 3);
    expect(driver.state('main')).not.toBe('open');
    await expect(driver.ping({ pingRequest: 'meanwhile' })).rejects.toBeInstanceOf(ConnectionClosedError);

    driver.params.set('token', 'secret-2');
    const second = cleanup.add(await TestServer.start(first.port));
    second.handler = echo;
    await until(() => driver.state('main') === 'open');
    await expect(driver.ping({ pingRequest: 'back' })).resolves.toEqual({ pingReply: 'back' });

    expect(second.handshakes[0]!.headers['x-token']).toBe('secret-2');
    expect(status).toEqual([1, 0, 1]);
    const states = events.states.map(([, s]) => s);
    expect(states.slice(0, 4)).toEqual(['connecting', 'open', 'reconnecting', 'connecting']);
    expect(states.at(-1)).toBe('open');
    expect(states.filter((s) => s === 'open')).toHaveLength(2);
  });

  it('gives up after maxAttempts: closed, with a ConnectError event', async () => {
    const server = await TestServer.start();
    const driver = cleanup.add(
      new EchoDriver({ connections: { main: { url: server.url() } }, reconnect: { ...fast, maxAttempts: 2 } }),
    );
    const events = record(driver);
    await driver.connect();
    await server.close();
    await until(() => driver.state('main') === 'closed');
    expect(events.states.map(([, s]) => s)).toEqual([
      'connecting',
      'open',
      'reconnecting',
      'connecting',
      'reconnecting',
      'connecting',
      'closed',
    ]);
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toBeInstanceOf(ConnectError);
  });

  it('does not reconnect by default', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    const events = record(driver);
    await driver.connect();
    server.closeClients(1001, 'going away');
    await until(() => driver.state('main') === 'closed');
    expect(events.states.map(([, s]) => s)).toEqual(['connecting', 'open', 'closed']);
    expect(events.errors).toEqual([]);
    expect(server.handshakes).toHaveLength(1);
  });

  it('stops reconnecting on close()', async () => {
    const server = await TestServer.start();
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } }, reconnect: fast }));
    await driver.connect();
    await server.close();
    await until(() => driver.state('main') === 'reconnecting');
    await driver.close();
    expect(driver.state('main')).toBe('closed');
    const restarted = cleanup.add(await TestServer.start(server.port));
    await delay(100);
    expect(restarted.handshakes).toHaveLength(0);
  });
});

describe('dynamic ip param', () => {
  it('moves the connection to the new host when written, rejecting what was pending', async () => {
    const a = cleanup.add(await TestServer.start());
    const b = cleanup.add(await TestServer.start());
    b.handler = echo;
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: a.url() } } }));
    const events = record(driver);
    const status: number[] = [];
    driver.params.on('connectionStatus', (value) => status.push(value));
    await driver.connect();
    const pending = outcome(driver.ping({ pingRequest: 'on a' }));
    await a.waitForFrames(1);

    driver.params.set('host', `127.0.0.1:${b.port}`);
    const lost = await pending;
    expect('error' in lost && lost.error).toBeInstanceOf(ConnectionClosedError);
    await until(() => driver.state('main') === 'open');
    await expect(driver.ping({ pingRequest: 'on b' })).resolves.toEqual({ pingReply: 'on b' });

    await until(() => a.closes.length === 1);
    expect(a.closes).toEqual([1000]);
    expect(b.handshakes.map((h) => h.url)).toEqual(['/dev/ws']);
    expect(b.frames.map((f) => f.text)).toEqual(['P:on b']);
    expect(status).toEqual([1, 0, 1]);
    expect(events.states.map(([, s]) => s)).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open']);
  });

  it('accepts a full URL, and uses a value held at connect time instead of the configured URL', async () => {
    const a = cleanup.add(await TestServer.start());
    const b = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: a.url() } } }));
    driver.params.set('host', b.url());
    await driver.connect();
    expect(a.handshakes).toHaveLength(0);
    expect(b.handshakes).toHaveLength(1);

    driver.params.set('host', b.url()); // same value: no reconnect
    driver.params.set('host', a.url());
    await until(() => a.handshakes.length === 1 && driver.state('main') === 'open');
    expect(b.handshakes).toHaveLength(1);
  });

  it('reports a ConnectError event when the new host refuses and reconnect is off', async () => {
    const a = cleanup.add(await TestServer.start());
    const gone = await TestServer.start();
    await gone.close();
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: a.url() } } }));
    const events = record(driver);
    await driver.connect();
    driver.params.set('host', `127.0.0.1:${gone.port}`);
    await until(() => driver.state('main') === 'closed');
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toMatchObject({ name: 'ConnectError', url: `ws://127.0.0.1:${gone.port}/dev/ws` });
  });
});
