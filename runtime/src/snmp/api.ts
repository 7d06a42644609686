/**
 * What a driver user sees of SNMP (driver-contract §11): `driver.snmp` and the options of an SNMP
 * connection. Generated drivers narrow the four type parameters (`declare readonly snmp:
 * SnmpApi<FooSnmpReads, FooSnmpWrites, FooSnmpTables, FooSnmpTraps>`), so keys and values are typed.
 */
import type { CallOptions } from '../options.js';

// The connection options live in options.ts (the driver's option types import them without a cycle).
export type { SnmpAuthProtocol, SnmpConnectionOptions, SnmpPrivProtocol, SnmpUser } from './options.js';

/** A received trap, as a trap receiver param's listeners get it. */
export interface SnmpTrap<V> {
  /** `snmpTrapOID.0` (v2c/v3) or enterprise.specific (v1). */
  readonly oid: string;
  /** Address the trap came from. */
  readonly source: string;
  /** Every binding in order, values as decoded (numbers, text, bigint for counter64). */
  readonly bindings: readonly { readonly oid: string; readonly value: string | number | bigint | null }[];
  /** The params its `setBindings` set, typed; those params also update `driver.params`. */
  readonly values: Partial<V>;
}

/**
 * Reads, sets, tables and traps by key. Every method rejects (never throws) with the same error
 * classes as pairs: PairTimeoutError after the retries, ConnectionClosedError, AbortError via the
 * signal; an agent's error status (noSuchName, noSuchObject, …) rejects with SnmpError.
 */
export interface SnmpApi<Reads extends object, Writes extends object, Tables extends object, Traps extends object> {
  /** Reads one param by key; the value also updates `driver.params`. */
  get<K extends keyof Reads & string>(key: K, options?: CallOptions): Promise<Reads[K]>;
  /** Reads several params in one PDU (`multipleGet`), as DataMiner: v1 all or nothing. */
  getMany<K extends keyof Reads & string>(keys: readonly K[], options?: CallOptions): Promise<Pick<Reads, K>>;
  /** Sets a write param (`snmpSet*`); with `setAndGet` it resolves after reading the value back. */
  set<K extends keyof Writes & string>(key: K, value: Writes[K], options?: CallOptions): Promise<void>;
  /** Reads a table by its retrieval method; rows in agent order, the key column first. */
  table<K extends keyof Tables & string>(key: K, options?: CallOptions): Promise<readonly Tables[K][]>;
  /** Subscribes to a trap receiver param; returns the unsubscribe function. */
  onTrap<K extends keyof Traps & string>(key: K, listener: (trap: SnmpTrap<Traps[K]>) => void): () => void;
  /** The UDP port the trap receiver of an SNMP connection listens on once connected (`trapPort: 0` picks one). */
  trapPort(connection: string): number | undefined;
}
