/**
 * The bookkeeping every connection kind shares: its state and the `state` event, the status param
 * (`NotifyConnectionPIDs`), whether `connect()` is wanted, and the epoch that lets a failed
 * `connect()` undo only what no later `connect()`/`close()` took over. What opening and closing mean
 * is the kind's own business (a WebSocket dials, HTTP and SNMP load their library).
 */
import type { ConnectionState, DriverEvents } from './driver-events.js';
import { ConnectError, ConnectionClosedError } from './errors.js';
import type { Emitter } from './events.js';
import type { ParamSink } from './param-store.js';
import type { ConnectionSpec, ParamSpec } from './spec.js';
import { StatusParam } from './status-param.js';

/** What every connection kind receives from its driver; `O` is the kind's connection options. */
export interface KindSetup<C extends string, O> {
  readonly spec: ConnectionSpec;
  readonly options: O;
  readonly params: ParamSink<C>;
  readonly paramsById: ReadonlyMap<number, ParamSpec>;
  readonly events: Emitter<DriverEvents<C>>;
  /** Driver options that sit between a call's own timeout/retries and the connection's. */
  readonly timeoutMs: number | undefined;
  readonly retries: number | undefined;
  readonly maxQueue: number;
}

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
  /** The open step running, shared by the `open()` calls that wait for it. */
  #opening: Promise<void> | undefined;
  /** Counts `closeNow()` calls: an open step that a close overtook gives up what it made. */
  #closes = 0;

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

  /**
   * `open()` of a kind whose opening is one async step (HTTP loads undici; SNMP loads net-snmp and
   * binds its trap socket). The `open()` calls that come meanwhile share the step; a `closeNow()`
   * during it wins, and `undo` gives back what the overtaken step made; a failing step leaves the
   * connection closed and rejects with ConnectError. `opened` keeps what the step made.
   */
  openInOneStep<T>(url: string, step: () => Promise<T>, opened: (made: T) => void, undo?: (made: T) => Promise<void>): Promise<void> {
    this.want();
    if (this.#state === 'open') return Promise.resolve();
    this.#opening ??= this.#runStep(url, step, opened, undo, this.#closes);
    return this.#opening;
  }

  async #runStep<T>(url: string, step: () => Promise<T>, opened: (made: T) => void, undo: ((made: T) => Promise<void>) | undefined, closes: number): Promise<void> {
    this.enter('connecting');
    let made: T;
    try {
      made = await step();
    } catch (error) {
      if (closes !== this.#closes) return;
      this.#opening = undefined;
      this.unwant(false);
      this.enter('closed');
      throw new ConnectError(this.#key, url, { cause: error });
    }
    if (closes !== this.#closes) {
      await undo?.(made);
      return;
    }
    this.#opening = undefined;
    opened(made);
    this.enter('open');
    this.status(true);
  }

  /**
   * `close()` of such a kind: a running open step gives up, the state is `closed` first, then `drop`
   * rejects the kind's calls with one ConnectionClosedError, then the status param goes to 0.
   */
  closeNow(drop: (error: ConnectionClosedError) => void): void {
    this.#closes++;
    this.#opening = undefined;
    this.unwant();
    this.enter('closed');
    drop(new ConnectionClosedError(this.#key, 'was closed by the driver'));
    this.status(false);
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
