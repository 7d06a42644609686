/**
 * `Driver`, the base class every generated driver extends. It turns the spec into connections, plans
 * and a param store, and gives the generated methods one entry point: `request(pairId, values, options)`.
 */
import { resolveBackoff } from './backoff.js';
import { Connection, type Answer } from './connection.js';
import { createConnection } from './connection-factory.js';
import type { ConnectionState, DriverEvents } from './driver-events.js';
import { Emitter } from './events.js';
import { ConnectionClosedError } from './errors.js';
import { HttpConnection } from './http/connection.js';
import type { SessionSpec } from './http/spec.js';
import type { DriverConnection } from './lifecycle.js';
import { checkDriverOptions, type CallOptions, type DriverOptions } from './options.js';
import { Params, type ParamStore } from './param-store.js';
import { driverPollingHost } from './polling/driver-host.js';
import type { PollingHost } from './polling/host.js';
import { Polling } from './polling/polling.js';
import { compileProtocol, type PairPlan } from './plan.js';
import type { SnmpApi } from './snmp/api.js';
import { SnmpConnection } from './snmp/connection.js';
import { DriverSnmp } from './snmp/driver-snmp.js';
import { noSnmp, type SnmpPoller } from './snmp/no-snmp.js';
import type { ProtocolSpec } from './spec.js';
import { perSpec } from './per-spec.js';

/**
 * Base class of generated drivers. `P` is the protocol's params interface, `C` the union of its
 * connection keys, `H` those of its HTTP connections, `S` those of its SNMP connections. Generated
 * subclasses add one method per pair that calls `request`, one per HTTP session that calls `session`,
 * and narrow `snmp` to the protocol's SNMP params, tables and traps.
 */
/** The spec's HTTP sessions by id, shared by its drivers. */
const sessionsOf = perSpec((spec: ProtocolSpec): ReadonlyMap<number, SessionSpec> => new Map((spec.sessions ?? []).map((session) => [session.id, session])));

/** Shared by every driver that leaves no connection out or has no SNMP connection: an empty Map is not free. */
const noEntries: ReadonlyMap<number, never> = new Map<number, never>();

/** The driver's SNMP connections by id. */
function snmpConnectionsOf<C extends string>(connections: readonly DriverConnection<C>[]): ReadonlyMap<number, SnmpConnection<C>> {
  const snmp = connections.filter((connection): connection is SnmpConnection<C> => connection instanceof SnmpConnection);
  return snmp.length === 0 ? noEntries : new Map(snmp.map((connection) => [connection.id, connection]));
}

export abstract class Driver<P extends object, C extends string, H extends C = never, S extends C = never> {
  /** Current parameter values and their listeners. */
  readonly params: ParamStore<P, C>;
  /** The protocol's Timers, Groups and Triggers, run on demand (`polling.start()`); generated drivers narrow the group keys. */
  readonly polling: Polling<string>;
  /** SNMP reads, sets, tables and traps by key (rejects when the protocol has no SNMP connection); generated drivers narrow it. */
  readonly snmp: SnmpApi<object, object, object, object>;
  readonly #events = new Emitter<DriverEvents<C>>();
  readonly #connections: readonly DriverConnection<C>[];
  /** Connections the options set to `false`, by id: never opened. */
  readonly #leftOut: ReadonlyMap<number, C>;
  readonly #pairs: ReadonlyMap<number, PairPlan>;
  readonly #sessions: ReadonlyMap<number, SessionSpec>;
  /** Who hears of responses pushed on any connection (polling's `response after` triggers, while it runs). */
  #pushWatchers: Set<(response: number, client: string | undefined) => void> | undefined;

