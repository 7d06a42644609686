/**
 * One abort listener per signal, however many calls share it: a hundred calls on one
 * `AbortController` add one listener (no MaxListenersExceededWarning) and abort in call order.
 */

/** A call that can be aborted through a signal. */
export interface Abortable {
  aborted(reason: unknown): void;
}

/** The calls listening to one signal; it is the signal's only listener (EventListenerObject). */
class SignalWatch {
  readonly #signal: AbortSignal;
  readonly calls = new Set<Abortable>();

  constructor(signal: AbortSignal) {
    this.#signal = signal;
    signal.addEventListener('abort', this, { once: true });
  }

  handleEvent(): void {
    watches.delete(this.#signal);
    // A copy: each call leaves the set as it settles.
    for (const call of [...this.calls]) call.aborted(this.#signal.reason);
  }

  remove(call: Abortable): void {
    this.calls.delete(call);
    if (this.calls.size > 0) return;
    this.#signal.removeEventListener('abort', this);
    watches.delete(this.#signal);
  }
}

const watches = new WeakMap<AbortSignal, SignalWatch>();

/** `call.aborted(reason)` runs when `signal` aborts, unless `unwatchAbort` came first. */
export function watchAbort(signal: AbortSignal, call: Abortable): void {
  let watch = watches.get(signal);
  if (watch === undefined) watches.set(signal, (watch = new SignalWatch(signal)));
  watch.calls.add(call);
}

export function unwatchAbort(signal: AbortSignal, call: Abortable): void {
  watches.get(signal)?.remove(call);
}
