/**
 * `parameter change` triggers: watches the params they name while polling runs and fires them when a
 * value differs from the last one seen. The `clear` action forgets the last value, so the same value
 * fires again (DataMiner's way to process identical data twice).
 */
import type { PollingHost } from './host.js';
import type { Triggers } from './triggers.js';

export class ParamChanges {
  readonly #host: PollingHost;
  readonly #triggers: Triggers;
  readonly #last = new Map<number, unknown>();
  #unwatch: (() => void)[] = [];

  constructor(host: PollingHost, triggers: Triggers) {
    this.#host = host;
    this.#triggers = triggers;
  }

  start(): void {
    for (const id of new Set(this.#triggers.watched('parameter change'))) {
      this.#last.set(id, this.#host.readParam(id));
      this.#unwatch.push(this.#host.watchParam(id, (value) => this.#seen(id, value)));
    }
  }

  stop(): void {
    for (const unwatch of this.#unwatch) unwatch();
    this.#unwatch = [];
    this.#last.clear();
  }

  forget(id: number): void {
    this.#last.delete(id);
  }

  #seen(id: number, value: unknown): void {
    if (this.#last.has(id) && Object.is(this.#last.get(id), value)) return;
    this.#last.set(id, value);
    this.#triggers.fire('parameter change', id);
  }
}
