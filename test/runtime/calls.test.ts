import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionClosedError, PairTimeoutError, QueueFullError, type DriverOptions, type ProtocolSpec } from '@protogen-dm/runtime';
import { Cleanup, delay, outcome, rejection } from './helpers.js';
import { echo, TestServer } from './server.js';
import { EchoDriver, echoSpec, echoSpecWithConnectionDefaults } from './specs.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** A connected echo driver whose server answers nothing unless told to. */
async function setup(
  options: Omit<DriverOptions<'main'>, 'connections'> = {},
  spec: ProtocolSpec = echoSpec,
): Promise<{ server: TestServer; driver: EchoDriver }> {
  const server = cleanup.add(await TestServer.start());
  const driver = cleanup.add(new EchoDriver({ ...options, connections: { main: { url: server.url() } } }, spec));
  await driver.connect();
  return { server, driver };
}

async function timeoutOf(call: Promise<unknown>): Promise<PairTimeoutError> {
  const error = await rejection(call);
  expect(error).toBeInstanceOf(PairTimeoutError);
  return error as PairTimeoutError;
}

describe('timeouts and retries', () => {
  it('takes the call option first', async () => {
    const { server, driver } = await setup({ timeoutMs: 500, retries: 3 });
    const error = await timeoutOf(driver.slowPair({ pingRequest: 'x' }, { timeoutMs: 30, retries: 1 }));
    expect(error).toMatchObject({ pair: 'slowPair', pairId: 5, connection: 'main', timeoutMs: 30, attempts: 2 });
    expect(server.frames.map((f) => f.text)).toEqual(['S:x', 'S:x']);
  });

  it('then the pair (Pair@timeout, retries option), over driver and connection defaults', async () => {
    const { server, driver } = await setup({ timeoutMs: 500, retries: 5 }, echoSpecWithConnectionDefaults(700, 7));
    const error = await timeoutOf(driver.slowPair({ pingRequest: 'y' }));
    expect(error).toMatchObject({ timeoutMs: 60, attempts: 3 });
    expect(server.frames.map((f) => f.text)).toEqual(['S:y', 'S:y', 'S:y']);
  });

  it('then the driver option, over the connection default', async () => {
    const { server, driver } = await setup({ timeoutMs: 40, retries: 1 }, echoSpecWithConnectionDefaults(700, 7));
    const error = await timeoutOf(driver.slow({ pingRequest: 'z' }));
    expect(error).toMatchObject({ pair: 'slow', timeoutMs: 40, attempts: 2 });
    expect(server.frames).toHaveLength(2);
  });

  it('then the connection (TimeoutTime, Retries)', async () => {
    const { server, driver } = await setup({}, echoSpecWithConnectionDefaults(50, 2));
    const error = await timeoutOf(driver.slow({ pingRequest: 'c' }));
    expect(error).toMatchObject({ timeoutMs: 50, attempts: 3 });
    expect(server.frames).toHaveLength(3);
  });

  it('else 1500 ms and no retry', async () => {
    const { server, driver } = await setup();
    // The default timeout passes on a fake clock (the socket stays real): the test does not wait 1.5 s.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let error: PairTimeoutError;
    try {
      const call = timeoutOf(driver.slow({ pingRequest: 'd' }));
      // setImmediate is not faked: let the frame reach the server before time moves.
      for (let turn = 0; turn < 1000 && server.frames.length === 0; turn++) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(1499);
      expect(await Promise.race([call.then(() => 'settled'), Promise.resolve('pending')])).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      error = await call;
    } finally {
      vi.useRealTimers();
    }
    expect(error).toMatchObject({ timeoutMs: 1500, attempts: 1 });
    expect(error.message).toContain("Pair 'slow' (4)");
    expect(server.frames).toHaveLength(1);
  });

  it('runs the next queued pair after a final timeout once the late answer came; that answer is push data', async () => {
    const { server, driver } = await setup();
    const slow = driver.slow({ pingRequest: 'first' }, { timeoutMs: 30 });
    const next = driver.ping({ pingRequest: 'second' });
    await timeoutOf(slow);
    // The answer to the timed-out call is owed: it is stored as push data and never settles `next`.
    const late = driver.params.once('pingReply');
    server.send(server.frames[0]!.socket, 'R:late');
    await expect(late).resolves.toBe('late');
    await server.waitForFrames(2);
    expect(server.frames.map((f) => f.text)).toEqual(['S:first', 'P:second']);
    server.send(server.frames[1]!.socket, 'R:second');
    await expect(next).resolves.toEqual({ pingReply: 'second' });
    // With nothing in flight or owed, the same response is push data.
    server.push('R:pushed');
    await expect(driver.params.once('pingReply')).resolves.toBe('pushed');
  });

  it('succeeds on a retry when the device answers the resend', async () => {
    const { server, driver } = await setup();
    server.handler = (frame, s) => {
      if (s.frames.length === 2) echo(frame, s);
    };
    await expect(driver.ping({ pingRequest: 'again' }, { timeoutMs: 40, retries: 2 })).resolves.toEqual({ pingReply: 'again' });
    expect(server.frames.map((f) => f.text)).toEqual(['P:again', 'P:again']);
  });
});

