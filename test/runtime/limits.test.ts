import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionClosedError, MessageTooLargeError } from '@protogen-dm/runtime';
import { Cleanup, outcome, record, until } from './helpers.js';
import { TestServer } from './server.js';
import { EchoDriver } from './specs.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('limits', () => {
  it('closes with 1009 on an oversized message, rejects what is pending and emits a clear error', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } }, maxMessageBytes: 1024 }));
    const events = record(driver);
    await driver.connect();
    server.push(`E:${'x'.repeat(1000)}`); // within the limit
    await expect(driver.params.once('eventText')).resolves.toHaveLength(1000);

    const pending = outcome(driver.ping({ pingRequest: 'x' }));
    await server.waitForFrames(1);
    server.push(`E:${'x'.repeat(2000)}`);

    const result = await pending;
    expect('error' in result && result.error).toBeInstanceOf(ConnectionClosedError);
    expect(result).toMatchObject({ error: { code: 1009 } });
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toBeInstanceOf(MessageTooLargeError);
    expect(events.errors[0]).toMatchObject({ connection: 'main', limit: 1024 });
    expect(events.errors[0]!.message).toContain('larger than 1024 bytes');
    await until(() => server.closes.length === 1);
    expect(server.closes).toEqual([1009]);
    expect(driver.state('main')).toBe('closed');
  });

  it('keeps order under backpressure: many large push commands all arrive, in order', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    await driver.connect();
    const count = 60;
    const big = 'y'.repeat(256 * 1024);
    const sends = Array.from({ length: count }, (_, i) => driver.notify({ notifyText: `${i}:${big}` }));
    await Promise.all(sends);
    const frames = await server.waitForFrames(count);
    expect(frames.map((f) => f.text.slice(0, f.text.indexOf(':', 2)))).toEqual(Array.from({ length: count }, (_, i) => `N:${i}`));
    expect(frames.every((f) => f.bytes.length === 2 + String(frames.indexOf(f)).length + 1 + big.length)).toBe(true);
  });

  it('terminates a half-open socket whose peer stops answering pings (heartbeat)', async () => {
    const server = cleanup.add(await TestServer.start(0, { autoPong: false }));
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } }, heartbeatMs: 20 }));
    const events = record(driver);
    await driver.connect();
    const pending = outcome(driver.ping({ pingRequest: 'x' }, { timeoutMs: 10_000 }));
    await until(() => driver.state('main') === 'closed');
    const result = await pending;
    expect(result).toMatchObject({ error: { name: 'ConnectionClosedError', code: 1006 } });
    expect(events.errors.map((e) => e.message).join()).toContain('heartbeat');
  });

  it('keeps a heartbeat connection open while the peer answers pings', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } }, heartbeatMs: 25 }));
    await driver.connect();
    // Count heartbeats at the server instead of trusting a fixed wait: five answered pings, still open.
    const [socket] = server.sockets;
    let pings = 0;
    await new Promise<void>((resolve) => socket?.on('ping', () => ++pings === 5 && resolve()));
    expect(driver.state('main')).toBe('open');
  });
});
