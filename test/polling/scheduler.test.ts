// The polling scheduler's rules on a fake clock: order and gaps, back-pressure of a timer's last poll
// group, no drift, conditions, placements, the after-startup trigger, triggers and actions, failures
// and stop(). The host is a table of pairs that answer after a set time on the same clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PairTimeoutError, Polling, PollingStoppedError, type Clock, type PollingSpec, type ProtocolSpec } from '@protogen-dm/runtime';
import { GroupQueue } from '../../runtime/src/polling/group-queue.js';
import type { PairAnswer, PollingHost } from '../../runtime/src/polling/host.js';

const clock: Clock = { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as number) };

interface Fixture {
  polling: Polling<string>;
  calls: string[];
  values: Map<number, unknown>;
  setParam(id: number, value: unknown): void;
}

/** Pair ids that take `ms` to answer (default 0), or fail with a timeout when `fails` holds them. */
function fixture(plan: Partial<PollingSpec>, options: { ms?: Record<number, number>; fails?: Set<number> } = {}): Fixture {
  const calls: string[] = [];
  const values = new Map<number, unknown>();
  const watchers = new Map<number, ((value: unknown) => void)[]>();
  const spec: ProtocolSpec = {
    name: 'T', version: '1', connections: [], params: [], commands: [], responses: [{ id: 90, key: 'status', params: [], connection: 0 }],
    pairs: [10, 11, 12, 13, 14].map((id) => ({ id, key: `p${id}`, command: 1, responses: id === 10 ? [90] : [], badResponses: [], connection: 0 })),
    polling: { timers: [], groups: [], triggers: [], actions: [], ...plan },
  };
  const host: PollingHost = {
    runPair: (id) => {
      calls.push(`${id}@${Date.now()}`);
      const answer = (): Promise<PairAnswer> => (options.fails?.has(id) ? Promise.reject(timeoutOf(id)) : Promise.resolve({ value: undefined }));
      const ms = options.ms?.[id] ?? 0;
      return ms === 0 ? answer() : new Promise((resolve) => setTimeout(resolve, ms)).then(answer);
    },
    readParam: (id) => values.get(id),
    watchParam: (id, listener) => {
      watchers.set(id, [...(watchers.get(id) ?? []), listener]);
      return () => watchers.set(id, (watchers.get(id) ?? []).filter((other) => other !== listener));
    },
  };
  const setParam = (id: number, value: unknown): void => {
    values.set(id, value);
    for (const listener of watchers.get(id) ?? []) listener(value);
  };
  return { polling: new Polling(spec, () => host, { clock, random: () => 0.5 }), calls, values, setParam };
}

