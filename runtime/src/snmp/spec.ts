/**
 * SNMP as data (driver-contract §11): what the generator writes into `ProtocolSpec.snmp` and the
 * runtime and mock read. The generator resolves every XML quirk: OIDs are dotted numbers with the
 * `VendorOID`/`DeviceOID` prefix of `auto`/`composed` applied, a wildcard is one `*`, `SNMP/Type` is
 * one of `SnmpValueType` in lower case, and `snmpSet*` options and attributes are one `set` mode.
 */

/** `snmp` → v1, `snmpv2` → v2c, `snmpv3` → v3. */
export type SnmpVersion = 'v1' | 'v2c' | 'v3';

/** `Param/SNMP/Type`, lower case (EnumSNMPType). Absent: numbers go out as integer, text as octetstring. */
export type SnmpValueType =
  | 'counter32'
  | 'counter64'
  | 'counter64string'
  | 'gauge32'
  | 'integer'
  | 'integer32'
  | 'ipaddress'
  | 'nsapaddress'
  | 'null'
  | 'objectid'
  | 'oid'
  | 'octetstring'
  | 'octetstringhex'
  | 'octetstringascii'
  | 'octetstringutf8'
  | 'octetstringdecimal'
  | 'opaque'
  | 'timeticks'
  | 'uinteger32';

/** The SNMP part of an `snmp`/`snmpv2`/`snmpv3` connection (`ConnectionSpec.kind === 'snmp'`). */
export interface SnmpConnectionSpec {
  readonly version: SnmpVersion;
  /** Params whose value, when set and not empty, replaces the community of gets / sets (`SNMP@options GetCommunity:N`). */
  readonly getCommunityParam?: number;
  readonly setCommunityParam?: number;
  /** v3: param holding the context name (`SNMP@options ContextName:N`). */
  readonly contextNameParam?: number;
}

/** How a write param is set: `snmpSet` (default), `snmpSetWithWait`, `snmpSetAndGetWithWait` / `snmpSetAndGet`. */
export type SnmpSetMode = 'set' | 'setWithWait' | 'setAndGet';

/** A scalar param read or set by OID. */
export interface SnmpParamSpec {
  readonly param: number;
  /** SNMP connection id it goes out on: `Group@connection` of a group holding it, else the first SNMP connection. */
  readonly connection: number;
  /** Dotted instance OID (`1.3.6.1.2.1.1.5.0`); may hold one `*`, replaced by `wildcardParam`'s value. */
  readonly oid: string;
  readonly wildcardParam?: number;
  readonly type?: SnmpValueType;
  /** Write params only. */
  readonly set?: SnmpSetMode;
  /** Write params: the read param of the same name, read back after `setAndGet` and updated by `set`. */
  readonly readParam?: number;
}

/** Table retrieval methods (`OID@options` of the array param); absent = `getNext`. */
export type SnmpTableMethod = 'getNext' | 'getNextMultipleGet' | 'multipleGetNext' | 'multipleGetBulk';

export interface SnmpColumnSpec {
  /** Column param id (`ColumnOption@pid`). */
  readonly param: number;
  /** Key in the typed row (the column param's key). */
  readonly key: string;
  /** Column OID (`1.3.6.1.2.1.2.2.1.2`); absent for the `instance` column and for `getNext` tables. */
  readonly oid?: string;
  /** The row's instance (`OID@options instance`): the first column holds the OID suffix after the column OID. */
  readonly instance?: true;
}

/** An `array` param read from an SNMP table. */
export interface SnmpTableSpec {
  readonly param: number;
  /** `driver.snmp.table(key)` takes it. */
  readonly key: string;
  readonly connection: number;
  /** Table OID (`1.3.6.1.2.1.2.2`): `getNext` walks under it (entry `.1`, column `.1.N`). */
  readonly oid: string;
  readonly method: SnmpTableMethod;
  /** `bulk:N`: cells (getNext+multipleGet) or max-repetitions (multipleGetBulk) per request. */
  readonly bulk?: number;
  /** Columns in `ArrayOptions` idx order; the key column (idx = `ArrayOptions@index`, usually 0) first. */
  readonly columns: readonly SnmpColumnSpec[];
}

/** A `setBindings` entry: binding `binding` (1-based position, or a binding OID) sets `param`. */
export interface SnmpBindingSpec {
  readonly binding: number | string;
  readonly param: number;
  /** `HEX`: the bytes as hex text; `OID`: the binding's OID instead of its value. */
  readonly as?: 'hex' | 'oid';
}

/** A trap receiver param (`SNMP/TrapOID`). */
export interface SnmpTrapSpec {
  readonly param: number;
  /** `driver.snmp.onTrap(key, …)` takes it. */
  readonly key: string;
  readonly connection: number;
  /** Trap OID to match; a trailing or lone `*` is a wildcard (`TrapOID@type wildcard`). */
  readonly oid: string;
  readonly bindings: readonly SnmpBindingSpec[];
}

/** `ProtocolSpec.snmp`; absent when the protocol has no SNMP connection. */
export interface SnmpSpec {
  readonly params: readonly SnmpParamSpec[];
  readonly tables: readonly SnmpTableSpec[];
  readonly traps: readonly SnmpTrapSpec[];
}