  /** Validates the options and precomputes everything the hot path needs; opens nothing. */
  constructor(spec: ProtocolSpec, options: DriverOptions<C, H, S>) {
    const driverOptions = options as unknown as DriverOptions<string, string, string>;
    checkDriverOptions(driverOptions);
    const compiled = compileProtocol(spec);
    const params = new Params<P, C>(spec.params, this.#events);
    this.params = params;
    const backoff = resolveBackoff(options.reconnect);
    const connections: DriverConnection<C>[] = [];
    let leftOut: Map<number, C> | undefined;
    const onPush = (response: number, client: string | undefined): void => {
      if (this.#pushWatchers !== undefined) for (const watcher of this.#pushWatchers) watcher(response, client);
    };
    for (const connectionSpec of spec.connections) {
      const connectionOptions = (driverOptions.connections as Readonly<Record<string, DriverOptions<string, string, string>['connections'][string] | undefined>>)[connectionSpec.key];
      if (connectionOptions === false) {
        (leftOut ??= new Map()).set(connectionSpec.id, connectionSpec.key as C);
        continue;
      }
      if (typeof connectionOptions?.url !== 'string') {
        throw new TypeError(`options.connections.${connectionSpec.key}.url is required`);
      }
      connections.push(createConnection({ spec: connectionSpec, options: connectionOptions, driver: driverOptions, params, compiled, events: this.#events, backoff, onPush }));
    }
    // A protocol has a handful of connections: an array is smaller than maps and as fast to search.
    this.#connections = connections;
    this.#leftOut = leftOut ?? noEntries;
    this.#pairs = compiled.pairs;
    this.#sessions = sessionsOf(spec);
    const snmp = spec.snmp === undefined ? noSnmp : new DriverSnmp<C>({ spec: spec.snmp, paramsById: compiled.paramsById, params, connections: snmpConnectionsOf(connections), leftOut: this.#leftOut, errors: this.#events });
    this.snmp = snmp as SnmpApi<object, object, object, object>;
    this.polling = new Polling(spec, () => this.#pollingHost(spec, params, snmp), options.polling);
  }

  /** What polling runs through, made when polling is first used. */
  #pollingHost(spec: ProtocolSpec, params: Params<P, C>, snmp: SnmpPoller): PollingHost {
    // A session item of a group runs like the generated session method, its values read from the params;
    // a param item is an SNMP read (a scalar, or a table), and a multipleGet group reads its params at once.
    const items = { session: (id: number) => this.session(id, undefined, undefined), param: (id: number) => snmp.poll([id]) };
    const watchPushes = (watcher: (response: number, client: string | undefined) => void): (() => void) => {
      const watchers = (this.#pushWatchers ??= new Set());
      watchers.add(watcher);
      return () => watchers.delete(watcher);
    };
    const readParams = (ids: readonly number[]): Promise<void> => snmp.poll(ids);
    const closeClient = (id: number, client: string): void => {
      const connection = this.#connectionById(id);
      if (connection instanceof Connection) connection.disconnect(client);
    };
    return driverPollingHost(spec, params, (id, values, client) => this.#poll(id, values, client), { items, watchPushes, readParams, closeClient });
  }

  /**
   * Opens every connection; resolves when all are open. If one fails, it rejects and closes again the
   * connections this call opened, unless a later `connect()` or `close()` took them over; connections
   * that were already open or reconnecting keep going.
   */
  async connect(): Promise<void> {
    const started = this.#connections.map((connection) => ({ connection, wanted: connection.wanted, opened: connection.open(), epoch: connection.epoch }));
    try {
      await Promise.all(started.map((start) => start.opened));
    } catch (error) {
      const undo = started.filter((start) => !start.wanted && start.connection.epoch === start.epoch);
      await Promise.all(undo.map((start) => start.connection.close()));
      throw error;
    }
  }

  /** Stops polling, then closes every connection gracefully; pending and queued calls reject with ConnectionClosedError. */
  async close(): Promise<void> {
    // Both start in this tick (stop() cancels every timer synchronously): close() keeps its one-tick semantics.
    await Promise.all([this.polling.stop(), ...this.#connections.map((c) => c.close())]);
  }

  /** `await using driver = new FooDriver(…)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Current state of one connection. */
  state(connection: C): ConnectionState {
    const found = this.#connections.find((candidate) => candidate.key === connection);
    if (found !== undefined) return found.state;
    if ([...this.#leftOut.values()].includes(connection)) return 'closed';
    throw new RangeError(`Unknown connection '${connection}'`);
  }

  /** Subscribes to a driver event; returns the unsubscribe function. */
  on<E extends keyof DriverEvents<C>>(event: E, listener: DriverEvents<C>[E]): () => void {
    return this.#events.on(event, listener);
  }

  /**
   * Runs pair `pairId`: builds its command from `values`, queues it on the pair's connection and resolves
   * with the response values (`{ response, values }` for a pair with several responses; `undefined` for a
   * push pair once written). Never throws; every failure is a rejection.
   */
  /** The connection with spec id `id`, searched by a plain loop: no closure per call. */
  #connectionById(id: number): DriverConnection<C> | undefined {
    for (const connection of this.#connections) if (connection.id === id) return connection;
    return undefined;
  }

  protected request(pairId: number, values: object | undefined, options: CallOptions | undefined): Promise<unknown> {
    const plan = this.#pairs.get(pairId);
    if (plan === undefined) return Promise.reject(new RangeError(`Unknown pair ${pairId}`));
    const connection = this.#pairConnection(plan);
    return connection instanceof Connection ? connection.call(plan, values, options) : Promise.reject(connection);
  }

  /** A pair polling runs (to `client` alone in server mode when set), with the client whose reply it got. */
  async #poll(pairId: number, values: object | undefined, client: string | undefined): Promise<Answer> {
    const plan = this.#pairs.get(pairId);
    if (plan === undefined) throw new RangeError(`Unknown pair ${pairId}`);
    const connection = this.#pairConnection(plan);
    if (!(connection instanceof Connection)) throw connection;
    return connection.callAnswered(plan, values, client === undefined ? undefined : { client });
  }

  /** The connection a pair goes out on, or the error that says why it cannot. */
  #pairConnection(plan: PairPlan): Connection<C> | Error {
    // A connection left out is never made: only a pair whose connection is missing needs the lookup.
    const connection = this.#connectionById(plan.connection);
    if (connection instanceof Connection) return connection;
    const leftOut = this.#leftOut.get(plan.connection);
    if (leftOut !== undefined) return new ConnectionClosedError(leftOut, `is left out (options.connections.${leftOut} is false): pair '${plan.key}' cannot run`);
    return new Error(`Pair '${plan.key}' (${plan.id}) goes out on connection ${plan.connection}, which the driver does not drive`);
  }

  /**
   * Runs HTTP session `sessionId` with the param values in `values` (keyed by param key) and resolves
   * with the values its responses stored. Never throws; every failure is a rejection.
   */
  protected session(sessionId: number, values: object | undefined, options: CallOptions | undefined): Promise<unknown> {
    const session = this.#sessions.get(sessionId);
    if (session === undefined) return Promise.reject(new RangeError(`Unknown session ${sessionId}`));
    const connection = this.#connectionById(session.connection);
    const leftOut = this.#leftOut.get(session.connection);
    if (leftOut !== undefined) {
      return Promise.reject(new ConnectionClosedError(leftOut, `is left out (options.connections.${leftOut} is false): session '${session.key}' cannot run`));
    }
    if (!(connection instanceof HttpConnection)) {
      return Promise.reject(new Error(`Session '${session.key}' (${sessionId}) runs on connection ${session.connection}, which is not an HTTP connection`));
    }
    return connection.run(session, values, options);
  }
}

