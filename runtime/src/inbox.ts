/**
 * What happens to the bytes a connection receives: a byte-stream link's framer cuts them into
 * candidate messages (a message link's are messages already), the router decides what each message is,
 * and the inbox acts on it: values into the params, the reply to the call queue, the rest `unmatched`.
 */
import type { CallQueue } from './call-queue.js';
import type { Values } from './codec/index.js';
import type { DriverEvents } from './driver-events.js';
import type { Emitter } from './events.js';
import type { ParamSink } from './param-store.js';
import type { ResponsePlan } from './plan.js';
import { Router, type RouteSink } from './router.js';
import type { FrameSink, Framer, Link, TransportOptions } from './transport.js';

export class Inbox<C extends string> implements RouteSink, FrameSink {
  readonly #connection: C;
  readonly #router: Router;
  readonly #queue: CallQueue;
  readonly #params: ParamSink<C>;
  readonly #events: Emitter<DriverEvents<C>>;
  readonly #link: Link;
  /** The framer of the current transport (byte-stream links only). */
  #framer: Framer | undefined;
  /** The message being routed is a whole reply (`reply`): unmatched, it fails the attempt. */
  #whole = false;
  /** Told the id of every response matched as push data (polling fires its `response after` triggers). */
  readonly #onPush: ((response: number) => void) | undefined;

  constructor(connection: C, push: readonly ResponsePlan[], queue: CallQueue, params: ParamSink<C>, events: Emitter<DriverEvents<C>>, link: Link, onPush?: (response: number) => void) {
    this.#connection = connection;
    this.#onPush = onPush;
    this.#router = new Router(push, this);
    this.#queue = queue;
    this.#params = params;
    this.#events = events;
    this.#link = link;
  }

  /** A new transport: nothing of the old one's bytes is kept. */
  restart(options: TransportOptions): void {
    this.#framer?.stop();
    this.#framer = this.#link.framer?.(options);
  }

  /** The transport is gone: a framer's timers stop with it. */
  stop(): void {
    this.#framer?.stop();
    this.#framer = undefined;
  }

  /** A message (message links) or a chunk (byte-stream links) arrived. */
  receive(data: Uint8Array): void {
    if (this.#framer === undefined) this.message(data);
    else this.#framer.push(data, this.#queue.expecting, this);
  }

  /** A command is about to go out. */
  sending(): void {
    this.#framer?.sending();
  }

  /** The in-flight pair's time is up. */
  timeUp(): void {
    this.#framer?.end(this.#queue.expecting, this);
  }

  // FrameSink

  message(bytes: Uint8Array): void {
    this.#router.route(bytes, this.#queue.expecting);
  }

  reply(bytes: Uint8Array): void {
    this.#whole = true;
    this.#router.route(bytes, this.#queue.expecting);
    this.#whole = false;
  }

  discarded(bytes: Uint8Array): void {
    // Discarded bytes are the framer's copies (or a whole chunk): the listener may keep them.
    this.#events.emit('unmatched', this.#connection, bytes);
  }

  // RouteSink

  replied(response: ResponsePlan, values: Values): void {
    this.#params.storeAll(values, this.#connection, response.id);
    this.#queue.replied(response, values);
  }

  refused(response: ResponsePlan, values: Values): void {
    this.#params.storeAll(values, this.#connection, response.id);
    this.#queue.refused(response, values);
  }

  pushed(response: ResponsePlan, values: Values): void {
    this.#params.storeAll(values, this.#connection, response.id);
    this.#onPush?.(response.id);
  }

  unmatched(bytes: Uint8Array): void {
    // A framer's message may be a view of its buffer; a listener may keep what it is given.
    this.#events.emit('unmatched', this.#connection, this.#framer === undefined ? bytes : bytes.slice());
    if (!this.#whole) return;
    this.#whole = false;
    this.#queue.attemptFailed();
  }
}
