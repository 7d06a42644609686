/**
 * `driver.polling`: the opt-in scheduler that runs a protocol's Timers, Groups, Triggers and Actions
 * the way DataMiner does. One group queue per driver, worked by one loop (DataMiner's protocol
 * thread); each timer is a loop of its own that queues groups. Nothing runs until `start()` or
 * `runGroup()`, and `stop()` leaves no timer behind.
 *
 * ```ts
 * driver.polling.on('failed', (group, error) => console.warn(group, error.message));
 * driver.polling.start();
 * await driver.polling.runGroup('statusPoll');
 * await driver.polling.stop();
 * ```
 */
import { byId, type ProtocolSpec } from '../spec.js';
import { ConnectionClosedError, PairTimeoutError } from '../errors.js';
import { Emitter } from '../events.js';
import { perSpec } from '../per-spec.js';
import { realClock, Sleeps, type Clock } from './clock.js';
import { conditionHolds } from './condition.js';
import { GroupQueue, type Placement, type QueuedGroup } from './group-queue.js';
import { GroupRunner } from './group-runner.js';
import type { PollingHost } from './host.js';
import { ParamChanges } from './param-changes.js';
import type { GroupSpec, PollingSpec } from './spec.js';
import { TimerLoop } from './timer-loop.js';
import { Triggers } from './triggers.js';

/**
 * `stopped` before `start()` and after `stop()`; `polling` while it runs; `timeout` while the last
 * group that ran failed for a timeout or a closed connection (DataMiner's element timeout state).
 */
export type PollingState = 'stopped' | 'polling' | 'timeout';

export interface PollingEvents<G extends string> {
  /** A group ran all its items (`ms` from its first item to its end). */
  done: (group: G, ms: number) => void;
  /** A group's condition was false: it did not run. */
  skipped: (group: G) => void;
  /** A group failed (a pair timed out, the connection closed…); polling goes on with the next one. */
  failed: (group: G, error: Error) => void;
  state: (state: PollingState) => void;
  /** A listener that threw. */
  error: (error: Error) => void;
}

export interface PollingOptions {
  /** The clock timers run on (default: the real one); tests pass a fake. */
  readonly clock?: Clock | undefined;
  /** 0 ≤ n < 1, for `Time@initial="random"` (default `Math.random`). */
  readonly random?: (() => number) | undefined;
}

/** Why a queued group did not run: `stop()` came first. */
export class PollingStoppedError extends Error {
  constructor(group: string) {
    super(`group '${group}' did not run: polling stopped`);
    this.name = 'PollingStoppedError';
  }
}

/** Shared by every driver given no polling options. */
const defaultOptions: PollingOptions = {};

const emptyPlan: PollingSpec = { timers: [], groups: [], triggers: [], actions: [] };

interface GroupLookups {
  readonly byId: ReadonlyMap<number, GroupSpec>;
  readonly byKey: ReadonlyMap<string, GroupSpec>;
}

/** The plan's groups by id and by key: the spec's, shared by its drivers. */
const groupsOf = perSpec((plan: PollingSpec): GroupLookups => ({
  byId: byId(plan.groups) as ReadonlyMap<number, GroupSpec>,
  byKey: new Map(plan.groups.map((group) => [group.key, group])) as ReadonlyMap<string, GroupSpec>,
}));

/**
 * The scheduler's working parts. They are made on first use (`start()`, `runGroup()`): most drivers
 * never poll, and a thousand of them need not carry a queue, triggers and timer loops each.
 */
interface Machinery {
  readonly host: PollingHost;
  readonly clock: Clock;
  readonly queue: GroupQueue;
  readonly sleeps: Sleeps;
  readonly triggers: Triggers;
  readonly runner: GroupRunner;
  readonly timers: ReadonlyMap<number, TimerLoop>;
  readonly changes: ParamChanges;
}

export class Polling<G extends string> {
  // Keyed by plain strings: a private member typed by G would stop `Polling<'a' | 'b'>` from being a
  // `Polling<string>`, which generated drivers rely on to narrow the base driver's `polling`.
  /** Made by the first `on()`: nobody hears what polling did before. */
  #events: Emitter<PollingEvents<string>> | undefined;
  readonly #spec: ProtocolSpec;
  readonly #hostOf: () => PollingHost;
  readonly #options: PollingOptions;
  /** The protocol's groups by id and by key (shared by its drivers). */
  readonly #groups: GroupLookups;
  #parts: Machinery | undefined;
  #worker: Promise<void> | undefined;
  #unwatchPushes: (() => void) | undefined;
  /** While `stop()` runs, triggers of the group in progress queue nothing more. */
  #stopping = false;
  #state: PollingState = 'stopped';

  /** `hostOf` makes the host on first use, with the rest of the working parts. */
  constructor(spec: ProtocolSpec, hostOf: () => PollingHost, options: PollingOptions = defaultOptions) {
    this.#spec = spec;
    this.#hostOf = hostOf;
    this.#options = options;
    this.#groups = groupsOf(spec.polling ?? emptyPlan);
  }

  #machinery(): Machinery {
    return (this.#parts ??= this.#build());
  }

