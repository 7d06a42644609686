/**
 * Current parameter values, keyed by param key, and their listeners. Values arrive from responses
 * (push data and call results), from connection status changes and from `set`.
 */
import type { Values } from './codec/index.js';
import { once, watchResult, type ErrorSink } from './events.js';
import { withListener, withoutListener } from './listeners.js';
import type { ParamSpec } from './spec.js';

/** What a param listener learns besides the value. */
export interface ParamChange<V, C> {
  /** The value differs from the previous one (listeners fire for every value, not only changes). */
  readonly changed: boolean;
  readonly previous: V | undefined;
  /** The connection the value came from; `undefined` for `set` and defaults. */
  readonly connection: C | undefined;
  /** The response that carried the value; `undefined` when it did not come from a response. */
  readonly responseId: number | undefined;
  /** Server mode: the client (`IP:port`) whose message carried the value; else `undefined`. */
  readonly client: string | undefined;
}

/** The typed view of the parameters a driver exposes as `driver.params`. */
export interface ParamStore<P, C extends string> {
  /** Current value, or `undefined` when none has been received, set or defaulted. */
  get<K extends keyof P>(key: K): P[K] | undefined;
  /** Stores a value and notifies listeners; writing a connection's dynamic-ip param reconnects it. */
  set<K extends keyof P>(key: K, value: P[K]): void;
  /**
   * Calls `listener` for every value the param takes; returns the unsubscribe function. A listener that
   * throws or rejects (async) is reported through the driver's `error` event.
   */
  on<K extends keyof P>(key: K, listener: (value: P[K], info: ParamChange<P[K], C>) => void): () => void;
  /** The next value the param takes; rejects with `signal.reason` when aborted first. */
  once<K extends keyof P>(key: K, signal?: AbortSignal): Promise<P[K]>;
  /** A copy of every current value. */
  snapshot(): Partial<P>;
}

/** Told when a watched param is written through `set` (a connection watches its dynamic-ip param). */
export interface ParamWatcher {
  paramWritten(changed: boolean): void;
}

/** The untyped side of the store the runtime writes through. */
export interface ParamSink<C extends string> {
  read(key: string): unknown;
  store(key: string, value: string | number, connection: C | undefined, responseId: number | undefined): void;
  storeAll(values: Values, connection: C, responseId: number, client?: string): void;
  watch(key: string, watcher: ParamWatcher): void;
}

type Listener<C> = (value: unknown, info: ParamChange<unknown, C>) => unknown;

/** Marks a slot that has listeners but no value yet. */
const NO_VALUE: unique symbol = Symbol('no value');

/** One param's value and listeners, so that storing a value looks its key up once. */
interface Slot<C> {
  value: unknown;
  listeners: readonly Listener<C>[] | undefined;
}

/** The store behind `driver.params`. Listener lists are copy-on-write (listeners.ts) so firing never copies. */
export class Params<P extends object, C extends string> implements ParamStore<P, C>, ParamSink<C> {
  /** A slot per param that has a value or a listener. */
  readonly #slots = new Map<PropertyKey, Slot<C>>();
  // Created on first use: most drivers of a thousand have no watcher, and an empty Map costs a few
  // hundred bytes.
  #watchers: Map<PropertyKey, ParamWatcher> | undefined;
  readonly #errors: ErrorSink;

  /** Starts with every param's `defaultValue`; listener failures go to `errors`. */
  constructor(params: readonly ParamSpec[], errors: ErrorSink) {
    for (const param of params) {
      if (param.defaultValue !== undefined) this.#slots.set(param.key, { value: param.defaultValue, listeners: undefined });
    }
    this.#errors = errors;
  }

  get<K extends keyof P>(key: K): P[K] | undefined {
    return this.read(key) as P[K] | undefined;
  }

  set<K extends keyof P>(key: K, value: P[K]): void {
    const changed = !Object.is(this.read(key), value);
    this.#write(key, value, undefined, undefined);
    this.#watchers?.get(key)?.paramWritten(changed);
  }

  on<K extends keyof P>(key: K, listener: (value: P[K], info: ParamChange<P[K], C>) => void): () => void {
    // Stored untyped: the key ties the listener to the type of the values it will receive.
    const untyped = listener as Listener<C>;
    let slot = this.#slots.get(key);
    if (slot === undefined) this.#slots.set(key, (slot = { value: NO_VALUE, listeners: undefined }));
    slot.listeners = withListener(slot.listeners, untyped);
    return once(this.#off.bind(this, key, untyped));
  }

  once<K extends keyof P>(key: K, signal?: AbortSignal): Promise<P[K]> {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    return new Promise<P[K]>((resolve, reject) => {
      const onAbort = (): void => {
        off();
        reject(signal?.reason);
      };
      const off = this.on(key, (value) => {
        off();
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  snapshot(): Partial<P> {
    const values: Record<PropertyKey, unknown> = {};
    for (const [key, slot] of this.#slots) if (slot.value !== NO_VALUE) values[key] = slot.value;
    return values as Partial<P>;
  }

  /** Reads a value by key string (connections read handshake, path and URL params at open). */
  read(key: PropertyKey): unknown {
    const value = this.#slots.get(key)?.value;
    return value === NO_VALUE ? undefined : value;
  }

  /** Stores a value received by the runtime and fires its listeners. */
  store(key: string, value: string | number, connection: C | undefined, responseId: number | undefined): void {
    this.#write(key, value, connection, responseId);
  }

  /** Stores every value of a matched response. */
  storeAll(values: Values, connection: C, responseId: number, client?: string): void {
    for (const key in values) {
      const value = values[key];
      if (value !== undefined) this.#write(key, value, connection, responseId, client);
    }
  }

  /** Registers the one watcher of `key`'s writes through `set`. */
  watch(key: string, watcher: ParamWatcher): void {
    (this.#watchers ??= new Map()).set(key, watcher);
  }

  /** Stores and notifies. */
  #write(key: PropertyKey, value: unknown, connection: C | undefined, responseId: number | undefined, client?: string): void {
    const slot = this.#slots.get(key);
    if (slot === undefined) {
      // Nobody listens yet: nothing to tell.
      this.#slots.set(key, { value, listeners: undefined });
      return;
    }
    const listeners = slot.listeners;
    if (listeners === undefined) {
      // Whether it changed is a listener's question (comparing two equal strings reads them both).
      slot.value = value;
      return;
    }
    const previous = slot.value === NO_VALUE ? undefined : slot.value;
    slot.value = value;
    const info: ParamChange<unknown, C> = { changed: !Object.is(previous, value), previous, connection, responseId, client };
    for (const listener of listeners) this.#notify(listener, value, info);
  }

  #notify(listener: Listener<C>, value: unknown, info: ParamChange<unknown, C>): void {
    try {
      watchResult(listener(value, info), this.#errors);
    } catch (error) {
      this.#errors.report(error);
    }
  }

  #off(key: PropertyKey, listener: Listener<C>): void {
    const slot = this.#slots.get(key);
    if (slot?.listeners === undefined) return;
    slot.listeners = withoutListener(slot.listeners, listener);
    if (slot.listeners === undefined && slot.value === NO_VALUE) this.#slots.delete(key);
  }
}
