/**
 * One WebSocket connection of a protocol: its lifecycle (dial, open, loss, reconnect, dynamic-ip move,
 * close), its status param, and the glue between its transport, router and call queue.
 */
import { backoffDelay, type Backoff } from './backoff.js';
import { Call } from './call.js';
import { CallQueue, type CallSender } from './call-queue.js';
import type { Values } from './codec/index.js';
import { deferred, type Deferred } from './deferred.js';
import type { ConnectionState, DriverEvents } from './driver-events.js';
import { Endpoint } from './endpoint.js';
import { BadCommandError, ConnectError, ConnectionClosedError, MessageTooLargeError } from './errors.js';
import { toError, type Emitter } from './events.js';
import { CONNECT_TIMEOUT_MS, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './limits.js';
import { checkCount, checkRange, type CallOptions, type ConnectionOptions } from './options.js';
import type { ParamSink, ParamWatcher } from './param-store.js';
import type { PairPlan, ResponsePlan } from './plan.js';
import { Router, type RouteSink } from './router.js';
import type { ConnectionSpec, ParamSpec } from './spec.js';
import { CloseCode, type SendListener, type Transport, type TransportFactory, type TransportHandler } from './transport.js';

const NO_VALUES: Readonly<Record<string, unknown>> = Object.freeze({});

/** Everything a connection receives from its driver. */
export interface ConnectionSetup<C extends string> {
  readonly spec: ConnectionSpec;
  readonly options: ConnectionOptions;
  readonly params: ParamSink<C>;
  readonly paramsById: ReadonlyMap<number, ParamSpec>;
  readonly events: Emitter<DriverEvents<C>>;
  /** Responses that arrive on this connection, tried as push data. */
  readonly push: readonly ResponsePlan[];
  /** Driver options that sit between a pair's own timeout/retries and the connection's. */
  readonly timeoutMs: number | undefined;
  readonly retries: number | undefined;
  readonly maxQueue: number;
  readonly maxMessageBytes: number;
  readonly heartbeatMs: number;
  readonly backoff: Backoff | undefined;
  readonly createTransport: TransportFactory;
}

/** The values the status param takes, typed like the param. */
interface StatusParam {
  readonly key: string;
  readonly open: string | number;
  readonly closed: string | number;
}

/** One connection. Implements the handler interfaces of its parts as named methods (no closures). */
export class Connection<C extends string> implements TransportHandler, RouteSink, CallSender, ParamWatcher {
  readonly key: C;
  /** The connection's id in the protocol (`Connection@id`). */
  readonly id: number;
  readonly #endpoint: Endpoint;
  readonly #params: ParamSink<C>;
  readonly #events: Emitter<DriverEvents<C>>;
  readonly #router: Router;
  readonly #queue: CallQueue;
  readonly #maxMessageBytes: number;
  readonly #heartbeatMs: number;
  readonly #backoff: Backoff | undefined;
  readonly #createTransport: TransportFactory;
  readonly #status: StatusParam | undefined;
  /** Timeout and retries of a pair that has none: driver option, else the connection's, else the default. */
  readonly #timeoutMs: number;
  readonly #retries: number;
  #state: ConnectionState = 'closed';
  #transport: Transport | undefined;
  /** `connect()` was called and `close()` was not since: a loss or URL change dials again. */
  #wanted = false;
  /** The `connect()` waiting for this connection to open. */
  #opening: Deferred<void> | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #statusUp = false;
  #url: string;

  constructor(setup: ConnectionSetup<C>) {
    const { spec } = setup;
    // The generated driver types `connections` by these keys; the spec is what ties them together.
    this.key = spec.key as C;
    this.id = spec.id;
    this.#url = setup.options.url;
    this.#params = setup.params;
    this.#events = setup.events;
    this.#router = new Router(setup.push, this);
    this.#queue = new CallQueue(spec.key, setup.maxQueue, this);
    this.#maxMessageBytes = setup.maxMessageBytes;
    this.#heartbeatMs = setup.heartbeatMs;
    this.#backoff = setup.backoff;
    this.#createTransport = setup.createTransport;
    this.#timeoutMs = setup.timeoutMs ?? spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retries = setup.retries ?? spec.retries ?? DEFAULT_RETRIES;
    const param = (id: number): ParamSpec => {
      const found = setup.paramsById.get(id);
      if (found === undefined) throw new Error(`Connection '${spec.key}' names param ${id}, which the spec lacks`);
      return found;
    };
    this.#status = spec.statusParam === undefined ? undefined : statusParam(param(spec.statusParam));
    this.#endpoint = new Endpoint(spec, setup.options, setup.params, param);
    if (this.#endpoint.dynamicKey !== undefined) this.#params.watch(this.#endpoint.dynamicKey, this);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Opens the connection (no-op when open); resolves when open, rejects with ConnectError when it fails. */
  open(): Promise<void> {
    if (this.#state === 'open') return Promise.resolve();
    if (this.#opening !== undefined) return this.#opening.promise;
    const opening = deferred<void>();
    this.#opening = opening;
    this.#wanted = true;
    if (this.#transport === undefined) {
      this.#cancelReconnect();
      this.#dial();
    }
    return opening.promise;
  }

  /** Closes gracefully: rejects every pending call now, resolves once the socket is closed. */
  async close(): Promise<void> {
    this.#wanted = false;
    this.#cancelReconnect();
    const transport = this.#transport;
    this.#transport = undefined;
    const error = new ConnectionClosedError(this.key, 'was closed by the driver');
    const opening = this.#opening;
    this.#opening = undefined;
    this.#queue.rejectAll(error);
    this.#setStatus(false);
    this.#setState('closed');
    opening?.reject(error);
    if (transport !== undefined) await transport.close(CloseCode.normal, 'driver closed');
  }

  /** Queues a call of `plan`; rejects at once when not open, aborted, invalid or the queue is full. */
  call(plan: PairPlan, values: object | undefined, options: CallOptions | undefined): Promise<unknown> {
    if (this.#state !== 'open') {
      return Promise.reject(new ConnectionClosedError(this.key, `is not open (${this.#state})`));
    }
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    let bytes: Uint8Array;
    try {
      checkRange('timeoutMs', options?.timeoutMs, 1);
      checkCount('retries', options?.retries);
      // Generated methods pass their typed values object; the codec reads it by param key.
      bytes = plan.command.build((values ?? NO_VALUES) as Readonly<Record<string, unknown>>);
    } catch (error) {
      return Promise.reject(error);
    }
    const timeoutMs = options?.timeoutMs ?? plan.timeoutMs ?? this.#timeoutMs;
    const retries = options?.retries ?? plan.retries ?? this.#retries;
    const call = new Call(this.#queue, plan, bytes, timeoutMs, retries, signal);
    this.#queue.add(call);
    return call.promise;
  }

  // CallSender

  transmit(call: Call, listener: SendListener | undefined): void {
    if (this.#transport !== undefined) this.#transport.send(call.bytes, call.plan.text, listener);
    else listener?.sent(new Error('no socket'));
  }

  get bufferedAmount(): number {
    return this.#transport?.bufferedAmount ?? 0;
  }

  // TransportHandler

  opened(transport: Transport): void {
    if (transport !== this.#transport) return;
    this.#attempt = 0;
    this.#setState('open');
    // A state or status listener may close or move the connection; that settles `#opening` itself.
    if (transport === this.#transport) this.#setStatus(true);
    if (transport !== this.#transport) return;
    const opening = this.#opening;
    this.#opening = undefined;
    opening?.resolve();
  }

  received(transport: Transport, data: Uint8Array): void {
    if (transport !== this.#transport) return;
    this.#router.route(data, this.#queue.inFlight?.plan);
  }

  closed(transport: Transport, code: number, reason: string, error: Error | undefined): void {
    if (transport !== this.#transport) return;
    this.#transport = undefined;
    this.#ended(code, reason, error);
  }

  // RouteSink

  replied(response: ResponsePlan, values: Values): void {
    // The router tries a pair's responses only while that pair is in flight.
    const call = this.#queue.inFlight as Call;
    this.#params.storeAll(values, this.key, response.id);
    this.#queue.resolve(call, call.plan.multiple ? { response: response.key, values } : values);
  }

  refused(response: ResponsePlan, values: Values): void {
    const call = this.#queue.inFlight as Call;
    const { plan } = call;
    this.#params.storeAll(values, this.key, response.id);
    const error = new BadCommandError(plan.key, plan.id, this.key, response.key, response.id, values, plan.source);
    this.#queue.reject(call, error);
  }

  pushed(response: ResponsePlan, values: Values): void {
    this.#params.storeAll(values, this.key, response.id);
  }

  unmatched(bytes: Uint8Array): void {
    this.#events.emit('unmatched', this.key, bytes);
  }

  // ParamWatcher: the dynamic-ip param was written through `params.set`.

  paramWritten(changed: boolean): void {
    if (!changed || !this.#wanted) return;
    const previous = this.#transport;
    this.#transport = undefined;
    this.#cancelReconnect();
    this.#queue.rejectAll(new ConnectionClosedError(this.key, 'is moving to a new URL (dynamic ip param written)'));
    this.#setStatus(false);
    this.#attempt = 0;
    this.#setState('reconnecting');
    // close() never rejects; nothing waits for the old socket.
    if (previous !== undefined) void previous.close(CloseCode.normal, 'URL changed');
    this.#dial();
  }

  /** Starts a transport to the current URL; a synchronous failure counts as a failed attempt. */
  #dial(): void {
    this.#setState('connecting');
    try {
      this.#url = this.#endpoint.configuredUrl;
      this.#url = this.#endpoint.url();
      const options = {
        url: this.#url,
        headers: this.#endpoint.headers(),
        maxMessageBytes: this.#maxMessageBytes,
        heartbeatMs: this.#heartbeatMs,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
      };
      this.#transport = this.#createTransport(options, this);
    } catch (error) {
      this.#ended(CloseCode.abnormal, '', toError(error));
    }
  }

  /** The transport is gone: fail what waits, then reconnect, give up or report. */
  #ended(code: number, reason: string, error: Error | undefined): void {
    const wasOpen = this.#state === 'open';
    const detail = wasOpen ? 'closed' : 'failed to open';
    const lost = new ConnectionClosedError(this.key, detail, code, reason, error === undefined ? undefined : { cause: error });
    this.#queue.rejectAll(lost);
    this.#setStatus(false);
    if (code === CloseCode.tooBig && error !== undefined) {
      this.#events.report(new MessageTooLargeError(this.key, this.#maxMessageBytes, { cause: error }));
    } else if (wasOpen && error !== undefined) {
      this.#events.report(lost);
    }
    const opening = this.#opening;
    if (opening !== undefined) {
      // connect() is waiting for this attempt: fail fast and let its caller decide.
      this.#opening = undefined;
      this.#wanted = false;
      this.#setState('closed');
      opening.reject(new ConnectError(this.key, this.#url, { cause: error ?? lost }));
      return;
    }
    if (this.#wanted && this.#backoff !== undefined && this.#attempt < this.#backoff.maxAttempts) {
      this.#scheduleReconnect(this.#backoff);
      return;
    }
    const giveUp = this.#wanted && !wasOpen;
    this.#wanted = false;
    this.#setState('closed');
    if (giveUp) this.#events.report(new ConnectError(this.key, this.#url, { cause: error ?? lost }));
  }

  #scheduleReconnect(backoff: Backoff): void {
    const delay = backoffDelay(backoff, this.#attempt);
    this.#attempt++;
    this.#setState('reconnecting');
    this.#reconnectTimer = setTimeout(Connection.#onReconnectTimer, delay, this);
  }

  static #onReconnectTimer<C extends string>(connection: Connection<C>): void {
    connection.#reconnect();
  }

  #reconnect(): void {
    this.#reconnectTimer = undefined;
    this.#dial();
  }

  #cancelReconnect(): void {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#events.emit('state', this.key, state);
  }

  /** Writes the status param on transitions only. */
  #setStatus(up: boolean): void {
    if (this.#status === undefined || up === this.#statusUp) return;
    this.#statusUp = up;
    this.#params.store(this.#status.key, up ? this.#status.open : this.#status.closed, this.key, undefined);
  }
}

function statusParam(param: ParamSpec): StatusParam {
  const numeric = param.value === 'number';
  return { key: param.key, open: numeric ? 1 : '1', closed: numeric ? 0 : '0' };
}
