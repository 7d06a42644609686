/**
 * The calls of one connection: a bounded FIFO with one response-expecting call in flight (DataMiner has
 * no correlation id, so answers can only be attributed to the single pair waiting). Push calls are
 * written in their turn and do not hold the queue beyond the write. Owns the in-flight timer.
 */
import { Call, type CallOwner } from './call.js';
import { ConnectionClosedError, PairTimeoutError, QueueFullError } from './errors.js';
import { SEND_HIGH_WATER_MARK } from './limits.js';
import type { SendListener } from './transport.js';

/** How the queue reaches the socket. */
export interface CallSender {
  /** Writes the call's bytes; `listener` learns when the write completed. */
  transmit(call: Call, listener: SendListener | undefined): void;
  /** Bytes the socket holds unsent. */
  readonly bufferedAmount: number;
}

/** FIFO, in-flight slot, timeout and retries of one connection. */
export class CallQueue implements CallOwner {
  readonly #connection: string;
  readonly #limit: number;
  readonly #sender: CallSender;
  readonly #waiting: Call[] = [];
  #inFlight: Call | undefined;
  /** A push call whose write must complete before the next send, because the socket is backed up. */
  #blockedBy: Call | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(connection: string, limit: number, sender: CallSender) {
    this.#connection = connection;
    this.#limit = limit;
    this.#sender = sender;
  }

  /** The call waiting for a response, if any. */
  get inFlight(): Call | undefined {
    return this.#inFlight;
  }

  /** Queues `call`, or rejects it with QueueFullError when `limit` calls already wait. */
  add(call: Call): void {
    if (this.#waiting.length >= this.#limit) {
      call.reject(new QueueFullError(this.#connection, this.#limit));
      return;
    }
    this.#waiting.push(call);
    this.#next();
  }

  /** `call`, in flight, got its answer. Ignored if another call holds the slot by now. */
  resolve(call: Call, value: unknown): void {
    if (call !== this.#inFlight) return;
    this.#release();
    call.resolve(value);
    this.#next();
  }

  /** `call`, in flight, failed without retry (bad-command response). */
  reject(call: Call, error: unknown): void {
    if (call !== this.#inFlight) return;
    this.#release();
    call.reject(error);
    this.#next();
  }

  /** Rejects the in-flight call and every queued one at once (connection lost or closed). */
  rejectAll(error: ConnectionClosedError): void {
    const inFlight = this.#release();
    this.#blockedBy = undefined;
    const waiting = this.#waiting.splice(0);
    inFlight?.reject(error);
    for (const call of waiting) call.reject(error);
  }

  abort(call: Call, reason: unknown): void {
    if (call === this.#inFlight) {
      this.#release();
      call.reject(reason);
      this.#next();
      return;
    }
    const index = this.#waiting.indexOf(call);
    if (index !== -1) this.#waiting.splice(index, 1);
    call.reject(reason);
  }

  written(call: Call, error: Error | undefined): void {
    if (error === undefined) call.resolve(undefined);
    else call.reject(new ConnectionClosedError(this.#connection, 'closed before the message was sent', undefined, undefined, { cause: error }));
    if (call !== this.#blockedBy) return;
    this.#blockedBy = undefined;
    this.#next();
  }

  /** Starts queued calls until one waits for a response or the socket is backed up. */
  #next(): void {
    while (this.#inFlight === undefined && this.#blockedBy === undefined) {
      const call = this.#waiting.shift();
      if (call === undefined) return;
      if (call.plan.expectsResponse) {
        this.#inFlight = call;
        this.#send(call);
        return;
      }
      this.#sender.transmit(call, call);
      if (this.#sender.bufferedAmount > SEND_HIGH_WATER_MARK) this.#blockedBy = call;
    }
  }

  #send(call: Call): void {
    call.attempts++;
    this.#sender.transmit(call, undefined);
    // The queue rides along as the timer's argument: no closure per queue or per call.
    this.#timer = setTimeout(CallQueue.#onTimeout, call.timeoutMs, this);
  }

  static #onTimeout(queue: CallQueue): void {
    queue.#timedOut();
  }

  #timedOut(): void {
    this.#timer = undefined;
    const call = this.#inFlight;
    if (call === undefined) return;
    if (call.attempts <= call.retries) {
      this.#send(call);
      return;
    }
    this.#inFlight = undefined;
    const { plan } = call;
    call.reject(new PairTimeoutError(plan.key, plan.id, this.#connection, call.timeoutMs, call.attempts, plan.source));
    this.#next();
  }

  /** Empties the in-flight slot and clears its timer; returns the call that held it. */
  #release(): Call | undefined {
    const call = this.#inFlight;
    this.#inFlight = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    return call;
  }
}
