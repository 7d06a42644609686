/**
 * One re-armable timer for a connection's call timeouts and grace periods. Every call a connection
 * sends arms it, so it keeps one Node timer and re-arms it with `refresh()` instead of a
 * `setTimeout` + `clearTimeout` per call: when the last timer of a duration is cleared Node tears its
 * timer list down and builds it again on the next call (~300 ns a round trip; `refresh` ~50 ns).
 * Disarming is therefore lazy: the timer may still fire, and then does nothing. `cancel()` clears it.
 *
 *   const deadline = new Deadline(onExpired, queue);
 *   deadline.arm(5000);   // onExpired(queue) in 5 s…
 *   deadline.disarm();    // …unless disarmed first (the timer runs out idle)
 */
export class Deadline<T> {
  readonly #expired: (target: T) => void;
  readonly #target: T;
  #timer: NodeJS.Timeout | undefined;
  /** Duration of `#timer`: `refresh()` re-arms it for that duration only. */
  #ms = 0;
  /**
   * The timer functions `#timer` came from. A test that installs fake timers (or removes them) after
   * calls were made gets a timer of the new kind on the next call, as it did with a timer per call.
   */
  #made: typeof setTimeout | undefined;
  #clear: typeof clearTimeout = clearTimeout;
  #armed = false;

  constructor(expired: (target: T) => void, target: T) {
    this.#expired = expired;
    this.#target = target;
  }

  /** `expired(target)` runs in `ms` milliseconds, unless disarmed or re-armed first. */
  arm(ms: number): void {
    this.#armed = true;
    if (this.#timer !== undefined && this.#ms === ms && this.#made === setTimeout) {
      // Also re-activates a timer that has already fired.
      this.#timer.refresh();
      return;
    }
    this.#clear(this.#timer);
    this.#ms = ms;
    this.#made = setTimeout;
    this.#clear = clearTimeout;
    // The deadline rides along as the timer's argument: no closure per arming.
    this.#timer = setTimeout(Deadline.#fire, ms, this);
  }

  /** Nothing runs when the armed time is up; the timer itself is left to run out. */
  disarm(): void {
    this.#armed = false;
  }

  /** Disarms and clears the timer (the connection has no socket: nothing keeps the process up). */
  cancel(): void {
    this.#armed = false;
    this.#clear(this.#timer);
    this.#timer = undefined;
  }

  static #fire<T>(deadline: Deadline<T>): void {
    if (!deadline.#armed) return;
    deadline.#armed = false;
    deadline.#expired(deadline.#target);
  }
}