const timeoutOf = (id: number): PairTimeoutError => new PairTimeoutError(`p${id}`, id, 'main', 1, 1);
const poll = (id: number, pairs: number[], extra: object = {}) => ({ id, key: `g${id}`, type: 'poll' as const, items: pairs.map((pair) => ({ kind: 'pair' as const, id: pair })), ...extra });
const timer = (id: number, time: number, groups: number[], extra: object = {}) => ({ id, name: `t${id}`, time, initial: true as const, interval: 0, groups, ...extra });

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('timers', () => {
  it('queue their groups in order, Interval between groups and between pairs', async () => {
    const { polling, calls } = fixture({ groups: [poll(1, [10, 11]), poll(2, [12])], timers: [timer(1, 1000, [1, 2], { interval: 100 })] });
    polling.start();
    await vi.advanceTimersByTimeAsync(1150);
    expect(calls).toEqual(['10@0', '11@100', '12@100', '10@1000', '11@1100', '12@1100']);
    await polling.stop();
  });

  it('plan each cycle from the planned time: a 30 ms group does not drift a 1 s timer', async () => {
    const { polling, calls } = fixture({ groups: [poll(1, [10])], timers: [timer(1, 1000, [1])] }, { ms: { 10: 30 } });
    polling.start();
    await vi.advanceTimersByTimeAsync(3500);
    expect(calls).toEqual(['10@0', '10@1000', '10@2000', '10@3000']);
    await polling.stop();
  });

  it('wait for their last poll group: a 250 ms group makes a 100 ms timer run every 250 ms', async () => {
    const { polling, calls } = fixture({ groups: [poll(1, [10])], timers: [timer(1, 100, [1])] }, { ms: { 10: 250 } });
    polling.start();
    await vi.advanceTimersByTimeAsync(150);
    // The timer has not queued its group again while the group runs.
    expect(polling.queued).toEqual([]);
    await vi.advanceTimersByTimeAsync(650);
    expect(calls).toEqual(['10@0', '10@250', '10@500', '10@750']);
    const stopped = polling.stop();
    await vi.advanceTimersByTimeAsync(250);
    await stopped;
  });

  it('start at Time@initial: false waits for a start action, random after its delay', async () => {
    const { polling, calls } = fixture({
      groups: [poll(1, [10]), poll(2, [11])],
      timers: [timer(1, 1000, [1], { initial: false }), timer(2, 1000, [2], { initial: { randomMs: [100, 300] } })],
    });
    polling.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toEqual(['11@200']);
    await polling.stop();
  });

  it('skip a cycle whose timer Condition is false and a group whose Condition is false', async () => {
    const { polling, calls, values } = fixture({
      groups: [poll(1, [10], { condition: { op: '==', left: { op: 'param', id: 5 }, right: { op: 'number', value: 1 } } }), poll(2, [11])],
      timers: [timer(1, 100, [1]), timer(2, 100, [2], { condition: { op: '!=', left: { op: 'param', id: 6 }, right: { op: 'empty' } } })],
    });
    const skipped: string[] = [];
    polling.on('skipped', (group) => skipped.push(group));
    polling.start();
    await vi.advanceTimersByTimeAsync(50);
    values.set(5, 1);
    values.set(6, 'x');
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.sort()).toEqual(['10@100', '11@100']);
    expect(skipped).toEqual(['g1']);
    await polling.stop();
  });

  it('delay the next pair by Pair@next', async () => {
    const group = { id: 1, key: 'g1', type: 'poll' as const, items: [{ kind: 'pair' as const, id: 10, next: 400 }, { kind: 'pair' as const, id: 11 }] };
    const { polling, calls } = fixture({ groups: [group] });
    await vi.advanceTimersByTimeAsync(1);
    const run = polling.runGroup('g1');
    await vi.advanceTimersByTimeAsync(500);
    await run;
    expect(calls).toEqual(['10@1', '11@401']);
  });
});

describe('the group queue', () => {
  it('places groups as DataMiner does', () => {
    const queue = new GroupQueue();
    queue.add(1, 'timer');
    queue.add(2, 'timer');
    queue.add(3, 'execute');
    queue.add(4, 'execute next');
    queue.add(5, 'add to execute');
    queue.add(6, 'execute');
    queue.add(3, 'execute one');
    queue.add(1, 'timer');
    queue.add(7, 'execute one');
    expect(queue.groups()).toEqual([4, 3, 6, 7, 1, 2, 5]);
    queue.add(3, 'execute');
    expect(queue.groups()).toEqual([4, 3, 6, 7, 3, 1, 2, 5]);
  });
});

