/**
 * One call of a pair: the bytes to send, its resolved timeout and retries, and the promise the caller
 * holds. It settles exactly once, whoever gets there first (response, timeout, abort, connection loss).
 */
import { deferred, type Deferred } from './deferred.js';
import type { PairPlan } from './plan.js';

/** The owner a call reports its abort and its completed write to. */
export interface CallOwner {
  abort(call: Call, reason: unknown): void;
  written(call: Call, error: Error | undefined): void;
}

/** A pending call. It is its own abort listener and send listener, so no closure is created per call. */
export class Call {
  readonly plan: PairPlan;
  readonly bytes: Uint8Array;
  readonly timeoutMs: number;
  readonly retries: number;
  /** Times the command has been sent. */
  attempts = 0;
  readonly #owner: CallOwner;
  readonly #signal: AbortSignal | undefined;
  readonly #deferred: Deferred<unknown> = deferred();
  #settled = false;

  constructor(
    owner: CallOwner,
    plan: PairPlan,
    bytes: Uint8Array,
    timeoutMs: number,
    retries: number,
    signal: AbortSignal | undefined,
  ) {
    this.#owner = owner;
    this.plan = plan;
    this.bytes = bytes;
    this.timeoutMs = timeoutMs;
    this.retries = retries;
    this.#signal = signal;
    signal?.addEventListener('abort', this, { once: true });
  }

  /** What the caller awaits. */
  get promise(): Promise<unknown> {
    return this.#deferred.promise;
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** Resolves the call unless it already settled. */
  resolve(value: unknown): void {
    if (this.#finish()) this.#deferred.resolve(value);
  }

  /** Rejects the call unless it already settled. */
  reject(error: unknown): void {
    if (this.#finish()) this.#deferred.reject(error);
  }

  /** The signal fired (EventListenerObject). */
  handleEvent(): void {
    this.#owner.abort(this, this.#signal?.reason);
  }

  /** The socket took (or refused) the bytes of a push call (SendListener). */
  sent(error: Error | undefined): void {
    this.#owner.written(this, error);
  }

  #finish(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#signal?.removeEventListener('abort', this);
    return true;
  }
}
