/**
 * A tiny typed event emitter. Unlike Node's EventEmitter, an `'error'` nobody listens to is dropped rather
 * than thrown: a driver must never crash its host because the user did not subscribe. A listener that
 * throws, or returns a promise that rejects (an async listener), is reported as an `'error'` instead of
 * breaking the socket handler that emitted or ending the process as an unhandled rejection.
 */
import { withListener, withoutListener } from './listeners.js';

/** Any map of event names to listener signatures. */
export type EventMap<E> = { [K in keyof E]: (...args: never[]) => void };

/** Events every emitter understands: listener failures are reported as `'error'`. */
export interface ErrorEvents {
  error: (error: Error) => void;
}

/** Something that can be told about an error that has no caller to reject (listener failure, socket error). */
export interface ErrorSink {
  report(error: unknown): void;
}

type Listeners<E> = { [K in keyof E]?: readonly E[K][] };

/** Typed emitter with copy-on-write listener lists (listeners.ts), so emitting never allocates or copies. */
export class Emitter<E extends EventMap<E> & ErrorEvents> implements ErrorSink {
  /** Made by the first `on()`: a driver has several emitters, most never listened to. */
  #listeners: Listeners<E> | undefined;

  /** Adds a listener; returns a function that removes it (calling it twice is harmless). */
  on<K extends keyof E>(event: K, listener: E[K]): () => void {
    const listeners: Listeners<E> = (this.#listeners ??= {});
    listeners[event] = withListener(listeners[event], listener);
    return once(this.#off.bind(this, event, listener));
  }

  /** Calls every listener of `event` in registration order. */
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const listeners = this.#listeners?.[event];
    if (listeners === undefined) return;
    for (const listener of listeners) {
      // An 'error' listener that fails is the user's bug with nowhere left to go: dropped, never recursing.
      const sink = event === 'error' ? DROP : this;
      try {
        // The mapped type guarantees `args` fits `listener`; TypeScript cannot relate the two generically.
        watchResult((listener as (...a: Parameters<E[K]>) => unknown)(...args), sink);
      } catch (error) {
        sink.report(error);
      }
    }
  }

  /** Emits `error` (wrapping non-Error throwables); dropped when nobody listens. */
  report(error: unknown): void {
    this.emit('error', ...([toError(error)] as Parameters<E['error']>));
  }

  #off<K extends keyof E>(event: K, listener: E[K]): void {
    const listeners = this.#listeners;
    const current = listeners?.[event];
    if (listeners === undefined || current === undefined) return;
    const next = withoutListener(current, listener);
    if (next === undefined) delete listeners[event];
    else listeners[event] = next;
  }
}

const DROP: ErrorSink = { report: () => undefined };

/** A listener's return value: a promise (async listener) that rejects is reported to `sink`. */
export function watchResult(result: unknown, sink: ErrorSink): void {
  if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
    (result as PromiseLike<unknown>).then(undefined, (error: unknown) => sink.report(error));
  }
}

/** Wraps `fn` so that only its first call does anything (unsubscribe functions may be called twice). */
export function once(fn: () => void): () => void {
  let pending = true;
  return () => {
    if (!pending) return;
    pending = false;
    fn();
  };
}

/** Wraps anything thrown into an Error so `'error'` listeners always receive one. */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value), { cause: value });
}
