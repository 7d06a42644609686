/**
 * A connection's reconnect policy at work: when to dial again after a loss, and when to give up. The
 * attempt count grows with every failed dial and every reopened connection that drops again before it
 * has stayed up `stableMs`, so a device that accepts and closes at once is retried with backoff, not in
 * a storm; it is reset once a connection has stayed up that long.
 */
import { backoffDelay, type Backoff } from './backoff.js';

/** What the policy asks of its connection. */
export interface Redialer {
  redial(): void;
}

export class Reconnect {
  readonly #backoff: Backoff;
  readonly #owner: Redialer;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Runs from an open until the connection counts as stable. */
  #stableTimer: NodeJS.Timeout | undefined;

  constructor(backoff: Backoff, owner: Redialer) {
    this.#backoff = backoff;
    this.#owner = owner;
  }

  /** A connection opened; it resets the attempts only once it has stayed up `stableMs`. */
  opened(): void {
    clearTimeout(this.#stableTimer);
    this.#stableTimer = setTimeout(Reconnect.#onStable, this.#backoff.stableMs, this);
  }

  /** An open connection was lost; true when it had been reopened and did not stay up (worth reporting). */
  lost(): boolean {
    const unstable = this.#stableTimer !== undefined && this.#attempt > 0;
    clearTimeout(this.#stableTimer);
    this.#stableTimer = undefined;
    return unstable;
  }

  /** Schedules the next dial; false when the attempts are used up. */
  schedule(): boolean {
    if (this.#attempt >= this.#backoff.maxAttempts) return false;
    const delay = backoffDelay(this.#backoff, this.#attempt);
    this.#attempt++;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(Reconnect.#onTimer, delay, this);
    return true;
  }

  /** Stops any pending dial and starts counting afresh (connect(), close(), a new dynamic ip). */
  reset(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#stableTimer);
    this.#timer = undefined;
    this.#stableTimer = undefined;
    this.#attempt = 0;
  }

  static #onTimer(reconnect: Reconnect): void {
    reconnect.#timer = undefined;
    reconnect.#owner.redial();
  }

  static #onStable(reconnect: Reconnect): void {
    reconnect.#stableTimer = undefined;
    reconnect.#attempt = 0;
  }
}
