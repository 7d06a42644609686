/**
 * One protocol Timer: at each planned time it queues its groups in order (`Interval` between them),
 * runs `action`/`trigger` groups at once, and, when its last group is a poll group, waits for that
 * group to end before planning the next cycle (back-pressure: the period is at least the run time).
 * Cycles are planned from the previous planned time, not from when a cycle ended, so on-time cycles
 * never drift; a late one starts when the last ended.
 */
import { Sleeps, type Clock } from './clock.js';
import type { QueuedGroup } from './group-queue.js';
import type { GroupSpec, TimerSpec } from './spec.js';

export interface TimerDeps {
  readonly clock: Clock;
  readonly groups: ReadonlyMap<number, GroupSpec>;
  /** Queues a poll group at the timer's place; the entry tells when it ended. */
  queue(group: number, interval: number): QueuedGroup;
  /** Runs an `action` or `trigger` group on the timer's turn. */
  runNow(group: GroupSpec): void;
  /** The timer's condition and its `timer before` triggers; false skips the cycle. */
  beforeCycle(timer: TimerSpec): boolean;
}

const immediateTypes = new Set(['action', 'trigger']);

export class TimerLoop {
  readonly spec: TimerSpec;
  readonly #deps: TimerDeps;
  readonly #sleeps: Sleeps;
  #loop: Promise<void> | undefined;
  #running = false;

  constructor(spec: TimerSpec, deps: TimerDeps) {
    this.spec = spec;
    this.#deps = deps;
    this.#sleeps = new Sleeps(deps.clock);
  }

  get running(): boolean {
    return this.#running;
  }

  /** Starts the loop with its first cycle `delayMs` from now (no-op when running). */
  start(delayMs = 0): void {
    if (this.#running) return;
    this.#running = true;
    this.#sleeps.reopen();
    this.#loop = this.#run(this.#deps.clock.now() + delayMs);
  }

  /** Stops planning cycles and cancels the wait in progress; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#sleeps.cancelAll();
    await this.#loop;
    this.#loop = undefined;
  }

  async #run(first: number): Promise<void> {
    const clock = this.#deps.clock;
    let planned = first;
    while (this.#running) {
      if (!(await this.#sleeps.until(planned)) || !this.#running) return;
      const waited = await this.#cycle();
      const next = planned + this.spec.time;
      // A `loop` timer that waited for nothing must still let time pass.
      planned = next >= clock.now() ? next : clock.now() + (waited ? 0 : 1);
    }
  }

  /** Queues one cycle's groups; true when it waited for its last poll group. */
  async #cycle(): Promise<boolean> {
    if (!this.#deps.beforeCycle(this.spec)) return false;
    let last: QueuedGroup | undefined;
    for (const [index, id] of this.spec.groups.entries()) {
      if (index > 0 && this.spec.interval > 0 && !(await this.#sleeps.for(this.spec.interval))) return false;
      if (!this.#running) return false;
      const group = this.#deps.groups.get(id);
      if (group === undefined) continue;
      last = undefined;
      if (immediateTypes.has(group.type)) this.#deps.runNow(group);
      else last = this.#deps.queue(id, this.spec.interval);
    }
    if (last === undefined) return false;
    await last.done.promise;
    return true;
  }
}