describe('triggers and actions', () => {
  it('after startup runs its action: a subscribe group before the first timer group', async () => {
    const { polling, calls } = fixture({
      groups: [poll(1, [10]), poll(2, [13])],
      timers: [timer(1, 1000, [1])],
      triggers: [{ id: 1, event: 'protocol after startup', type: 'action', ids: [1], elseIds: [] }],
      actions: [{ id: 1, on: 'group', ids: [2], type: 'execute' }],
    });
    polling.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toEqual(['13@0', '10@0']);
    await polling.stop();
  });

  it('a response trigger runs execute next: set then get before the groups already queued', async () => {
    const { polling, calls } = fixture({
      groups: [poll(1, [10]), poll(2, [11]), poll(3, [12])],
      triggers: [{ id: 1, event: 'response after', on: 90, type: 'action', ids: [1], elseIds: [] }],
      actions: [{ id: 1, on: 'group', ids: [3], type: 'execute next' }],
    });
    await vi.advanceTimersByTimeAsync(1);
    const first = polling.runGroup('g1');
    const second = polling.runGroup('g2');
    await vi.advanceTimersByTimeAsync(10);
    await Promise.all([first, second]);
    // runGroup is "execute next": g2 went before g1; g1's response queued g3 next, before nothing else left.
    expect(calls).toEqual(['11@1', '10@1', '12@1']);
  });

  it('group before/after, pair timeout and parameter change triggers; clear fires the same value again', async () => {
    const { polling, calls, setParam } = fixture(
      {
        groups: [poll(1, [10]), poll(2, [11]), poll(3, [12]), poll(4, [13]), poll(5, [14])],
        triggers: [
          { id: 1, event: 'group before', on: 1, type: 'action', ids: [1], elseIds: [] },
          { id: 2, event: 'group after', on: 1, type: 'action', ids: [2], elseIds: [] },
          { id: 3, event: 'pair timeout', on: 13, type: 'action', ids: [3], elseIds: [] },
          { id: 4, event: 'parameter change', on: 7, type: 'action', ids: [4, 5], elseIds: [] },
        ],
        actions: [
          { id: 1, on: 'group', ids: [2], type: 'execute' },
          { id: 2, on: 'group', ids: [4], type: 'execute' },
          { id: 3, on: 'group', ids: [5], type: 'execute' },
          { id: 4, on: 'group', ids: [3], type: 'execute' },
          { id: 5, on: 'parameter', ids: [7], type: 'clear' },
        ],
      },
      { fails: new Set([13]) },
    );
    const failed: string[] = [];
    polling.on('failed', (group, error) => failed.push(`${group}:${error.name}`));
    polling.start();
    await vi.advanceTimersByTimeAsync(1);
    await polling.runGroup('g1');
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toEqual(['10@1', '11@1', '13@1', '14@1']);
    expect(failed).toEqual(['g4:PairTimeoutError']);
    expect(polling.state).toBe('polling');
    setParam(7, 5);
    setParam(7, 5);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.slice(4)).toEqual(['12@11', '12@11']);
    await polling.stop();
  });
});

describe('failures and stop', () => {
  it('a failed group emits failed, the state shows the timeout, polling goes on and recovers', async () => {
    const fails = new Set([10]);
    const { polling, calls } = fixture({ groups: [poll(1, [10])], timers: [timer(1, 100, [1])] }, { fails });
    const states: string[] = [];
    polling.on('state', (state) => states.push(state));
    polling.start();
    await vi.advanceTimersByTimeAsync(150);
    expect(polling.state).toBe('timeout');
    fails.clear();
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toEqual(['10@0', '10@100', '10@200']);
    expect(states).toEqual(['polling', 'timeout', 'polling']);
    await polling.stop();
    expect(states.at(-1)).toBe('stopped');
  });

  it('stop() awaits the group in flight, drops queued groups and leaves no timer behind', async () => {
    const { polling, calls } = fixture({ groups: [poll(1, [10, 11]), poll(2, [12])], timers: [timer(1, 1000, [1], { interval: 50 })] }, { ms: { 10: 200 } });
    polling.start();
    await vi.advanceTimersByTimeAsync(10);
    const queued = polling.runGroup('g2').catch((error: unknown) => error);
    const stopped = polling.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    await stopped;
    expect(await queued).toBeInstanceOf(PollingStoppedError);
    expect(calls).toEqual(['10@0']);
    expect(vi.getTimerCount()).toBe(0);
    expect(polling.running).toBe(false);
  });
});
