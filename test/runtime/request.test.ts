import { afterEach, describe, expect, it } from 'vitest';
import { BadCommandError, ConnectionClosedError } from '@protogen-dm/runtime';
import { Cleanup, delay, record, rejection } from './helpers.js';
import { echo, TestServer } from './server.js';
import { EchoDriver } from './specs.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup(): Promise<{ server: TestServer; driver: EchoDriver }> {
  const server = cleanup.add(await TestServer.start());
  server.handler = echo;
  const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
  await driver.connect();
  return { server, driver };
}

describe('request / response', () => {
  it('resolves with the typed values of the response and stores them in params', async () => {
    const { server, driver } = await setup();
    const seen: [string, unknown][] = [];
    driver.params.on('pingReply', (value, info) => seen.push([value, info]));

    const reply = await driver.ping({ pingRequest: 'héllo' });

    expect(reply).toEqual({ pingReply: 'héllo' });
    expect(driver.params.get('pingReply')).toBe('héllo');
    expect(seen).toEqual([['héllo', { changed: true, previous: undefined, connection: 'main', responseId: 1 }]]);
    expect(server.frames.map((f) => f.text)).toEqual(['P:héllo']);
  });

  it('runs calls one at a time, in call order', async () => {
    const { server, driver } = await setup();
    const replies = await Promise.all(['a', 'b', 'c', 'd'].map((v) => driver.ping({ pingRequest: v })));
    expect(replies.map((r) => r.pingReply)).toEqual(['a', 'b', 'c', 'd']);
    expect(server.frames.map((f) => f.text)).toEqual(['P:a', 'P:b', 'P:c', 'P:d']);
  });

  it('holds the next call until the one in flight is answered', async () => {
    const { server, driver } = await setup();
    server.handler = undefined;
    const first = driver.ping({ pingRequest: '1' });
    const second = driver.ping({ pingRequest: '2' });
    const pushed = driver.notify({ notifyText: 'queued push' });
    await server.waitForFrames(1);
    // Give a wrongly sent second frame the time to arrive; none may.
    await delay(50);
    expect(server.frames.map((f) => f.text)).toEqual(['P:1']);
    server.send(server.frames[0]!.socket, 'R:1');
    await expect(first).resolves.toEqual({ pingReply: '1' });
    await server.waitForFrames(2);
    expect(server.frames.map((f) => f.text)).toEqual(['P:1', 'P:2']);
    server.send(server.frames[0]!.socket, 'R:2');
    await expect(second).resolves.toEqual({ pingReply: '2' });
    // A push pair waits its turn like any other, then does not hold the queue.
    await expect(pushed).resolves.toBeUndefined();
    await server.waitForFrames(3);
    expect(server.frames[2]!.text).toBe('N:queued push');
  });

  it('resolves a pair with several responses with { response, values }', async () => {
    const { server, driver } = await setup();
    server.handler = (frame, s) => s.send(frame.socket, frame.text === 'Q:x' ? 'A:first' : 'B:second');
    await expect(driver.query({ pingRequest: 'x' })).resolves.toEqual({ response: 'a', values: { aText: 'first' } });
    await expect(driver.query({ pingRequest: 'y' })).resolves.toEqual({ response: 'b', values: { bText: 'second' } });
  });

  it('rejects with BadCommandError carrying the parsed values, without retry', async () => {
    const { server, driver } = await setup();
    server.handler = (frame, s) => s.send(frame.socket, 'ERR:unknown command');
    const error = await rejection(driver.ping({ pingRequest: 'x' }, { retries: 3 }));
    expect(error).toBeInstanceOf(BadCommandError);
    expect(error).toMatchObject({
      pair: 'ping',
      pairId: 1,
      connection: 'main',
      response: 'error',
      responseId: 3,
      values: { errorText: 'unknown command' },
      source: 'echo.xml:40',
    });
    expect(server.frames).toHaveLength(1);
    // The queue moves on.
    server.handler = echo;
    await expect(driver.ping({ pingRequest: 'next' })).resolves.toEqual({ pingReply: 'next' });
  });

  it('sends text commands as text frames and others as binary frames', async () => {
    const { server, driver } = await setup();
    await driver.ping({ pingRequest: 't' });
    await driver.notify({ notifyText: 'b' });
    const frames = await server.waitForFrames(2);
    expect(frames.map((f) => [f.text, f.isBinary])).toEqual([
      ['P:t', false],
      ['N:b', true],
    ]);
    expect([...frames[1]!.bytes]).toEqual([0x4e, 0x3a, 0x62]);
  });

  it('resolves a push pair once written, without waiting for any answer', async () => {
    const { server, driver } = await setup();
    await expect(driver.notify({ notifyText: 'fire' })).resolves.toBeUndefined();
    await server.waitForFrames(1);
    expect(server.frames[0]!.text).toBe('N:fire');
  });

  it('accepts responses sent as binary frames too', async () => {
    const { server, driver } = await setup();
    server.handler = (frame, s) => s.send(frame.socket, Buffer.from('R:bin'));
    await expect(driver.ping({ pingRequest: 'x' })).resolves.toEqual({ pingReply: 'bin' });
  });

  it('reports a message nothing accepts as unmatched, with its connection and bytes', async () => {
    const { server, driver } = await setup();
    const events = record(driver);
    server.push('nonsense');
    server.push('E:then an event');
    await driver.params.once('eventText');
    expect(events.unmatched).toEqual([['main', 'nonsense']]);
  });

  it('rejects calls at once while the connection is not open', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    const error = await rejection(driver.ping({ pingRequest: 'x' }));
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error).toMatchObject({ connection: 'main' });
    expect(server.frames).toHaveLength(0);
  });

  it('rejects an unknown pair id and invalid call options as rejections, never throws', async () => {
    const { driver } = await setup();
    class Broken extends EchoDriver {
      unknown(): Promise<unknown> {
        return this.request(99, undefined, undefined);
      }
    }
    const broken = cleanup.add(new Broken({ connections: { main: { url: 'ws://127.0.0.1:1' } } }));
    await expect(broken.unknown()).rejects.toThrow(RangeError);
    await expect(driver.ping({ pingRequest: 'x' }, { timeoutMs: -1 })).rejects.toThrow(RangeError);
  });
});
