/**
 * The mock's scripted faults against generated drivers: late and dropped answers, closed and reset
 * sockets, malformed frames, unprompted pushes; and the device's own edges (ports, arguments, cleanup).
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { DualChannelMonitorDriver, dualChannelMonitorProtocol } from '../../generated/dual-channel-monitor.js';
import { EchoServiceDriver, echoServiceProtocol } from '../../generated/echo-service.js';
import { MatrixRouterTextDriver, matrixRouterTextProtocol } from '../../generated/matrix-router-text.js';
import { createMockDevice, type MockDevice } from '@protogen-dm/mock';
import { BadCommandError, ConnectionClosedError, PairTimeoutError, type ConnectionState } from '@protogen-dm/runtime';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

interface Echo {
  mock: MockDevice;
  driver: EchoServiceDriver;
  states: ConnectionState[];
  log: string[];
}

async function echo(): Promise<Echo> {
  const log: string[] = [];
  const mock = await createMockDevice(echoServiceProtocol, { port: 0, log: (line) => log.push(line) });
  cleanups.push(() => mock.close());
  const driver = new EchoServiceDriver({ connections: { webSocketConnection: { url: mock.url(0) } } });
  cleanups.push(() => driver.close());
  const states: ConnectionState[] = [];
  driver.on('state', (_connection, state) => states.push(state));
  await driver.connect();
  return { mock, driver, states, log };
}

/** A plain ws client on a mock connection, collecting what the mock sends it. */
async function rawClient(url: string): Promise<{ socket: WebSocket; frames: { text: boolean; data: string }[] }> {
  const socket = new WebSocket(url);
  cleanups.push(() => socket.terminate());
  const frames: { text: boolean; data: string }[] = [];
  socket.on('message', (data: Buffer, isBinary: boolean) => frames.push({ text: !isBinary, data: data.toString() }));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, frames };
}

