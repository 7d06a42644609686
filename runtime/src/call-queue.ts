/**
 * The calls of one connection: a bounded FIFO with one slot for the pair waiting for a response.
 * DataMiner has no correlation id, so a reply can only be attributed by order, and the slot is held by
 * whatever the next reply belongs to:
 * - a call in flight: its pair's responses settle it;
 * - replies owed: each send of a command owes one reply. A call that timed out, was aborted after it
 *   was sent, or was answered while a retry was out leaves the rest of its replies owed. Until they
 *   arrive (each matching the owing pair's responses is absorbed as push data) or one more timeout of
 *   that call has passed (then the debt is forgiven), no other call is sent, so an owed reply can never
 *   settle a later call, and a device that never answers holds the queue for at most that timeout.
 * In server mode a command sent to every client owes a reply from each: those debts are each client's
 * (client-debts.ts) and never hold the slot.
 * Push calls are written in their turn and do not hold the slot beyond the write. Owns the slot's
 * deadline (one timer re-armed per send, deadline.ts).
 */
import { Call, type CallOwner } from './call.js';
import { ClientDebts } from './client-debts.js';
import type { Values } from './codec/index.js';
import { Deadline } from './deadline.js';
import { BadCommandError, ConnectionClosedError, PairTimeoutError, QueueFullError } from './errors.js';
import { SEND_HIGH_WATER_MARK } from './limits.js';
import type { PairPlan, ResponsePlan } from './plan.js';
import type { SendListener } from './transport.js';

/** How the queue reaches the socket. */
export interface CallSender {
  /** Writes the call's bytes; `listener` learns when the write completed. Server mode: returns the clients a call to every client went to. */
  transmit(call: Call, listener: SendListener | undefined): readonly string[] | undefined;
  /** The in-flight call's time is up: a byte-stream framer hands over what it holds. */
  timeUp(): void;
  /** Nothing is in flight, owed or waiting. */
  idle(): void;
  /** Bytes the socket holds unsent. */
  readonly bufferedAmount: number;
}

/** FIFO, response slot, timeout, retries and owed replies of one connection. */
export class CallQueue implements CallOwner {
  readonly #connection: string;
  readonly #limit: number;
  readonly #sender: CallSender;
  readonly #waiting: Call[] = [];
  #inFlight: Call | undefined;
  /** Replies still owed to `#owedBy`'s sends; while > 0 (and no call in flight) the slot is held. */
  #owed = 0;
  #owedBy: PairPlan | undefined;
  /** The client `#owedBy`'s sends went to (server mode), whose messages alone pay the debt. */
  #owedTo: string | undefined;
  /** A push call whose write must complete before the next send, because the socket is backed up. */
  #blockedBy: Call | undefined;
  /** Server mode: what each client owes for calls sent to every client (made by the first such debt). */
  #debts: ClientDebts | undefined;
  /** The call's timeout, or the grace period of owed replies; made by the first call sent (a connection that only listens needs no timer). */
  #deadline: Deadline<CallQueue> | undefined;

  constructor(connection: string, limit: number, sender: CallSender) {
    this.#connection = connection;
    this.#limit = limit;
    this.#sender = sender;
  }

  /** The pair the next reply belongs to: the call in flight, else the one owed replies, else none. */
  get expecting(): PairPlan | undefined {
    return this.#inFlight?.plan ?? this.#owedBy;
  }

  /** Server mode: the pair `client`'s next reply belongs to when it owes one for a call sent to every client. */
  owedBy(client: string): PairPlan | undefined {
    return this.#debts?.owing(client);
  }

