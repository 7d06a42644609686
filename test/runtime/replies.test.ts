// Issue 11 items 1–2: DataMiner has no correlation id, so a reply owed to a call that timed out, was
// retried or was aborted after sending must never settle a later call; an aborted call is never sent.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PairTimeoutError } from '@protogen-dm/runtime';
import { Cleanup, outcome, rejection } from './helpers.js';
import { TestServer } from './server.js';
import { EchoDriver } from './specs.js';

const cleanup = new Cleanup();
afterEach(async () => {
  vi.useRealTimers();
  await cleanup.run();
});

/** A connected echo driver on a server that answers only when the test says; timers faked after connect. */
async function setup(): Promise<{ server: TestServer; driver: EchoDriver }> {
  const server = cleanup.add(await TestServer.start());
  const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
  await driver.connect();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  return { server, driver };
}

/** Sends `R:<text>` to the driver. */
function reply(server: TestServer, text: string): void {
  server.push(`R:${text}`);
}

describe('owed replies', () => {
  it('absorbs the late reply of a timed-out call: every later call gets its own reply', async () => {
    const { server, driver } = await setup();
    const first = rejection(driver.slow({ pingRequest: '1' }, { timeoutMs: 50 }));
    const later = [2, 3, 4, 5].map((n) => driver.ping({ pingRequest: String(n) }));
    await server.waitForFrames(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(await first).toBeInstanceOf(PairTimeoutError);
    reply(server, 'late 1');
    for (let n = 2; n <= 5; n++) {
      const frames = await server.waitForFrames(n);
      expect(frames.at(-1)?.text).toBe(`P:${n}`);
      reply(server, String(n));
    }
    expect(await Promise.all(later)).toEqual(['2', '3', '4', '5'].map((pingReply) => ({ pingReply })));
    // The owed reply was routed as push data, the late answer the docs promise.
    expect(server.frames.map((f) => f.text)).toEqual(['S:1', 'P:2', 'P:3', 'P:4', 'P:5']);
  });

  it('counts a retry as a second reply owed: the call takes the first, the next call never sees the second', async () => {
    const { server, driver } = await setup();
    const alpha = driver.ping({ pingRequest: 'alpha' }, { timeoutMs: 60, retries: 1 });
    const beta = driver.ping({ pingRequest: 'beta' });
    await server.waitForFrames(1);
    await vi.advanceTimersByTimeAsync(60);
    await server.waitForFrames(2);
    reply(server, 'alpha #1');
    await expect(alpha).resolves.toEqual({ pingReply: 'alpha #1' });
    reply(server, 'alpha #2');
    await server.waitForFrames(3);
    reply(server, 'beta');
    await expect(beta).resolves.toEqual({ pingReply: 'beta' });
    expect(server.frames.map((f) => f.text)).toEqual(['P:alpha', 'P:alpha', 'P:beta']);
  });

  it('absorbs the reply owed to a call aborted after it was sent', async () => {
    const { server, driver } = await setup();
    const controller = new AbortController();
    const first = rejection(driver.ping({ pingRequest: '1' }, { signal: controller.signal }));
    const second = driver.ping({ pingRequest: '2' });
    await server.waitForFrames(1);
    controller.abort();
    expect(await first).toMatchObject({ name: 'AbortError' });
    reply(server, '1');
    await server.waitForFrames(2);
    reply(server, '2');
    await expect(second).resolves.toEqual({ pingReply: '2' });
    expect(driver.params.get('pingReply')).toBe('2');
  });

  it('forgives a reply that never comes after one more timeout of the call that owes it', async () => {
    const { server, driver } = await setup();
    const first = rejection(driver.slow({ pingRequest: '1' }, { timeoutMs: 50 }));
    const second = driver.ping({ pingRequest: '2' });
    await server.waitForFrames(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(await first).toBeInstanceOf(PairTimeoutError);
    await vi.advanceTimersByTimeAsync(49);
    expect(server.frames).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await server.waitForFrames(2);
    reply(server, '2');
    await expect(second).resolves.toEqual({ pingReply: '2' });
  });
});

describe('timeouts of consecutive calls (one timer, re-armed per send)', () => {
  /** Whether `promise` has settled, read at any time. */
  function watch(promise: Promise<unknown>): { settled: boolean } {
    const state = { settled: false };
    void promise.then(() => (state.settled = true));
    return state;
  }

  it("times each call out from its own send, never from an earlier call's", async () => {
    const { server, driver } = await setup();
    const first = driver.ping({ pingRequest: '1' }, { timeoutMs: 100 });
    await server.waitForFrames(1);
    await vi.advanceTimersByTimeAsync(60);
    reply(server, '1');
    await expect(first).resolves.toEqual({ pingReply: '1' });
    // Sent 60 ms after the first: a timer left from the first call would end it at 100 ms.
    const second = outcome(driver.ping({ pingRequest: '2' }, { timeoutMs: 100 }));
    const secondState = watch(second);
    await server.waitForFrames(2);
    await vi.advanceTimersByTimeAsync(99);
    expect(secondState.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await second).toMatchObject({ error: expect.any(PairTimeoutError) });
    // After the grace period of the reply the second owes, a call with another timeout goes out and
    // gets a timer of its own length.
    const third = outcome(driver.ping({ pingRequest: '3' }, { timeoutMs: 30 }));
    const thirdState = watch(third);
    await vi.advanceTimersByTimeAsync(100);
    await server.waitForFrames(3);
    await vi.advanceTimersByTimeAsync(29);
    expect(thirdState.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await third).toMatchObject({ error: { timeoutMs: 30 } });
  });

  it('a call after fake timers are installed times out on the fake clock, though earlier calls ran on real timers', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    await driver.connect();
    // A minute: on the real clock it would outlast the test.
    const first = driver.ping({ pingRequest: '1' }, { timeoutMs: 60_000 });
    await server.waitForFrames(1);
    reply(server, '1');
    await expect(first).resolves.toEqual({ pingReply: '1' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const second = outcome(driver.ping({ pingRequest: '2' }, { timeoutMs: 60_000 }));
    await server.waitForFrames(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await second).toMatchObject({ error: expect.any(PairTimeoutError) });
  });
});

describe('one abort signal shared by many calls', () => {
  it('rejects all of them, sends none that was queued, and listens once', async () => {
    const { server, driver } = await setup();
    const warnings: Error[] = [];
    const onWarning = (warning: Error): number => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const calls = Array.from({ length: 100 }, (_, n) => rejection(driver.ping({ pingRequest: String(n) }, { signal: controller.signal })));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      await server.waitForFrames(1);
      controller.abort();
      const errors = await Promise.all(calls);
      expect(errors.every((error) => (error as Error).name === 'AbortError')).toBe(true);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      // The one that was sent owes its reply; then the next call goes out.
      const next = driver.ping({ pingRequest: 'next' });
      reply(server, '0');
      await server.waitForFrames(2);
      reply(server, 'next');
      await expect(next).resolves.toEqual({ pingReply: 'next' });
      expect(server.frames.map((f) => f.text)).toEqual(['P:0', 'P:next']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
