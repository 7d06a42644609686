// What an SNMP call does when the agent never answers (a bound UDP socket that drops every datagram):
// our timeouts and retries (PairTimeoutError, attempts counted on the wire), their precedence, the
// default timeout on fake timers, close() and AbortSignal rejecting what is pending, the queue limit.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectError, ConnectionClosedError, PairTimeoutError, QueueFullError } from '@protogen-dm/runtime';
import { startSilentAgent } from './agent.js';
import { UpsDriver, upsSpec } from './specs.js';

let silent: Awaited<ReturnType<typeof startSilentAgent>>;
const drivers: UpsDriver[] = [];

beforeEach(async () => {
  silent = await startSilentAgent();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(drivers.splice(0).map((driver) => driver.close()));
  await silent.close();
});

async function driver(options: { timeoutMs?: number; retries?: number; maxQueue?: number } = {}): Promise<UpsDriver> {
  const created = new UpsDriver({ connections: { snmp: { url: silent.url } }, ...options }, upsSpec());
  drivers.push(created);
  await created.connect();
  return created;
}

/** Lets real I/O run until `done()` holds (bounded: fake timers stop vi.waitFor's clock). */
async function ioUntil(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !done(); turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}

describe('SNMP timeouts and retries', () => {
  it('a call option overrides the driver and connection: 3 attempts of 20 ms, then PairTimeoutError', async () => {
    const ups = await driver({ timeoutMs: 5000, retries: 0 });
    const error = await ups.snmp.get('systemName', { timeoutMs: 20, retries: 2 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PairTimeoutError);
    expect(error).toMatchObject({ pair: 'systemName', pairId: 3, connection: 'snmp', timeoutMs: 20, attempts: 3 });
    expect(silent.received()).toBe(3);
  });

  it('the connection spec\'s timeout (1500 ms) and retries (1) when nothing else says: on fake timers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const ups = await driver();
    let settled: unknown;
    const call = ups.snmp.get('systemName').catch((error: unknown) => (settled = error));
    await ioUntil(() => silent.received() === 1);
    await vi.advanceTimersByTimeAsync(1499);
    expect(silent.received()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await ioUntil(() => silent.received() === 2);
    await vi.advanceTimersByTimeAsync(1500);
    await call;
    expect(settled).toBeInstanceOf(PairTimeoutError);
    expect(settled).toMatchObject({ timeoutMs: 1500, attempts: 2 });
  });

  it('close() rejects the call in flight and every queued one with ConnectionClosedError', async () => {
    const ups = await driver({ timeoutMs: 60_000 });
    const calls = [ups.snmp.get('systemName'), ups.snmp.getMany(['systemDescription', 'systemUptime']), ups.snmp.set('systemNameSet', 'x'), ups.snmp.table('outlets')];
    await ioUntil(() => silent.received() === 1);
    await ups.close();
    const results = await Promise.allSettled(calls);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionClosedError);
    }
    expect(silent.received()).toBe(1);
    expect(ups.state('snmp')).toBe('closed');
  });

  it('an AbortSignal ends the call in flight and takes a queued one out unsent', async () => {
    const ups = await driver({ timeoutMs: 60_000 });
    const inFlight = new AbortController();
    const queued = new AbortController();
    const first = ups.snmp.get('systemName', { signal: inFlight.signal });
    const second = ups.snmp.get('systemDescription', { signal: queued.signal });
    await ioUntil(() => silent.received() === 1);
    queued.abort(new Error('not needed'));
    await expect(second).rejects.toThrow('not needed');
    inFlight.abort(new Error('gave up'));
    await expect(first).rejects.toThrow('gave up');
    expect(silent.received()).toBe(1);
    // An aborted signal rejects at once.
    await expect(ups.snmp.get('systemName', { signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
  });

  it('a full queue rejects with QueueFullError', async () => {
    const ups = await driver({ timeoutMs: 60_000, maxQueue: 1 });
    const first = ups.snmp.get('systemName');
    const second = ups.snmp.get('systemName');
    await expect(ups.snmp.get('systemName')).rejects.toBeInstanceOf(QueueFullError);
    await ups.close();
    await expect(first).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(second).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('a trap port that is taken fails connect() with ConnectError', async () => {
    const busy = Number(new URL(silent.url).port);
    const ups = new UpsDriver({ connections: { snmp: { url: silent.url, trapPort: busy } } }, upsSpec());
    drivers.push(ups);
    const error = await ups.connect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectError);
    expect(String((error as Error).message)).toMatch(/EADDRINUSE/);
    expect(ups.state('snmp')).toBe('closed');
  });

  it('options are checked up front: a URL that is not udp://, v3 without a user', () => {
    expect(() => new UpsDriver({ connections: { snmp: { url: 'http://127.0.0.1:161' } } })).toThrow("'http://127.0.0.1:161' is not a udp://host[:port] URL");
    expect(() => new UpsDriver({ connections: { snmp: { url: 'udp://127.0.0.1', version: 'v3' } } })).toThrow('options.connections.snmp.user is required for SNMPv3');
  });
});
