/**
 * One connection of a protocol, of any kind: its lifecycle (dial, open, loss, close) and the parts
 * every kind shares, wired to the transports its `Link` opens. The parts: `Reconnect` (policy),
 * `Endpoint` (URL, dynamic ip, handshake), `StatusParam`, `CallQueue` (calls and owed replies) and
 * `Inbox` (framing, routing). What is specific to WebSocket lives in ws-transport.ts.
 *
 * Lifecycle rules: state changes first, then the notifications it causes (status param, rejected
 * calls, `error`), so a listener always reads the new state and may act on it. `connect()` fails fast,
 * but never cancels reconnecting. The last of `connect()`/`close()` wins.
 */
import { Call } from './call.js';
import { ClientLog, withoutStatusParam } from './client-log.js';
import { CallQueue, type CallSender } from './call-queue.js';
import type { ClientChange, ConnectionState, DriverEvents } from './driver-events.js';
import { deferred, type Deferred } from './deferred.js';
import { Endpoint } from './endpoint.js';
import { ConnectError, ConnectionClosedError, MessageTooLargeError } from './errors.js';
import { toError, type Emitter } from './events.js';
import type { Backoff } from './backoff.js';
import { Inbox } from './inbox.js';
import { Lifecycle, paramLookup, type DriverConnection, type KindSetup } from './lifecycle.js';
import { CONNECT_TIMEOUT_MS, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './limits.js';
import { checkCallOptions, type CallOptions, type ConnectionOptions } from './options.js';
import type { ParamWatcher } from './param-store.js';
import type { PairPlan, ResponsePlan } from './plan.js';
import { Reconnect, type Redialer } from './reconnect.js';
import { CloseCode, type Link, type SendListener, type Transport, type TransportHandler } from './transport.js';

const NO_VALUES: Readonly<Record<string, unknown>> = Object.freeze({});

/** A call's result and, in server mode, the client whose reply it is (undefined for a push pair). */
export interface Answer {
  readonly value: unknown;
  readonly client: string | undefined;
}

/** Everything a connection receives from its driver. */
export interface ConnectionSetup<C extends string> extends KindSetup<C, ConnectionOptions> {
  /** Responses that arrive on this connection, tried as push data. */
  readonly push: readonly ResponsePlan[];
  readonly maxMessageBytes: number;
  readonly heartbeatMs: number;
  readonly backoff: Backoff | undefined;
  /** Check values against Range and Discreets before sending. */
  readonly checkValues: boolean;
  readonly link: Link;
  /** Told the id of each response matched as push data, and its sender in server mode. */
  readonly onPush?: ((response: number, client: string | undefined) => void) | undefined;
}

/** One connection. Implements the handler interfaces of its parts as named methods (no closures). */
export class Connection<C extends string> implements DriverConnection<C>, TransportHandler, CallSender, ParamWatcher, Redialer {
  readonly key: C;
  /** The connection's id in the protocol (`Connection@id`). */
  readonly id: number;
  readonly #endpoint: Endpoint;
  readonly #events: Emitter<DriverEvents<C>>;
  readonly #queue: CallQueue;
  readonly #inbox: Inbox<C>;
  readonly #link: Link;
  readonly #reconnect: Reconnect | undefined;
  readonly #lifecycle: Lifecycle<C>;
  readonly #maxMessageBytes: number;
  readonly #heartbeatMs: number;
  readonly #checkValues: boolean;
  /** Timeout and retries of a pair that has none: driver option, else the connection's, else the default. */
  readonly #timeoutMs: number;
  readonly #retries: number;
  #transport: Transport | undefined;
  /** Opened since the last `connect()`: from then on a loss reconnects (when the policy says so). */
  #hasOpened = false;
  /** The `connect()` waiting for this connection to open. */
  #opening: Deferred<void> | undefined;
  #url: string;
  /** Server mode: the `client` event and the params that log clients (a dialing connection has none). */
  readonly #clients: ClientLog<C> | undefined;

  constructor(setup: ConnectionSetup<C>) {
    const { spec } = setup;
    // The generated driver types `connections` by these keys; the spec is what ties them together.
    this.key = spec.key as C;
    this.id = spec.id;
    this.#url = setup.options.url;
    this.#events = setup.events;
    this.#queue = new CallQueue(spec.key, setup.maxQueue, this);
    this.#inbox = new Inbox(this.key, setup.push, this.#queue, setup.params, setup.events, setup.link, setup.onPush);
    this.#link = setup.link;
    this.#reconnect = setup.backoff === undefined ? undefined : new Reconnect(setup.backoff, this);
    this.#maxMessageBytes = setup.maxMessageBytes;
    this.#heartbeatMs = setup.heartbeatMs;
    this.#checkValues = setup.checkValues;
    this.#timeoutMs = setup.timeoutMs ?? spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retries = setup.retries ?? spec.retries ?? DEFAULT_RETRIES;
    const param = paramLookup(spec, setup.paramsById);
    const listens = setup.link.listens === true;
    this.#lifecycle = new Lifecycle(listens ? withoutStatusParam(spec) : spec, setup.params, param, setup.events);
    this.#clients = listens ? new ClientLog(spec, setup.params, param, setup.events) : undefined;
    this.#endpoint = new Endpoint(spec, setup.options, setup.params, param);
    if (this.#endpoint.dynamicKey !== undefined) setup.params.watch(this.#endpoint.dynamicKey, this);
  }

  get state(): ConnectionState {
    return this.#lifecycle.state;
  }

  /** `connect()` was called and `close()` was not since: a dynamic-ip write dials, even after a drop. */
  get wanted(): boolean {
    return this.#lifecycle.wanted;
  }

  get epoch(): number {
    return this.#lifecycle.epoch;
  }

  /** Opens the connection (no-op when open); resolves when open, rejects with ConnectError when it fails. */
  open(): Promise<void> {
    this.#lifecycle.want();
    if (this.state === 'open') return Promise.resolve();
    if (this.#opening !== undefined) return this.#opening.promise;
    const opening = deferred<void>();
    this.#opening = opening;
    if (this.#transport === undefined) {
      this.#reconnect?.reset();
      this.#dial();
    }
    return opening.promise;
  }

  /** Closes gracefully: rejects every pending call now, resolves once the socket is closed. */
  async close(): Promise<void> {
    this.#lifecycle.unwant();
    this.#hasOpened = false;
    this.#reconnect?.reset();
    const transport = this.#transport;
    this.#transport = undefined;
    const opening = this.#opening;
    this.#opening = undefined;
    const error = new ConnectionClosedError(this.key, 'was closed by the driver');
    this.#dropClients();
    this.#lifecycle.enter('closed');
    this.#queue.rejectAll(error);
    this.#lifecycle.status(false);
    opening?.reject(error);
    if (transport !== undefined) await transport.close(CloseCode.normal, 'driver closed');
  }

  /** Queues a call of `plan`; rejects at once when not open, aborted, invalid or the queue is full. */
  call(plan: PairPlan, values: object | undefined, options: CallOptions | undefined): Promise<unknown> {
    try {
      return this.#queued(plan, values, options).promise;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** As `call`, and tells which client's reply settled it (server mode: polling answers that client). */
  async callAnswered(plan: PairPlan, values: object | undefined, options: CallOptions | undefined): Promise<Answer> {
    const call = this.#queued(plan, values, options);
    const value = await call.promise;
    return { value, client: call.answeredBy };
  }

  /** A new call of `plan`, queued. @throws when not open, aborted, invalid, or addressed to a client it does not have. */
  #queued(plan: PairPlan, values: object | undefined, options: CallOptions | undefined): Call {
    if (this.state !== 'open') throw new ConnectionClosedError(this.key, `is not open (${this.state})`);
    const signal = options?.signal;
    if (signal?.aborted === true) throw signal.reason;
    const client = options?.client;
    checkCallOptions(options, this.key, this.#link.listens === true);
    // Generated methods pass their typed values object; the codec reads it by param key.
    const bytes = plan.command.build((values ?? NO_VALUES) as Readonly<Record<string, unknown>>, this.#checkValues);
    const most = this.#transport?.maxSendBytes;
    if (most !== undefined && bytes.length > most) throw new RangeError(`Pair '${plan.key}': its command is ${bytes.length} bytes, more than one datagram holds (${most}); nothing was sent`);
    const timeoutMs = options?.timeoutMs ?? plan.timeoutMs ?? this.#timeoutMs;
    const retries = options?.retries ?? plan.retries ?? this.#retries;
    if (client !== undefined && !this.#inbox.has(client)) throw new ConnectionClosedError(this.key, `has no client ${client}`);
    const call = new Call(this.#queue, plan, bytes, timeoutMs, retries, signal, client);
    this.#queue.add(call);
    return call;
  }

  /** Server mode: disconnects `client` (it leaves as if it had hung up); a client the connection does not have is left alone. */
  disconnect(client: string): void {
    if (this.#inbox.has(client)) this.#transport?.disconnect?.(client);
  }

  // CallSender

  transmit(call: Call, listener: SendListener | undefined): readonly string[] | undefined {
    if (this.#transport === undefined) {
      listener?.sent(new Error('no socket'));
      return undefined;
    }
    this.#inbox.sending(call.client);
    // Each client a call to every client reaches owes its reply (only pairs that expect one are tracked).
    const clients = call.client === undefined && call.plan.expectsResponse ? this.#transport.recipients?.() : undefined;
    this.#transport.send(call.bytes, call.plan.text, listener, call.client);
    return clients;
  }

  timeUp(): void {
    this.#inbox.timeUp();
  }

  idle(): void {
    this.#transport?.idle?.();
  }

  get bufferedAmount(): number {
    return this.#transport?.bufferedAmount ?? 0;
  }

  // TransportHandler

  opened(transport: Transport): void {
    if (transport !== this.#transport) return;
    this.#hasOpened = true;
    this.#reconnect?.opened();
    this.#lifecycle.enter('open');
    // A state or status listener may close or move the connection; that settles `#opening` itself.
    if (transport === this.#transport) this.#lifecycle.status(true);
    if (transport !== this.#transport) return;
    const opening = this.#opening;
    this.#opening = undefined;
    opening?.resolve();
  }

  listening(transport: Transport, address: { readonly host: string; readonly port: number }): void {
    if (transport === this.#transport) this.#events.emit('listening', this.key, { host: address.host, port: address.port });
  }

  received(transport: Transport, data: Uint8Array, client?: string): void {
    if (transport === this.#transport) this.#inbox.receive(data, client);
  }

  client(transport: Transport, client: string, change: ClientChange): void {
    if (transport !== this.#transport) return;
    if (change === 'connected') this.#inbox.joined(client);
    else if (change === 'disconnected') this.#inbox.left(client);
    this.#clients?.changed(client, change);
    if (change === 'disconnected') this.#queue.rejectClient(client, new ConnectionClosedError(this.key, `lost client ${client}`));
  }

  closed(transport: Transport, code: number, reason: string | undefined, error: Error | undefined): void {
    if (transport !== this.#transport) return;
    this.#transport = undefined;
    this.#dropClients();
    this.#ended(code, reason, error);
  }

  // ParamWatcher: the dynamic-ip param was written through `params.set`.

  paramWritten(changed: boolean): void {
    if (!this.wanted) return;
    // Rewriting the value is DataMiner's way back after a drop; the same value while up changes nothing.
    if (!changed && (this.state === 'open' || this.state === 'connecting')) return;
    try {
      this.#endpoint.url();
    } catch (error) {
      this.#events.report(error);
      return;
    }
    const previous = this.#transport;
    this.#transport = undefined;
    this.#dropClients();
    this.#reconnect?.reset();
    this.#lifecycle.enter('reconnecting');
    this.#queue.rejectAll(new ConnectionClosedError(this.key, 'is moving to a new URL (dynamic ip param written)'));
    this.#lifecycle.status(false);
    // close() never rejects; nothing waits for the old socket.
    if (previous !== undefined) void previous.close(CloseCode.normal, 'URL changed');
    if (this.#transport === undefined && this.wanted) this.#dial();
  }

  // Redialer: the reconnect delay is over.

  redial(): void {
    if (this.#transport === undefined && this.wanted) this.#dial();
  }

  /** The transport is gone (or is being let go): its clients' framers stop, and each client is told gone. */
  #dropClients(): void {
    for (const client of this.#inbox.stop()) this.#clients?.changed(client, 'disconnected');
  }

  /** Starts a transport to the current URL; a synchronous failure counts as a failed attempt. */
  #dial(): void {
    this.#url = this.#endpoint.configuredUrl;
    let transport: Transport;
    try {
      this.#url = this.#endpoint.url();
      const options = {
        url: this.#url,
        headers: this.#endpoint.headers(),
        maxMessageBytes: this.#maxMessageBytes,
        heartbeatMs: this.#heartbeatMs,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
      };
      this.#inbox.restart(options);
      transport = this.#link.open(options, this);
    } catch (error) {
      this.#lifecycle.enter('connecting');
      this.#ended(CloseCode.abnormal, undefined, toError(error));
      return;
    }
    this.#transport = transport;
    this.#lifecycle.enter('connecting');
  }

  /** The transport is gone: decide what comes next, enter that state, then tell everyone. */
  #ended(code: number, reason: string | undefined, error: Error | undefined): void {
    const wasOpen = this.state === 'open';
    const unstable = wasOpen && this.#reconnect?.lost() === true;
    const opening = this.#opening;
    this.#opening = undefined;
    // Server mode: the device dials again when it likes; wait for it at once.
    const listens = this.#link.listens === true;
    const retry = this.wanted && this.#hasOpened && (listens || this.#reconnect?.schedule() === true);
    const detail = unstable ? 'closed again soon after it was reopened (reconnect backs off)' : wasOpen ? 'closed' : 'failed to open';
    const lost = new ConnectionClosedError(this.key, detail, code, reason, error === undefined ? undefined : { cause: error });
    this.#lifecycle.enter(retry ? 'reconnecting' : 'closed');
    this.#queue.rejectAll(lost);
    this.#lifecycle.status(false);
    if (code === CloseCode.tooBig && error !== undefined) {
      this.#events.report(new MessageTooLargeError(this.key, this.#maxMessageBytes, { cause: error }));
    } else if (wasOpen && (error !== undefined || unstable)) {
      this.#events.report(lost);
    }
    if (wasOpen) {
      if (listens && retry && this.#transport === undefined && this.wanted) this.#dial();
      return;
    }
    const failed = new ConnectError(this.key, this.#url, { cause: error ?? lost });
    // connect() waits for this attempt: fail fast and let its caller decide.
    if (opening !== undefined) opening.reject(failed);
    // A dial nobody awaits (reconnect, dynamic-ip move) failed and no attempt follows.
    else if (!retry && this.wanted) this.#events.report(failed);
  }
}