  #build(): Machinery {
    const plan = this.#spec.polling ?? emptyPlan;
    const host = this.#hostOf();
    const clock = this.#options.clock ?? realClock;
    const sleeps = new Sleeps(clock);
    const read = (id: number): unknown => host.readParam(id);
    const triggers = new Triggers(plan, read, {
      queue: (group, placement, client) => this.#enqueue(group, placement, 0, client),
      clearParam: (param) => changes.forget(param),
      timer: (timer, run) => this.#switchTimer(timer, run),
      closeClient: (connection, param) => {
        const client = host.readParam(param);
        if (typeof client === 'string') host.closeClient?.(connection, client);
      },
    });
    const changes = new ParamChanges(host, triggers);
    const runner = new GroupRunner(this.#spec, host, triggers, sleeps);
    const deps = {
      clock,
      groups: this.#groups.byId,
      queue: (group: number, interval: number) => this.#enqueue(group, 'timer', interval),
      runNow: (group: GroupSpec) => runner.runNow(group),
      beforeCycle: (timer: PollingSpec['timers'][number]) => {
        triggers.fire('timer before', timer.id);
        return conditionHolds(timer.condition, read);
      },
    };
    const timers = new Map(plan.timers.map((timer) => [timer.id, new TimerLoop(timer, deps)]));
    return { host, clock, queue: new GroupQueue(), sleeps, triggers, runner, timers, changes };
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#state !== 'stopped';
  }

  get state(): PollingState {
    return this.#state;
  }

  /** Keys of the groups waiting in the queue, in the order they will run. */
  get queued(): G[] {
    return (this.#parts?.queue.groups() ?? []).map((id) => this.#groups.byId.get(id)?.key as G);
  }

  on<E extends keyof PollingEvents<G>>(event: E, listener: PollingEvents<G>[E]): () => void {
    // The emitter only ever passes the keys of this protocol's groups.
    return (this.#events ??= new Emitter()).on(event, listener as PollingEvents<string>[E]);
  }

  /**
   * Starts polling: the `after startup` triggers, then every timer whose `Time@initial` is not false
   * (a random one after its random delay). Calling it while running does nothing.
   */
  start(): void {
    if (this.running) return;
    const { changes, triggers, host, timers } = this.#machinery();
    const random = this.#options.random ?? Math.random;
    this.#setState('polling');
    changes.start();
    // A response pushed by the device fires its `response after` triggers, as one a pair got does.
    if (triggers.any('response after')) this.#unwatchPushes = host.watchPushes?.((response, client) => triggers.fire('response after', response, client));
    triggers.fire('protocol after startup');
    for (const timer of timers.values()) {
      const initial = timer.spec.initial;
      if (initial === true) timer.start();
      else if (initial !== false) timer.start(initial.randomMs[0] + random() * (initial.randomMs[1] - initial.randomMs[0]));
    }
  }

  /** Stops the timers, drops the queued groups and resolves once the group in progress has ended. */
  async stop(): Promise<void> {
    const parts = this.#parts;
    // Never started nor run: there is nothing to stop.
    if (parts === undefined) return;
    this.#stopping = true;
    const timers = [...parts.timers.values()].map((timer) => timer.stop());
    parts.changes.stop();
    this.#unwatchPushes?.();
    this.#unwatchPushes = undefined;
    for (const entry of parts.queue.drain()) entry.done.resolve(new PollingStoppedError(this.#keyOf(entry.group)));
    parts.sleeps.cancelAll();
    await this.#worker;
    await Promise.all(timers);
    this.#stopping = false;
    parts.sleeps.reopen();
    this.#setState('stopped');
  }

  /** Runs one group now (next in the queue, after the one running); resolves when it ended, rejects if it failed. */
  async runGroup(key: G): Promise<void> {
    const group = this.#groups.byKey.get(key);
    if (group === undefined) throw new RangeError(`Unknown group '${key}'`);
    const outcome = await this.#enqueue(group.id, 'execute next').done.promise;
    if (outcome) throw outcome;
  }

  #enqueue(group: number, placement: Placement, interval = 0, client?: string): QueuedGroup {
    const { queue } = this.#machinery();
    const entry = queue.add(group, placement, interval, client);
    if (this.#stopping) {
      queue.drain().forEach((dropped) => dropped.done.resolve(new PollingStoppedError(this.#keyOf(dropped.group))));
      return entry;
    }
    this.#worker ??= this.#work();
    return entry;
  }

  /** DataMiner's protocol thread: one group at a time, in queue order, until the queue is empty. */
  async #work(): Promise<void> {
    // Let the caller that queued the first group finish queuing the rest (placements decide the order).
    await Promise.resolve();
    const { queue } = this.#machinery();
    for (let entry = queue.take(); entry !== undefined; entry = queue.take()) {
      entry.done.resolve(await this.#runEntry(entry));
    }
    this.#worker = undefined;
  }

  async #runEntry(entry: QueuedGroup): Promise<Error | undefined> {
    const group = this.#groups.byId.get(entry.group);
    if (group === undefined) return undefined;
    const key = group.key;
    const { clock, runner } = this.#machinery();
    const began = clock.now();
    try {
      const result = await runner.run(group, entry.interval, entry.client);
      if (result === 'skipped') this.#events?.emit('skipped', key);
      if (result === 'done') {
        if (this.#state === 'timeout') this.#setState('polling');
        this.#events?.emit('done', key, clock.now() - began);
      }
      return result === 'stopped' ? new PollingStoppedError(key) : undefined;
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      if (this.running && !this.#stopping && (error instanceof PairTimeoutError || error instanceof ConnectionClosedError)) this.#setState('timeout');
      this.#events?.emit('failed', key, error);
      return error;
    }
  }

  #switchTimer(id: number, run: boolean): void {
    const timer = this.#parts?.timers.get(id);
    if (timer === undefined || !this.running) return;
    if (run) timer.start();
    else void timer.stop();
  }

  #keyOf(group: number): string {
    return this.#groups.byId.get(group)?.key ?? String(group);
  }

  #setState(state: PollingState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#events?.emit('state', state);
  }
}
