/**
 * The bookkeeping every connection kind shares: its state and the `state` event, the status param
 * (`NotifyConnectionPIDs`), whether `connect()` is wanted, and the epoch that lets a failed
 * `connect()` undo only what no later `connect()`/`close()` took over. What opening and closing mean
 * is the kind's own business (a WebSocket dials, HTTP and SNMP load their library).
 */
import type { ConnectionState, DriverEvents } from './driver-events.js';
import type { Emitter } from './events.js';
import type { ParamSink } from './param-store.js';
import type { ConnectionSpec, ParamSpec } from './spec.js';
import { StatusParam } from './status-param.js';

/** What the driver holds of every connection, whatever its kind. */
export interface DriverConnection<C extends string> {
  readonly key: C;
  readonly id: number;
  readonly state: ConnectionState;
  readonly wanted: boolean;
  readonly epoch: number;
  open(): Promise<void>;
  close(): Promise<void>;
}

export class Lifecycle<C extends string> {
  readonly #key: C;
  readonly #events: Emitter<DriverEvents<C>>;
  readonly #status: StatusParam<C> | undefined;
  #state: ConnectionState = 'closed';
  #wanted = false;
  #epoch = 0;

  constructor(spec: ConnectionSpec, params: ParamSink<C>, param: (id: number) => ParamSpec, events: Emitter<DriverEvents<C>>) {
    this.#key = spec.key as C;
    this.#events = events;
    this.#status = spec.statusParam === undefined ? undefined : new StatusParam(param(spec.statusParam), params, this.#key);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** `connect()` was called and `close()` was not since. */
  get wanted(): boolean {
    return this.#wanted;
  }

  /** Counts `connect()` and `close()` calls. */
  get epoch(): number {
    return this.#epoch;
  }

  /** `connect()` was called. */
  want(): void {
    this.#epoch++;
    this.#wanted = true;
  }

  /** `close()` was called, or an open that nobody retries failed. */
  unwant(counts = true): void {
    if (counts) this.#epoch++;
    this.#wanted = false;
  }

  /** Enters `state` and tells the `state` listeners (only on a change). */
  enter(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#events.emit('state', this.#key, state);
  }

  /** Writes the status param: 1 once open, 0 once down (only on a change). */
  status(up: boolean): void {
    this.#status?.set(up);
  }
}

/** The param spec of `id`; a connection naming a param the spec lacks is a broken spec. */
export function paramLookup(spec: ConnectionSpec, paramsById: ReadonlyMap<number, ParamSpec>): (id: number) => ParamSpec {
  return (id) => {
    const found = paramsById.get(id);
    if (found === undefined) throw new Error(`Connection '${spec.key}' names param ${id}, which the spec lacks`);
    return found;
  };
}
