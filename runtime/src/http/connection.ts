/**
 * One HTTP connection of a protocol (driver-contract §8, §10). It fits the lifecycle every connection
 * has: `open()` loads undici and makes the connection `open` (HTTP dials per request, so nothing is
 * refused yet), `close()` rejects every queued and running session and closes the sockets; calls
 * while not open reject with ConnectionClosedError. Sessions run one at a time, in call order: one
 * origin queue per connection, as DataMiner runs one request per IP:port at a time.
 */
import type { Dispatcher } from 'undici';
import type { ConnectionState } from '../driver-events.js';
import { Endpoint } from '../endpoint.js';
import { Lifecycle, paramLookup, type DriverConnection, type KindSetup } from '../lifecycle.js';
import { ConnectionClosedError, QueueFullError } from '../errors.js';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from '../limits.js';
import { checkCallOptions, type CallOptions } from '../options.js';
import type { ParamWatcher } from '../param-store.js';
import { unwatchAbort, watchAbort, type Abortable } from '../signals.js';
import type { ParamSpec } from '../spec.js';
import { Cancellation } from '../cancellation.js';
import { runSession, type SessionContext } from './exchange.js';
import type { HttpConnectionOptions } from './options.js';
import type { SessionSpec } from './spec.js';
import { loadUndici, type UndiciModule } from './undici.js';

export interface HttpConnectionSetup<C extends string> extends KindSetup<C, HttpConnectionOptions> {
  readonly maxMessageBytes: number;
}

/** One queued or running session call; `aborted` is told when its signal aborts. */
interface Job extends Abortable {
  readonly session: SessionSpec;
  readonly values: Readonly<Record<string, unknown>>;
  readonly options: CallOptions | undefined;
  /** Cancelled by the caller's signal or by `close()`; the reason is what the call rejects with. */
  readonly cancellation: Cancellation;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export class HttpConnection<C extends string> implements DriverConnection<C>, ParamWatcher {
  readonly key: C;
  readonly id: number;
  readonly #options: HttpConnectionOptions;
  readonly #setup: HttpConnectionSetup<C>;
  readonly #endpoint: Endpoint;
  readonly #queue: Job[] = [];
  /** Clients by origin (`http://host:port`), or the one proxy agent. */
  readonly #dispatchers = new Map<string, Dispatcher>();
  #undici: UndiciModule | undefined;
  readonly #lifecycle: Lifecycle<C>;
  readonly #param: (id: number) => ParamSpec;
  #running: Job | undefined;

  constructor(setup: HttpConnectionSetup<C>) {
    this.key = setup.spec.key as C;
    this.id = setup.spec.id;
    this.#setup = setup;
    this.#options = setup.options;
    checkUrl(setup.spec.key, setup.options.url);
    if (setup.options.proxy !== undefined) checkUrl(`${setup.spec.key}.proxy`, setup.options.proxy);
    const param = paramLookup(setup.spec, setup.paramsById);
    this.#param = param;
    this.#lifecycle = new Lifecycle(setup.spec, setup.params, param, setup.events);
    this.#endpoint = new Endpoint(setup.spec, setup.options, setup.params, param);
    if (this.#endpoint.dynamicKey !== undefined) setup.params.watch(this.#endpoint.dynamicKey, this);
  }

  get state(): ConnectionState {
    return this.#lifecycle.state;
  }

  /** `connect()` was called and `close()` was not since. */
  get wanted(): boolean {
    return this.#lifecycle.wanted;
  }

  get epoch(): number {
    return this.#lifecycle.epoch;
  }

  /** Loads undici (the first time) and opens the connection; rejects with ConnectError when it cannot. */
  open(): Promise<void> {
    return this.#lifecycle.openInOneStep(this.#options.url, loadUndici, (undici) => {
      this.#undici = undici;
    });
  }

