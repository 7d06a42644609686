/**
 * What happens to the bytes a connection receives: a byte-stream link's framer cuts them into
 * candidate messages (a message link's are messages already), the router decides what each message is,
 * and the inbox acts on it: values into the params, the reply to the call queue, the rest `unmatched`.
 *
 * Server mode: every client's bytes are a stream of their own, cut by a framer of their own (two
 * devices' bytes never make one frame), and each message is routed knowing who sent it: its values
 * carry the client, and a call addressed to one client is settled only by that client's messages.
 */
import type { CallQueue } from './call-queue.js';
import type { Values } from './codec/index.js';
import type { DriverEvents } from './driver-events.js';
import type { Emitter } from './events.js';
import type { ParamSink } from './param-store.js';
import type { PairPlan, ResponsePlan } from './plan.js';
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
  /** The current transport's options, in server mode: each client's framer is made with them. */
  #options: TransportOptions | undefined;
  /** Server mode: the connected clients by `IP:port`, each with its own framer (made on the first client). */
  #clients: Map<string, ClientStream<C>> | undefined;
  /** The client whose message is being routed (server mode). */
  #from: string | undefined;
  /** The message being routed is a whole reply (`reply`): unmatched, it fails the attempt. */
  #whole = false;
  /** Told the id (and sender) of every response matched as push data (polling fires its `response after` triggers). */
  readonly #onPush: ((response: number, client: string | undefined) => void) | undefined;

  constructor(connection: C, push: readonly ResponsePlan[], queue: CallQueue, params: ParamSink<C>, events: Emitter<DriverEvents<C>>, link: Link, onPush?: (response: number, client: string | undefined) => void) {
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
    this.stop();
    // Kept only where clients join: a dialing connection's framer is made once, here.
    this.#options = this.#link.listens === true ? options : undefined;
    this.#framer = this.#link.framer?.(options);
  }

  /** The transport is gone: a framer's timers stop with it. Returns the clients that were connected. */
  stop(): string[] {
    this.#framer?.stop();
    this.#framer = undefined;
    if (this.#clients === undefined) return [];
    const clients = [...this.#clients.keys()];
    for (const stream of this.#clients.values()) stream.framer?.stop();
    this.#clients.clear();
    return clients;
  }

  /** Server mode: `client` connected; its bytes get a framer of their own. */
  joined(client: string): ClientStream<C> {
    const framer = this.#options === undefined ? undefined : this.#link.framer?.(this.#options);
    const stream = new ClientStream(this, client, framer);
    (this.#clients ??= new Map()).set(client, stream);
    return stream;
  }

  /** Server mode: `client` left; what it had buffered goes with it. */
  left(client: string): void {
    this.#clients?.get(client)?.framer?.stop();
    this.#clients?.delete(client);
  }

  has(client: string): boolean {
    return this.#clients?.has(client) ?? false;
  }

  /** A message (message links) or a chunk (byte-stream links) arrived, from `client` in server mode. */
  receive(data: Uint8Array, client?: string): void {
    if (client !== undefined) {
      const stream = this.#clients?.get(client) ?? this.joined(client);
      if (stream.framer === undefined) this.route(data, 0, data.length, client, false);
      else stream.framer.push(data, this.expectingFrom(client), stream);
    } else if (this.#framer === undefined) this.message(data, 0, data.length);
    else this.#framer.push(data, this.#queue.expecting, this);
  }

  /** A command is about to go out (to `client` only, or to every client). */
  sending(client: string | undefined): void {
    this.#framer?.sending();
    if (this.#clients === undefined || this.#clients.size === 0) return;
    if (client !== undefined) this.#flush(this.#clients.get(client));
    else for (const stream of this.#clients.values()) this.#flush(stream);
  }

  /** A client's framer hears a send, unless the client owes a reply: what it buffered may be half of it. */
  #flush(stream: ClientStream<C> | undefined): void {
    if (stream !== undefined && this.#queue.owedBy(stream.client) === undefined) stream.framer?.sending();
  }

  /** The in-flight pair's time is up: every framer that may hold its reply hands it over. */
  timeUp(): void {
    this.#framer?.end(this.#queue.expecting, this);
    if (this.#clients === undefined || this.#clients.size === 0) return;
    for (const stream of this.#clients.values()) stream.framer?.end(this.expectingFrom(stream.client), stream);
  }

  /**
   * The pair a message from `client` may answer: the one it owes a reply of, else none when the call
   * waits for another client's reply.
   */
  expectingFrom(client: string | undefined): PairPlan | undefined {
    const owed = client === undefined ? undefined : this.#queue.owedBy(client);
    if (owed !== undefined) return owed;
    const target = this.#queue.target;
    return target === undefined || target === client ? this.#queue.expecting : undefined;
  }

  /** Routes the message `bytes[start, end)` from `client`; `whole`: a reply whose failure to match fails the attempt. */
  route(bytes: Uint8Array, start: number, end: number, client: string | undefined, whole: boolean): void {
    this.#from = client;
    this.#whole = whole;
    this.#router.route(bytes, start, end, this.expectingFrom(client));
    this.#whole = false;
    this.#from = undefined;
  }

  /** Bytes a framer threw away, from `client` in server mode: reported, never routed. */
  dropped(bytes: Uint8Array, client: string | undefined): void {
    // Discarded bytes are the framer's copies (or a whole chunk): the listener may keep them.
    this.#events.emit('unmatched', this.#connection, bytes, client);
  }

  // FrameSink of the transport's own framer (not server mode)

  message(bytes: Uint8Array, start: number, end: number): void {
    this.#router.route(bytes, start, end, this.#queue.expecting);
  }

  reply(bytes: Uint8Array, start: number, end: number): void {
    this.route(bytes, start, end, undefined, true);
  }

  discarded(bytes: Uint8Array): void {
    this.dropped(bytes, undefined);
  }

  // RouteSink

  replied(response: ResponsePlan, values: Values): void {
    this.#params.storeAll(values, this.#connection, response.id, this.#from);
    this.#queue.replied(response, values, this.#from);
  }

  refused(response: ResponsePlan, values: Values): void {
    this.#params.storeAll(values, this.#connection, response.id, this.#from);
    this.#queue.refused(response, values, this.#from);
  }

  pushed(response: ResponsePlan, values: Values): void {
    this.#params.storeAll(values, this.#connection, response.id, this.#from);
    this.#onPush?.(response.id, this.#from);
  }

  unmatched(bytes: Uint8Array, start: number, end: number): void {
    // A framer's message is part of its buffer; a listener may keep what it is given.
    const framed = this.#framer !== undefined || this.#from !== undefined;
    this.#events.emit('unmatched', this.#connection, framed ? bytes.slice(start, end) : bytes, this.#from);
    if (!this.#whole) return;
    this.#whole = false;
    this.#queue.attemptFailed(this.#from);
  }
}

/** One server-mode client's stream: its framer's sink, which routes knowing the sender. */
class ClientStream<C extends string> implements FrameSink {
  readonly #inbox: Inbox<C>;
  readonly client: string;
  readonly framer: Framer | undefined;

  constructor(inbox: Inbox<C>, client: string, framer: Framer | undefined) {
    this.#inbox = inbox;
    this.client = client;
    this.framer = framer;
  }

  message(bytes: Uint8Array, start: number, end: number): void {
    this.#inbox.route(bytes, start, end, this.client, false);
  }

  reply(bytes: Uint8Array, start: number, end: number): void {
    this.#inbox.route(bytes, start, end, this.client, true);
  }

  discarded(bytes: Uint8Array): void {
    this.#inbox.dropped(bytes, this.client);
  }
}
