/**
 * One call of a pair: the bytes to send, its resolved timeout and retries, and the promise the caller
 * holds. It settles exactly once, whoever gets there first (response, timeout, abort, connection loss).
 */
import type { PairPlan } from './plan.js';
import { unwatchAbort, watchAbort, type Abortable } from './signals.js';

/** The owner a call reports its abort and its completed write to. */
export interface CallOwner {
  abort(call: Call, reason: unknown): void;
  written(call: Call, error: Error | undefined): void;
}

/** A pending call. It is its own send listener, so no closure is created per call. */
export class Call implements Abortable {
  readonly plan: PairPlan;
  readonly bytes: Uint8Array;
  readonly timeoutMs: number;
  readonly retries: number;
  /** Server mode: the one client (`IP:port`) the call is sent to and answered by; else every client. */
  readonly client: string | undefined;
  /** Server mode: the client whose reply settled the call. */
  answeredBy: string | undefined;
  /** Times the command has been sent. */
  attempts = 0;
  /** Server mode, a call to every client: the clients its sends went to, and how often (each owes a reply per send). */
  sentTo: Map<string, number> | undefined;
  readonly #owner: CallOwner;
  readonly #signal: AbortSignal | undefined;
  /** What the caller awaits. */
  readonly promise: Promise<unknown>;
  // The promise's own settle functions, kept here rather than in a Deferred: one object less per call.
  #resolve!: (value: unknown) => void;
  #reject!: (error: unknown) => void;
  #settled = false;

  constructor(
    owner: CallOwner,
    plan: PairPlan,
    bytes: Uint8Array,
    timeoutMs: number,
    retries: number,
    signal: AbortSignal | undefined,
    client?: string,
  ) {
    this.#owner = owner;
    this.plan = plan;
    this.bytes = bytes;
    this.timeoutMs = timeoutMs;
    this.retries = retries;
    this.client = client;
    this.#signal = signal;
    Call.#making = this;
    this.promise = new Promise(Call.#adopt);
    Call.#making = undefined;
    if (signal !== undefined) watchAbort(signal, this);
  }

  /** The call whose promise is being made: the executor is shared rather than a closure per call. */
  static #making: Call | undefined;

  /** The promise executor (it runs synchronously, inside the constructor). */
  static #adopt(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
    const call = Call.#making as Call;
    call.#resolve = resolve;
    call.#reject = reject;
  }

  /** The call's signal has fired (it may not have been told yet). */
  get abortedSignal(): AbortSignal | undefined {
    return this.#signal?.aborted === true ? this.#signal : undefined;
  }

  /** Resolves the call unless it already settled. */
  resolve(value: unknown): void {
    if (this.#finish()) this.#resolve(value);
  }

  /** Rejects the call unless it already settled. */
  reject(error: unknown): void {
    if (this.#finish()) this.#reject(error);
  }

  /** The signal fired (Abortable). */
  aborted(reason: unknown): void {
    this.#owner.abort(this, reason);
  }

  /** The socket took (or refused) the bytes of a push call (SendListener). */
  sent(error: Error | undefined): void {
    this.#owner.written(this, error);
  }

  #finish(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    if (this.#signal !== undefined) unwatchAbort(this.#signal, this);
    return true;
  }
}