  /** Rejects every queued and running session with ConnectionClosedError and closes the sockets. */
  async close(): Promise<void> {
    this.#lifecycle.closeNow((error) => {
      for (const job of this.#queue.splice(0)) job.reject(error);
      this.#running?.cancellation.cancel(error);
    });
    await this.#closeDispatchers();
  }

  /** Queues a session call; rejects at once when not open, aborted, invalid or the queue is full. */
  run(session: SessionSpec, values: object | undefined, options: CallOptions | undefined): Promise<unknown> {
    if (this.state !== 'open') return Promise.reject(new ConnectionClosedError(this.key, `is not open (${this.state})`));
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    try {
      checkCallOptions(options, this.key, false);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#queue.length >= this.#setup.maxQueue) return Promise.reject(new QueueFullError(this.key, this.#setup.maxQueue));
    return new Promise((resolve, reject) => {
      const job: Job = {
        session,
        values: (values ?? {}) as Readonly<Record<string, unknown>>,
        options,
        cancellation: new Cancellation(),
        resolve,
        reject,
        aborted: (reason) => this.#cancel(job, reason),
      };
      if (signal !== undefined) {
        // One listener per signal however many calls share it (signals.ts, as for pairs).
        watchAbort(signal, job);
        job.resolve = (value) => (unwatchAbort(signal, job), resolve(value));
        job.reject = (error) => (unwatchAbort(signal, job), reject(error));
      }
      this.#queue.push(job);
      void this.#pump();
    });
  }

  // ParamWatcher: the dynamic-ip param was written; the next request goes to the new address.

  paramWritten(changed: boolean): void {
    if (changed) void this.#closeDispatchers();
  }

  /** A queued call leaves the queue; a running one is aborted (it rejects with `reason`). */
  #cancel(job: Job, reason: unknown): void {
    const index = this.#queue.indexOf(job);
    if (index >= 0) {
      this.#queue.splice(index, 1);
      job.reject(reason);
    } else if (job === this.#running) job.cancellation.cancel(reason);
  }

  async #pump(): Promise<void> {
    if (this.#running !== undefined) return;
    for (let job = this.#queue.shift(); job !== undefined; job = this.#queue.shift()) {
      this.#running = job;
      try {
        job.resolve(await runSession(this.#context(job)));
      } catch (error) {
        job.reject(job.cancellation.cancelled ? job.cancellation.reason : error);
      } finally {
        this.#running = undefined;
      }
      if (!job.session.keepAlive) await this.#closeDispatchers();
    }
  }

  #context(job: Job): SessionContext {
    const setup = this.#setup;
    const options = job.options;
    return {
      connection: this.key,
      session: job.session,
      baseUrl: this.#endpoint.url(),
      headers: this.#options.headers,
      text: (id) => text(this.#read(job, id)),
      store: (id, value) => {
        const param = this.#param(id);
        const typed = param.value === 'number' ? Number(value.trim()) : value;
        if (typeof typed === 'number' && (value.trim() === '' || !Number.isFinite(typed))) return undefined;
        setup.params.store(param.key, typed, this.key, undefined);
        return [param.key, typed];
      },
      timeoutMs: (request) => options?.timeoutMs ?? request.timeoutMs ?? job.session.timeoutMs ?? setup.timeoutMs ?? setup.spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retries: options?.retries ?? setup.retries ?? setup.spec.retries ?? DEFAULT_RETRIES,
      maxBodyBytes: setup.maxMessageBytes,
      cancellation: job.cancellation,
      dispatcher: (origin) => this.#dispatcher(origin),
    };
  }

  /** A call's argument for the param, else its current value in `driver.params`. */
  #read(job: Job, id: number): unknown {
    const key = this.#param(id).key;
    return key in job.values ? job.values[key] : this.#setup.params.read(key);
  }

  #dispatcher(origin: string): Dispatcher {
    const undici = this.#undici as UndiciModule;
    const proxy = this.#options.proxy;
    const key = proxy === undefined ? origin : 'proxy';
    let dispatcher = this.#dispatchers.get(key);
    if (dispatcher === undefined) {
      const tls = { rejectUnauthorized: this.#options.rejectUnauthorized ?? true };
      dispatcher = proxy === undefined ? new undici.Client(origin, { connect: tls, pipelining: 1 }) : new undici.ProxyAgent({ uri: proxy, requestTls: tls });
      this.#dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  async #closeDispatchers(): Promise<void> {
    const dispatchers = [...this.#dispatchers.values()];
    this.#dispatchers.clear();
    // destroy, not close: nothing of ours is still running on them, and close() would wait for idle sockets.
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.destroy().catch(() => undefined)));
  }

}


function text(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function checkUrl(name: string, url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`options.connections.${name}: '${url}' is not a URL`);
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new TypeError(`options.connections.${name}: '${url}' is not an http:// or https:// URL`);
}