describe('abort', () => {
  it('removes a queued call, rejecting with the signal reason; it is never sent', async () => {
    const { server, driver } = await setup();
    const controller = new AbortController();
    const first = driver.ping({ pingRequest: '1' });
    const second = driver.ping({ pingRequest: '2' }, { signal: controller.signal });
    const third = driver.ping({ pingRequest: '3' });
    await server.waitForFrames(1);
    controller.abort();
    const error = await rejection(second);
    expect(error).toMatchObject({ name: 'AbortError' });
    server.handler = echo;
    server.send(server.frames[0]!.socket, 'R:1');
    await expect(first).resolves.toEqual({ pingReply: '1' });
    await expect(third).resolves.toEqual({ pingReply: '3' });
    expect(server.frames.map((f) => f.text)).toEqual(['P:1', 'P:3']);
  });

  it('ends an in-flight call at once, and runs the next one when the reply it owes has come', async () => {
    const { server, driver } = await setup();
    const controller = new AbortController();
    const first = driver.ping({ pingRequest: '1' }, { signal: controller.signal });
    const second = driver.ping({ pingRequest: '2' });
    await server.waitForFrames(1);
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(first).rejects.toBe(reason);
    server.send(server.frames[0]!.socket, 'R:1');
    await server.waitForFrames(2);
    server.send(server.frames[1]!.socket, 'R:2');
    await expect(second).resolves.toEqual({ pingReply: '2' });
  });

  it('rejects at once with an already aborted signal and sends nothing', async () => {
    const { server, driver } = await setup();
    await expect(driver.ping({ pingRequest: 'x' }, { signal: AbortSignal.abort('why') })).rejects.toBe('why');
    await delay(20);
    expect(server.frames).toHaveLength(0);
  });

  it('ignores an abort after the call settled', async () => {
    const { server, driver } = await setup();
    server.handler = echo;
    const controller = new AbortController();
    await expect(driver.ping({ pingRequest: 'x' }, { signal: controller.signal })).resolves.toEqual({ pingReply: 'x' });
    controller.abort();
    await expect(driver.ping({ pingRequest: 'y' })).resolves.toEqual({ pingReply: 'y' });
  });
});

describe('queue limit', () => {
  it('rejects with QueueFullError beyond maxQueue waiting calls; the others still run', async () => {
    const { server, driver } = await setup({ maxQueue: 2 });
    const calls = ['1', '2', '3'].map((v) => driver.ping({ pingRequest: v }));
    const overflow = await rejection(driver.ping({ pingRequest: '4' }));
    expect(overflow).toBeInstanceOf(QueueFullError);
    expect(overflow).toMatchObject({ connection: 'main', limit: 2 });
    await server.waitForFrames(1);
    server.handler = echo;
    server.send(server.frames[0]!.socket, 'R:1');
    const results = await Promise.all(calls);
    expect(results.map((r) => r.pingReply)).toEqual(['1', '2', '3']);
    expect(server.frames.map((f) => f.text)).toEqual(['P:1', 'P:2', 'P:3']);
  });

  it('rejects everything pending with ConnectionClosedError on close()', async () => {
    const { driver } = await setup();
    const calls = ['1', '2', '3'].map((v) => outcome(driver.ping({ pingRequest: v })));
    await driver.close();
    for (const result of await Promise.all(calls)) {
      expect('error' in result && result.error).toBeInstanceOf(ConnectionClosedError);
    }
    expect(driver.state('main')).toBe('closed');
  });
});