  /** Server mode: the client whose messages alone may settle the call in flight or pay what is owed; undefined = any. */
  get target(): string | undefined {
    return this.#inFlight === undefined ? this.#owedTo : this.#inFlight.client;
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

  /** A response of the expected pair arrived (from `client` in server mode): it settles the call in flight, or pays one owed reply. */
  replied(response: ResponsePlan, values: Values, client?: string): void {
    if (client !== undefined && this.#debts?.pay(client) === true) return;
    const call = this.#inFlight;
    if (call === undefined) return this.#paid();
    call.answeredBy = client;
    this.#finish(call, call.attempts - 1, client);
    call.resolve(call.plan.multiple ? { response: response.key, values } : values);
    this.#next();
  }

  /** A bad-command response of the expected pair arrived: it rejects the call, or pays one owed reply. */
  refused(response: ResponsePlan, values: Values, client?: string): void {
    if (client !== undefined && this.#debts?.pay(client) === true) return;
    const call = this.#inFlight;
    if (call === undefined) return this.#paid();
    this.#finish(call, call.attempts - 1, client);
    const { plan } = call;
    call.reject(new BadCommandError(plan.key, plan.id, this.#connection, response.key, response.id, values, plan.source));
    this.#next();
  }

  /**
   * The in-flight call's reply arrived whole and matched none of its responses (a failed length or crc
   * check): the attempt failed now, as at a timeout (re-send, or PairTimeoutError after the last).
   */
  attemptFailed(client?: string): void {
    const call = this.#inFlight;
    // A client that owes an older reply sent something else: not this call's attempt.
    if (call === undefined || (client !== undefined && this.#debts?.owing(client) !== undefined)) return;
    this.#deadline?.disarm();
    if (call.attempts <= call.retries) {
      this.#send(call);
      return;
    }
    // As for a reply: this send was answered, earlier ones may still owe theirs.
    this.#finish(call, call.attempts - 1, client);
    const { plan } = call;
    call.reject(new PairTimeoutError(plan.key, plan.id, this.#connection, call.timeoutMs, call.attempts, plan.source));
    this.#next();
  }

  /** Rejects the in-flight call and every queued one at once; a new socket owes nothing. */
  rejectAll(error: ConnectionClosedError): void {
    const inFlight = this.#inFlight;
    this.#release();
    this.#deadline?.cancel();
    this.#blockedBy = undefined;
    this.#debts?.clear();
    const waiting = this.#waiting.splice(0);
    inFlight?.reject(error);
    for (const call of waiting) call.reject(error);
  }

  /** Server mode: `client` left; the calls addressed to it reject (the others go on with the other clients). */
  rejectClient(client: string, error: ConnectionClosedError): void {
    const inFlight = this.#inFlight;
    const waiting = this.#waiting.splice(0);
    this.#waiting.push(...waiting.filter((call) => call.client !== client));
    for (const call of waiting) if (call.client === client) call.reject(error);
    this.#debts?.forget(client);
    if (this.#inFlight === undefined && this.#owedTo === client) this.#forgive();
    if (inFlight?.client !== client) return;
    this.#release();
    inFlight.reject(error);
    this.#next();
  }

  abort(call: Call, reason: unknown): void {
    if (call === this.#inFlight) {
      this.#finish(call, call.attempts);
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

  /** Starts queued calls until one holds the slot or the socket is backed up. Aborted calls never go out. */
  #next(): void {
    while (this.#inFlight === undefined && this.#owed === 0 && this.#blockedBy === undefined) {
      const call = this.#waiting.shift();
      if (call === undefined) return this.#sender.idle();
      const aborted = call.abortedSignal;
      if (aborted !== undefined) {
        call.reject(aborted.reason);
        continue;
      }
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
    const clients = this.#sender.transmit(call, undefined);
    if (clients !== undefined) {
      call.sentTo ??= new Map();
      for (const client of clients) call.sentTo.set(client, (call.sentTo.get(client) ?? 0) + 1);
    }
    this.#armDeadline(call.timeoutMs);
  }

  #armDeadline(ms: number): void {
    (this.#deadline ??= new Deadline<CallQueue>(CallQueue.#onTimeout, this)).arm(ms);
  }

  static #onTimeout(queue: CallQueue): void {
    if (queue.#inFlight !== undefined) queue.#timedOut(queue.#inFlight);
    else queue.#forgive();
  }

  #timedOut(call: Call): void {
    // A byte-stream framer may hold a reply it could not tell complete; it may settle the call now.
    this.#sender.timeUp();
    if (call !== this.#inFlight) return;
    if (call.attempts <= call.retries) {
      this.#send(call);
      return;
    }
    this.#finish(call, call.attempts);
    const { plan } = call;
    call.reject(new PairTimeoutError(plan.key, plan.id, this.#connection, call.timeoutMs, call.attempts, plan.source));
    this.#next();
  }

  /**
   * `call` leaves the slot with `owed` of its sends unanswered: the slot stays held for them. A call
   * sent to every client (server mode) leaves each client owing its sends instead, but the one reply
   * `answeredBy` sent.
   */
  #finish(call: Call, owed: number, answeredBy?: string): void {
    this.#release();
    if (call.sentTo !== undefined) {
      for (const [client, sends] of call.sentTo) (this.#debts ??= new ClientDebts()).add(client, call.plan, client === answeredBy ? sends - 1 : sends, call.timeoutMs);
      return;
    }
    if (owed <= 0) return;
    this.#owed = owed;
    this.#owedBy = call.plan;
    this.#owedTo = call.client;
    this.#armDeadline(call.timeoutMs);
  }

  /** One owed reply arrived (and was stored as push data by the caller). */
  #paid(): void {
    if (--this.#owed > 0) return;
    this.#release();
    this.#next();
  }

  /** The owed replies did not come within the grace period: the device will not send them. */
  #forgive(): void {
    this.#owed = 0;
    this.#owedBy = undefined;
    this.#owedTo = undefined;
    this.#deadline?.disarm();
    this.#next();
  }

  /** Empties the slot and disarms its deadline. */
  #release(): void {
    this.#inFlight = undefined;
    this.#owed = 0;
    this.#owedBy = undefined;
    this.#owedTo = undefined;
    this.#deadline?.disarm();
  }
}
