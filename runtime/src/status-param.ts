/**
 * The `NotifyConnectionPIDs` param of a connection: 1 when it opens, 0 when it closes, written on
 * those transitions only (DataMiner RN 41167), typed like the param.
 */
import type { ParamSink } from './param-store.js';
import type { ParamSpec } from './spec.js';

export class StatusParam<C extends string> {
  readonly #params: ParamSink<C>;
  readonly #connection: C;
  readonly #key: string;
  readonly #open: string | number;
  readonly #closed: string | number;
  #up = false;

  constructor(param: ParamSpec, params: ParamSink<C>, connection: C) {
    const numeric = param.value === 'number';
    this.#params = params;
    this.#connection = connection;
    this.#key = param.key;
    this.#open = numeric ? 1 : '1';
    this.#closed = numeric ? 0 : '0';
  }

  set(up: boolean): void {
    if (up === this.#up) return;
    this.#up = up;
    this.#params.store(this.#key, up ? this.#open : this.#closed, this.#connection, undefined);
  }
}
