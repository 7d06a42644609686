/**
 * `driver.snmp`: the SnmpApi of a driver, by key over the protocol's SNMP spec. It resolves keys to
 * OIDs (a wildcard `*` gets its param's value), picks each one's connection, and queues the call
 * there; values read update `driver.params` (listeners fire). A connection left out (`false`)
 * rejects with ConnectionClosedError, as pairs do. (A protocol without SNMP gets no-snmp.ts instead.)
 */
import { ConnectionClosedError } from '../errors.js';
import type { ErrorSink } from '../events.js';
import type { CallOptions } from '../options.js';
import type { ParamSink } from '../param-store.js';
import type { ParamSpec } from '../spec.js';
import type { SnmpApi, SnmpTrap } from './api.js';
import { encodeValue } from './codec.js';
import type { SnmpConnection, SnmpJob } from './connection.js';
import type { SnmpPoller } from './no-snmp.js';
import { readScalars, type Scalar } from './reads.js';
import type { SnmpParamSpec, SnmpSpec, SnmpTableSpec } from './spec.js';
import { readTable, type Column } from './tables.js';
import { trapFor, trapMatches, type TrapRoute } from './traps.js';

type Values = Record<string, unknown>;

export interface DriverSnmpSetup<C extends string> {
  readonly spec: SnmpSpec;
  readonly paramsById: ReadonlyMap<number, ParamSpec>;
  readonly params: ParamSink<C>;
  /** SNMP connections the driver drives, by id. */
  readonly connections: ReadonlyMap<number, SnmpConnection<C>>;
  /** Connections left out (`false`), by id. */
  readonly leftOut: ReadonlyMap<number, C>;
  /** Reports a trap listener that threw. */
  readonly errors: ErrorSink;
}

/**
 * The lookups of one protocol's SNMP spec. They depend on the spec alone, so they are built once per
 * spec and shared by its drivers: a thousand drivers need not carry eight maps each.
 */
interface SnmpIndex {
  readonly reads: ReadonlyMap<string, SnmpParamSpec>;
  readonly writes: ReadonlyMap<string, SnmpParamSpec>;
  readonly tables: ReadonlyMap<string, SnmpTableSpec>;
  readonly tablesById: ReadonlyMap<number, SnmpTableSpec>;
  /** Param ids of the tables' columns. */
  readonly columns: ReadonlySet<number>;
  /** Param id → key, of the SNMP params. */
  readonly paramKeys: ReadonlyMap<number, string>;
  readonly traps: ReadonlyMap<string, TrapRoute>;
  /** OID → param key, for the keys of an SnmpError. */
  readonly keysByOid: ReadonlyMap<string, string>;
}

const indexes = new WeakMap<SnmpSpec, SnmpIndex>();

function snmpIndex(spec: SnmpSpec, paramsById: ReadonlyMap<number, ParamSpec>): SnmpIndex {
  let index = indexes.get(spec);
  if (index === undefined) indexes.set(spec, (index = buildIndex(spec, paramsById)));
  return index;
}

function buildIndex(spec: SnmpSpec, paramsById: ReadonlyMap<number, ParamSpec>): SnmpIndex {
  const paramOf = (id: number): ParamSpec => {
    const param = paramsById.get(id);
    if (param === undefined) throw new Error(`The SNMP spec names param ${id}, which the spec lacks`);
    return param;
  };
  const reads = new Map<string, SnmpParamSpec>();
  const writes = new Map<string, SnmpParamSpec>();
  const paramKeys = new Map<number, string>();
  const keysByOid = new Map<string, string>();
  for (const param of spec.params) {
    const key = paramOf(param.param).key;
    paramKeys.set(param.param, key);
    (param.set === undefined ? reads : writes).set(key, param);
    keysByOid.set(param.oid, key);
  }
  const tables = new Map<string, SnmpTableSpec>();
  const tablesById = new Map<number, SnmpTableSpec>();
  const columns = new Set<number>();
  for (const table of spec.tables) {
    tables.set(table.key, table);
    tablesById.set(table.param, table);
    for (const column of table.columns) columns.add(column.param);
  }
  const traps = new Map<string, TrapRoute>();
  for (const trap of spec.traps) {
    const bindings = trap.bindings.map((binding) => ({ spec: binding, param: paramOf(binding.param) }));
    traps.set(trap.key, { spec: trap, bindings });
  }
  return { reads, writes, tables, tablesById, columns, paramKeys, traps, keysByOid };
}