describe('late and dropped answers', () => {
  it('delay: an answer later than the timeout rejects with PairTimeoutError; delay(0) restores', async () => {
    const { mock, driver } = await echo();
    mock.delay(300);
    const error = await driver.heartbeat({ timeoutMs: 80 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PairTimeoutError);
    expect(error).toMatchObject({ pair: 'heartbeat', connection: 'webSocketConnection', timeoutMs: 80, attempts: 1 });
    mock.delay(0);
    await expect(driver.getStatus()).resolves.toMatchObject({ serviceState: 'running' });
  });

  it('delay: an answer within the timeout arrives late but arrives', async () => {
    const { mock, driver } = await echo();
    mock.delay(60);
    const started = performance.now();
    await expect(driver.heartbeat({ timeoutMs: 1000 })).resolves.toEqual({ lastEcho: 'sample' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('drop(n): the next n answers never come, the pair retries as the XML says, then times out', async () => {
    const { mock, driver, log } = await echo();
    mock.drop(2);
    // setLabel has retries 1: both attempts are dropped.
    await expect(driver.setLabel({ labelRequest: 'x' }, { timeoutMs: 60 })).rejects.toMatchObject({
      name: 'PairTimeoutError',
      attempts: 2,
    });
    expect(mock.received().map((frame) => frame.command)).toEqual(['setLabel', 'setLabel']);
    expect(log.filter((line) => line.endsWith('answer to setLabel dropped'))).toHaveLength(2);
    await expect(driver.heartbeat()).resolves.toEqual({ lastEcho: 'sample' });
  });

  it("drop('all') drops every answer until drop('none')", async () => {
    const { mock, driver } = await echo();
    mock.drop('all');
    await expect(driver.heartbeat({ timeoutMs: 40 })).rejects.toBeInstanceOf(PairTimeoutError);
    await expect(driver.getStatus({ timeoutMs: 40 })).rejects.toBeInstanceOf(PairTimeoutError);
    mock.drop('none');
    await expect(driver.heartbeat()).resolves.toEqual({ lastEcho: 'sample' });
  });

  it('rejects nonsense settings', async () => {
    const { mock } = await echo();
    expect(() => mock.delay(-1)).toThrow(RangeError);
    expect(() => mock.delay(Number.NaN)).toThrow(RangeError);
    expect(() => mock.drop(1.5)).toThrow(RangeError);
    expect(() => mock.drop(-1)).toThrow(RangeError);
  });
});

describe('pushes and raw frames', () => {
  it('push: a response frame now, values over the set ones, seen by the param listener', async () => {
    const { mock, driver } = await echo();
    const seen: unknown[] = [];
    driver.params.on('lastEcho', (value, info) => seen.push([value, info.responseId, info.connection]));
    mock.set({ lastEcho: 'from set' });
    await expect(mock.push('echo', { lastEcho: 'hello' })).resolves.toBe(1);
    await expect(mock.push(1)).resolves.toBe(1);
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen).toEqual([
      ['hello', 1, 'webSocketConnection'],
      ['from set', 1, 'webSocketConnection'],
    ]);
  });

  it('push of a bad-command response while a call waits rejects that call with BadCommandError', async () => {
    const { mock, driver } = await echo();
    mock.drop(1);
    const call = driver.setLabel({ labelRequest: '???' }, { timeoutMs: 2000 }).catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(mock.received()).toHaveLength(1));
    await mock.push('error', { lastError: 'label too long' });
    const error = await call;
    expect(error).toBeInstanceOf(BadCommandError);
    expect(error).toMatchObject({ pair: 'setLabel', response: 'error', values: { lastError: 'label too long' } });
  });

  it('push reaches nobody when no socket is open, and names unknown responses', async () => {
    const mock = await createMockDevice(echoServiceProtocol, { port: 0 });
    cleanups.push(() => mock.close());
    await expect(mock.push('echo')).resolves.toBe(0);
    await expect(mock.push('nope')).rejects.toThrow(/no response "nope"/);
  });

  it('sendRaw: a malformed frame reaches the driver as an unmatched event, text or binary', async () => {
    // Echo Service's echo response takes any frame, so nothing there is ever unmatched; the router's
    // frames have a header and a trailer.
    const mock = await createMockDevice(matrixRouterTextProtocol, { port: 0 });
    cleanups.push(() => mock.close());
    const driver = new MatrixRouterTextDriver({ connections: { routerWebSocket: { url: mock.url(0) } } });
    cleanups.push(() => driver.close());
    await driver.connect();
    const unmatched: [string, number[]][] = [];
    driver.on('unmatched', (connection, bytes) => unmatched.push([connection, Array.from(bytes)]));
    await expect(mock.sendRaw('<STATUS:broken')).resolves.toBe(1);
    await mock.sendRaw(Uint8Array.of(0xff, 0x00, 0x7f));
    await vi.waitFor(() => expect(unmatched).toHaveLength(2));
    expect(unmatched).toEqual([
      ['routerWebSocket', Array.from(utf8('<STATUS:broken'))],
      ['routerWebSocket', [0xff, 0x00, 0x7f]],
    ]);
    await expect(driver.getStatus({ queryOutput: 1 })).resolves.toMatchObject({ lockState: 'LOCKED' });
  });
});

describe('frames from a plain client', () => {
  it('records and logs an unknown frame without a command, and does not answer it', async () => {
    const log: string[] = [];
    const mock = await createMockDevice(echoServiceProtocol, { port: 0, log: (line) => log.push(line) });
    cleanups.push(() => mock.close());
    const { socket, frames } = await rawClient(mock.url(0));
    socket.send('hello?');
    socket.send('{"op":"ping"}');
    await vi.waitFor(() => expect(frames).toHaveLength(1));
    expect(frames).toEqual([{ text: true, data: 'sample' }]);
    expect(mock.received()).toEqual([
      { connection: 0, text: true, bytes: utf8('hello?') },
      { connection: 0, text: true, bytes: utf8('{"op":"ping"}'), command: 'ping', values: {} },
    ]);
    expect(log).toContain('[conn 0] <- text 6 B hello? (unknown, ignored)');
  });

  it('answers in the frame type the command came in', async () => {
    const mock = await createMockDevice(echoServiceProtocol, { port: 0 });
    cleanups.push(() => mock.close());
    const { socket, frames } = await rawClient(`${mock.url(0)}any/path?x=1`);
    socket.send(utf8('{"op":"ping"}'), { binary: true });
    await vi.waitFor(() => expect(frames).toHaveLength(1));
    expect(frames[0]).toEqual({ text: false, data: 'sample' });
    expect(mock.received()[0]).toMatchObject({ text: false, command: 'ping' });
    expect(mock.handshakes[0]?.path).toBe('/any/path?x=1');
  });
});

describe('closing and resetting sockets', () => {
  it('closeConnections: pending calls reject with ConnectionClosedError carrying the close code', async () => {
    const { mock, driver, states } = await echo();
    mock.delay(10_000);
    // Catch at once: the rejection comes while the test awaits closeConnections.
    const call = driver.heartbeat({ timeoutMs: 5000 }).catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(mock.received()).toHaveLength(1));
    await mock.closeConnections(undefined, 4001);
    const error = await call;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error).toMatchObject({ connection: 'webSocketConnection', code: 4001 });
    await vi.waitFor(() => expect(states.at(-1)).toBe('closed'));
    expect(states).toEqual(['connecting', 'open', 'closed']);
    expect(driver.params.get('connectionStatus')).toBe(0);
  });

  it('closeConnections(connection) closes only that connection', async () => {
    const mock = await createMockDevice(dualChannelMonitorProtocol, { port: 0 });
    cleanups.push(() => mock.close());
    const driver = new DualChannelMonitorDriver({
      connections: { controlWebSocket: { url: mock.url(0) }, telemetryWebSocket: { url: mock.url(1) } },
    });
    cleanups.push(() => driver.close());
    const closed: string[] = [];
    driver.on('state', (connection, state) => {
      if (state === 'closed') closed.push(connection);
    });
    await driver.connect();
    await mock.closeConnections('telemetryWebSocket');
    await vi.waitFor(() => expect(closed).toEqual(['telemetryWebSocket']));
    await expect(driver.getConfig()).resolves.toEqual({ operatingMode: 'auto', activeChannels: 42 });
    await expect(driver.startTelemetry({ telemetryInterval: 100 })).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('reset: the socket dies without a close frame; pending calls reject at once with code 1006', async () => {
    const { mock, driver } = await echo();
    mock.delay(10_000);
    const call = driver.getStatus({ timeoutMs: 5000 }).catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(mock.received()).toHaveLength(1));
    const started = performance.now();
    mock.reset();
    const error = await call;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error).toMatchObject({ code: 1006 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses close codes a server may not send', async () => {
    const { mock } = await echo();
    await expect(mock.closeConnections(undefined, 1006)).rejects.toThrow(RangeError);
    await expect(mock.closeConnections(undefined, 999)).rejects.toThrow(RangeError);
  });
});

describe('the device itself', () => {
  it('rejects, leaving nothing listening, when a port is taken', async () => {
    // Connection 0 gets a free port, connection 1 the next one, which a blocker holds.
    const { free, blocker } = await freePortBesideBlocker();
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    await expect(createMockDevice(dualChannelMonitorProtocol, { port: free })).rejects.toThrow(/EADDRINUSE/);
    // Nothing is left listening on connection 0's port.
    const again = await listenOn(free);
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });

  it('closes at the end of an `await using` block', async () => {
    let port = 0;
    {
      await using mock = await createMockDevice(echoServiceProtocol, { port: 0 });
      port = mock.ports[0] ?? 0;
      await rawClient(mock.url(0));
    }
    const refused = new WebSocket(`ws://127.0.0.1:${port}/`);
    await expect(new Promise((_resolve, reject) => refused.once('error', reject))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('names unknown connections and rejects bad options', async () => {
    const { mock } = await echo();
    expect(() => mock.url('nope')).toThrow(/no WebSocket connection "nope"/);
    expect(() => mock.received(3)).toThrow(/no WebSocket connection 3/);
    await expect(createMockDevice(echoServiceProtocol, { port: 0, pushIntervalMs: 0 })).rejects.toThrow(RangeError);
  });

  it('close: idempotent, closes the sockets, leaves no timer or server behind', async () => {
    const timeouts = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timeouts();
    const mock = await createMockDevice(dualChannelMonitorProtocol, { port: 0, pushIntervalMs: 10_000 });
    const client = await rawClient(mock.url(1));
    client.socket.send('{"cmd":"stream","interval":100}');
    const control = await rawClient(mock.url(0));
    mock.delay(10_000);
    control.socket.send('{"cmd":"config"}');
    await vi.waitFor(() => expect(mock.received()).toHaveLength(2));
    expect(timeouts()).toBeGreaterThan(before);

    const closedCodes: number[] = [];
    client.socket.on('close', (code) => closedCodes.push(code));
    await Promise.all([mock.close(), mock.close()]);
    await mock.close();
    await vi.waitFor(() => expect(closedCodes).toEqual([1001]));
    expect(timeouts()).toBeLessThanOrEqual(before);
    const refused = new WebSocket(mock.url(0));
    await expect(new Promise((_resolve, reject) => refused.once('error', reject))).rejects.toThrow(/ECONNREFUSED/);
  });
});

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/**
 * A free port whose successor a blocker holds. Both lie below Linux's ephemeral range (32768 and up),
 * so the outgoing connections of tests running beside this one cannot take them meanwhile.
 */
async function freePortBesideBlocker(): Promise<{ free: number; blocker: Server }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const free = 20_000 + Math.floor(Math.random() * 12_000);
    const blocker = await listenOn(free + 1).catch(() => undefined);
    if (blocker === undefined) continue;
    const probe = await listenOn(free).catch(() => undefined);
    if (probe !== undefined) {
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      return { free, blocker };
    }
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  }
  throw new Error('no two adjacent free ports below 32768 in 50 tries');
}
