/**
 * What a driver user sees of SNMP (driver-contract §11): `driver.snmp` and the options of an SNMP
 * connection. Generated drivers narrow the four type parameters (`declare readonly snmp:
 * SnmpApi<FooSnmpReads, FooSnmpWrites, FooSnmpTables, FooSnmpTraps>`), so keys and values are typed.
 */
import type { CallOptions } from '../options.js';
import type { SnmpVersion } from './spec.js';

export type SnmpAuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type SnmpPrivProtocol = 'des' | 'aes' | 'aes256b' | 'aes256r';

/** An SNMPv3 user (USM). No `authKey` = noAuthNoPriv; `authKey` without `privKey` = authNoPriv. */
export interface SnmpUser {
  readonly name: string;
  readonly authProtocol?: SnmpAuthProtocol | undefined;
  readonly authKey?: string | undefined;
  readonly privProtocol?: SnmpPrivProtocol | undefined;
  readonly privKey?: string | undefined;
}

/** Where and how to reach one SNMP connection. */
export interface SnmpConnectionOptions {
  /** `udp://host:port`; the port defaults to 161. A value held by the connection's dynamic-ip param takes precedence. */
  readonly url: string;
  /** Overrides the version the XML gives the connection. */
  readonly version?: SnmpVersion | undefined;
  /** v1/v2c community of gets (default `public`) and of sets (default `private`). */
  readonly getCommunity?: string | undefined;
  readonly setCommunity?: string | undefined;
  /** v3: required when the version is v3. */
  readonly user?: SnmpUser | undefined;
  /** Receive traps on this UDP port (0 = any free port; see `SnmpApi.trapPort`); none = no trap receiver. */
  readonly trapPort?: number | undefined;
}

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