export class DriverSnmp<C extends string> implements SnmpApi<Values, Values, Values, Values>, SnmpPoller {
  readonly #setup: DriverSnmpSetup<C>;
  readonly #index: SnmpIndex;

  constructor(setup: DriverSnmpSetup<C>) {
    this.#setup = setup;
    this.#index = snmpIndex(setup.spec, setup.paramsById);
  }

  get(key: string, options?: CallOptions): Promise<unknown> {
    const snmp = this.#index.reads.get(key) ?? this.#index.writes.get(key);
    if (snmp === undefined) return this.getMany([key], options).then((values) => values[key]);
    let scalar: Scalar;
    try {
      scalar = this.#scalar(snmp);
    } catch (error) {
      return Promise.reject(error);
    }
    const id = snmp.connection;
    return this.#run(id, 'get', key, snmp.param, options, async (session, exchange) => {
      const values = await readScalars(session, exchange, [scalar], (read, value) => this.#store(read, value, id));
      return values[key];
    });
  }

  getMany(keys: readonly string[], options?: CallOptions): Promise<Pick<Values, string>> {
    let byConnection: Map<number, Scalar[]>;
    try {
      byConnection = new Map();
      for (const key of new Set(keys)) {
        const snmp = this.#index.reads.get(key) ?? this.#index.writes.get(key);
        if (snmp === undefined) throw new RangeError(`'${key}' is not an SNMP param of this driver`);
        const scalars = byConnection.get(snmp.connection) ?? [];
        scalars.push(this.#scalar(snmp));
        byConnection.set(snmp.connection, scalars);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    // One PDU per connection (multipleGet), the connections side by side.
    const reads = [...byConnection].map(([id, scalars]) =>
      this.#run(id, 'get', scalars.map((scalar) => scalar.param.key).join(', '), scalars[0]?.param.id ?? 0, options, (session, exchange) =>
        readScalars(session, exchange, scalars, (key, value) => this.#store(key, value, id)),
      ),
    );
    return Promise.all(reads).then((all) => Object.assign({}, ...all) as Values);
  }

  set(key: string, value: unknown, options?: CallOptions): Promise<void> {
    const snmp = this.#index.writes.get(key);
    if (snmp === undefined) return Promise.reject(new RangeError(`'${key}' is not an SNMP write param of this driver`));
    let varbind;
    let readBack: Scalar | undefined;
    const intoColumn = snmp.readParam !== undefined && this.#index.columns.has(snmp.readParam);
    try {
      varbind = encodeValue(this.#oid(snmp), value, snmp.type);
      const read = snmp.readParam === undefined || intoColumn ? undefined : this.#index.reads.get(this.#param(snmp.readParam).key);
      // A write param into a table column (`<column>.*`) reads back the cell it set: its own OID, into its own key.
      if (snmp.set === 'setAndGet') readBack = read !== undefined ? this.#scalar(read) : { snmp, param: this.#param(snmp.param), oid: varbind.oid };
    } catch (error) {
      return Promise.reject(error);
    }
    const readKey = snmp.readParam === undefined || intoColumn ? undefined : this.#param(snmp.readParam).key;
    return this.#run(snmp.connection, 'set', key, snmp.param, options, async (session, exchange) => {
      await session.request({ type: 'set', varbinds: [varbind] }, exchange);
      const stored = typeof value === 'number' || typeof value === 'string' ? value : String(value);
      this.#store(key, stored, snmp.connection);
      // setAndGet: its get follows in the same turn, before any other queued call.
      if (readBack !== undefined) await readScalars(session, exchange, [readBack], (read, got) => this.#store(read, got, snmp.connection));
      else if (readKey !== undefined) this.#store(readKey, stored, snmp.connection);
    });
  }

  table(key: string, options?: CallOptions): Promise<readonly Values[]> {
    const table = this.#index.tables.get(key);
    if (table === undefined) return Promise.reject(new RangeError(`'${key}' is not an SNMP table of this driver`));
    let columns: Column[];
    try {
      columns = table.columns.map((column) => ({ spec: column, param: this.#param(column.param) }));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#run(table.connection, 'get', key, table.param, options, (session, exchange) => readTable(session, exchange, table, columns, session.target.version));
  }

  onTrap(key: string, listener: (trap: SnmpTrap<Values>) => void): () => void {
    const route = this.#index.traps.get(key);
    if (route === undefined) throw new RangeError(`'${key}' is not an SNMP trap receiver of this driver`);
    const connection = this.#setup.connections.get(route.spec.connection);
    if (connection === undefined) return () => undefined;
    return connection.onTrap((received) => {
      if (!trapMatches(route.spec.oid, received.oid)) return;
      const trap = trapFor<Values>(route, received);
      for (const [param, value] of Object.entries(trap.values)) this.#store(param, value as string | number, route.spec.connection);
      try {
        listener(trap);
      } catch (error) {
        this.#setup.errors.report(error);
      }
    });
  }

  /**
   * Polls params by id (the `param` items of a group): the scalars in one PDU per connection, then
   * each table. An id that is neither an SNMP param nor a table is skipped.
   */
  async poll(ids: readonly number[]): Promise<void> {
    const keys = ids.map((id) => this.#index.paramKeys.get(id));
    const scalars = keys.filter((key): key is string => key !== undefined && (this.#index.reads.has(key) || this.#index.writes.has(key)));
    if (scalars.length > 0) await this.getMany(scalars);
    for (const id of ids) {
      const table = this.#index.tablesById.get(id);
      if (table !== undefined) await this.table(table.key);
    }
  }

  trapPort(connection: string): number | undefined {
    return [...this.#setup.connections.values()].find((candidate) => candidate.key === connection)?.trapPort;
  }

  /** Queues `job` on SNMP connection `id`. */
  #run<T>(id: number, kind: 'get' | 'set', label: string, paramId: number, options: CallOptions | undefined, job: SnmpJob<T>): Promise<T> {
    const connection = this.#setup.connections.get(id);
    if (connection !== undefined) return connection.run({ kind, label, id: paramId, keyOf: (oid) => this.#index.keysByOid.get(oid), job }, options);
    const leftOut = this.#setup.leftOut.get(id);
    if (leftOut !== undefined) return Promise.reject(new ConnectionClosedError(leftOut, `is left out (options.connections.${leftOut} is false): '${label}' cannot run`));
    return Promise.reject(new Error(`'${label}' goes out on connection ${id}, which is not an SNMP connection`));
  }

  #scalar(snmp: SnmpParamSpec): Scalar {
    return { snmp, param: this.#param(snmp.param), oid: this.#oid(snmp) };
  }

  /** The param's OID, its wildcard filled with the wildcard param's value. */
  #oid(snmp: SnmpParamSpec): string {
    if (!snmp.oid.includes('*')) return snmp.oid;
    const param = snmp.wildcardParam === undefined ? undefined : this.#param(snmp.wildcardParam);
    const value = param === undefined ? undefined : this.#setup.params.read(param.key);
    if (value === undefined || value === null || value === '') {
      throw new RangeError(`The OID ${snmp.oid} of '${this.#param(snmp.param).key}' needs a value in its wildcard param${param === undefined ? '' : ` '${param.key}'`}`);
    }
    return snmp.oid.replace('*', String(value));
  }

  #param(id: number): ParamSpec {
    const param = this.#setup.paramsById.get(id);
    if (param === undefined) throw new Error(`The SNMP spec names param ${id}, which the spec lacks`);
    return param;
  }

  #store(key: string, value: string | number, connectionId: number): void {
    const connection = this.#setup.connections.get(connectionId);
    this.#setup.params.store(key, value, connection?.key, undefined);
  }
}

