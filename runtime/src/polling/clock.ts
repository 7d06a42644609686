/**
 * The scheduler's sense of time, injected so that every rule is testable on a fake clock. `Sleeps`
 * tracks the delays it hands out so that `stop()` leaves no timer behind.
 */

export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock: `performance.now()` and the global timers (looked up per call, so fake timers apply). */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Delays that resolve `true` when their time comes and `false` when cancelled. */
export class Sleeps {
  readonly #clock: Clock;
  /** Made on the first delay: most drivers never poll, and an empty Map costs a few hundred bytes. */
  #pending: Map<unknown, (elapsed: boolean) => void> | undefined;
  /** After `cancelAll()`, until `reopen()`: every new delay resolves `false` at once. */
  #cancelled = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Waits until `at` on the clock (at once when it has passed). */
  until(at: number): Promise<boolean> {
    return this.for(at - this.#clock.now());
  }

  /** Waits `ms`; no timer at all for 0 or less (a 0 ms timer waits 1 ms in Node, a drift of its own). */
  for(ms: number): Promise<boolean> {
    if (this.#cancelled) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const handle = this.#clock.setTimeout(() => {
        this.#pending?.delete(handle);
        resolve(true);
      }, ms);
      (this.#pending ??= new Map()).set(handle, resolve);
    });
  }

  /** Clears every pending delay and refuses new ones until `reopen()`; each resolves `false`. */
  cancelAll(): void {
    this.#cancelled = true;
    for (const [handle, resolve] of this.#pending ?? []) {
      this.#clock.clearTimeout(handle);
      resolve(false);
    }
    this.#pending?.clear();
  }

  reopen(): void {
    this.#cancelled = false;
  }

  get size(): number {
    return this.#pending?.size ?? 0;
  }
}
