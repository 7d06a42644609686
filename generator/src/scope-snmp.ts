/**
 * What of a protocol's SNMP protogen runs, decided once for the check and the plan: the SNMP
 * connections, which params are scalar reads, write params, tables, table columns and trap receivers,
 * the connection each goes out on, and how an `OID` element resolves to a dotted OID.
 *
 *   <VendorOID>1.3.6.1.4.1.8813</VendorOID><DeviceOID>2</DeviceOID>
 *   <Param id="40">…<OID type="auto"/>        → 1.3.6.1.4.1.8813.2.40
 *   <Param id="41">…<OID>1.1.0</OID>           → 1.3.6.1.4.1.8813.2.1.1.0 (untyped, ≤ 10 characters: composed)
 */
import type { SnmpTableMethod, SnmpVersion } from '@protogen-dm/runtime';
import type { ConnectionModel, ParamModel, ProtocolModel } from './model.js';
import { roleOf } from './param-spec.js';
import type { SnmpOidModel } from './snmp-model.js';

export function snmpConnections(model: ProtocolModel): ConnectionModel[] {
  return model.connections.filter((connection) => connection.kind === 'snmp');
}

/** `snmp` → v1, `snmpv2`/`SnmpV2` → v2c, `snmpv3`/`SnmpV3` → v3. */
export function snmpVersion(connection: ConnectionModel): SnmpVersion {
  const type = connection.type.toLowerCase().replace(/[\s-]/g, '');
  return type === 'snmpv3' ? 'v3' : type === 'snmpv2' ? 'v2c' : 'v1';
}

/** The SNMP params of a protocol by role; empty when it has no SNMP connection (nothing would carry them). */
export interface SnmpRoles {
  readonly reads: readonly ParamModel[];
  readonly writes: readonly ParamModel[];
  readonly tables: readonly ParamModel[];
  readonly traps: readonly ParamModel[];
  /** Params a table lists as its columns. */
  readonly columns: ReadonlySet<number>;
  /** Params with a column OID (`<table>.1.N`) of a table that does not list them: left out, by param id → table. */
  readonly orphans: ReadonlyMap<number, ParamModel>;
}

const noRoles: SnmpRoles = { reads: [], writes: [], tables: [], traps: [], columns: new Set(), orphans: new Map() };

export function snmpRoles(model: ProtocolModel): SnmpRoles {
  if (snmpConnections(model).length === 0) return noRoles;
  const enabled = model.params.filter((param) => param.snmp?.enabled === true);
  const tables = enabled.filter((param) => isTable(param) && param.snmp?.oid !== undefined && param.array !== undefined);
  const columns = new Set(tables.flatMap((table) => table.array?.columns.map((column) => column.id) ?? []));
  const tableOids = new Map<string, ParamModel>();
  for (const table of tables) {
    const oid = table.snmp?.oid && resolveOid(model, table, table.snmp.oid).oid;
    if (oid) tableOids.set(oid, table);
  }
  const orphans = new Map<number, ParamModel>();
  for (const param of enabled) {
    const oid = param.snmp?.oid && !isTable(param) && !columns.has(param.id) ? resolveOid(model, param, param.snmp.oid).oid : undefined;
    const table = tableOids.get(/^(.*)\.1\.\d+$/.exec(oid ?? '')?.[1] ?? '');
    if (table) orphans.set(param.id, table);
  }
  const scalar = enabled.filter((param) => param.snmp?.oid !== undefined && !isTable(param) && !columns.has(param.id) && !orphans.has(param.id));
  return {
    reads: scalar.filter((param) => roleOf(param) !== 'write'),
    writes: scalar.filter((param) => roleOf(param) === 'write'),
    tables,
    traps: enabled.filter((param) => param.snmp?.trap !== undefined),
    columns,
    orphans,
  };
}

export function isTable(param: ParamModel): boolean {
  return param.role.trim().toLowerCase() === 'array';
}

/** Scalar reads and tables: the `{kind:'param'}` group items the scheduler runs. */
export function polledSnmpParams(model: ProtocolModel): Set<number> {
  const roles = snmpRoles(model);
  return new Set([...roles.reads, ...roles.tables].map((param) => param.id));
}

/**
 * The connection each SNMP param goes out on: `Group@connection` of the first group holding it that
 * names an SNMP connection, else `Type@options connection=N` when that is one, else the first SNMP
 * connection. Undefined without SNMP connections.
 */
export function snmpConnectionOf(model: ProtocolModel): (param: ParamModel) => number | undefined {
  const ids = new Set(snmpConnections(model).map((connection) => connection.id));
  const first = snmpConnections(model)[0]?.id;
  const byGroup = new Map<number, number>();
  for (const group of model.polling.groups) {
    const connection = group.connection?.id;
    if (connection === undefined || !ids.has(connection)) continue;
    for (const item of group.items) if (item.kind === 'param' && !byGroup.has(item.id)) byGroup.set(item.id, connection);
  }
  return (param) => byGroup.get(param.id) ?? (param.onlyConnection !== undefined && ids.has(param.onlyConnection) ? param.onlyConnection : first);
}

/** `OID@type` values; any other (or none) falls back on the text's length. */
const oidTypes = new Set(['auto', 'complete', 'composed', 'wildcard']);

/** The type an OID acts as: untyped, an empty OID is `auto`, up to 10 characters `composed`, longer `complete`. */
export function oidTypeOf(oid: SnmpOidModel): string {
  if (oid.type !== undefined && oidTypes.has(oid.type)) return oid.type;
  if (oid.text === '') return 'auto';
  return oid.text.length <= 10 ? 'composed' : 'complete';
}

export type ResolvedOid = { readonly oid: string; readonly problem?: undefined } | { readonly oid?: undefined; readonly problem: string };

/**
 * The dotted OID an `OID`/`TrapOID` element names: `auto` = VendorOID.DeviceOID.<param id>, `composed` =
 * VendorOID.DeviceOID.<text>, `complete`/`wildcard` = the text. Arcs lose leading zeros (`2.00` → `2.0`);
 * one arc may be `*`. `problem` says why it is not an OID.
 */
export function resolveOid(model: ProtocolModel, param: ParamModel, oid: SnmpOidModel): ResolvedOid {
  const type = oidTypeOf(oid);
  const prefix = [model.vendorOid, model.deviceOid].filter((part) => part !== undefined).join('.');
  if ((type === 'auto' || type === 'composed') && prefix === '') return { problem: `OID type "${type}" needs Protocol/VendorOID (and DeviceOID)` };
  const text = type === 'auto' ? `${prefix}.${param.id}` : type === 'composed' ? `${prefix}.${oid.text.replace(/^\./, '')}` : oid.text;
  return normaliseOid(text);
}

/** Dotted numbers with at most one `*` arc; a leading `.` is dropped. */
export function normaliseOid(text: string): ResolvedOid {
  const arcs = text.replace(/^\./, '').split('.');
  if (text === '' || arcs.some((arc) => !/^(\d{1,10}|\*)$/.test(arc))) return { problem: `"${text}" is not an OID (dotted numbers, at most one *)` };
  if (arcs.filter((arc) => arc === '*').length > 1) return { problem: `"${text}" has more than one *` };
  return { oid: arcs.map((arc) => (arc === '*' ? arc : String(Number(arc)))).join('.') };
}

/** `OID@options` of a table → its retrieval method and `bulk:N`. */
export function tableMethod(oid: SnmpOidModel): { readonly method: SnmpTableMethod; readonly bulk: number | undefined; readonly rowBased: boolean; readonly byColumns?: true } {
  const options = oid.options;
  const count = (key: string): number | undefined => {
    const value = Number(options.get(key));
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  };
  const bulk = count('bulk');
  if (options.has('multiplegetbulk')) return { method: 'multipleGetBulk', bulk: count('multiplegetbulk') ?? bulk, rowBased: false };
  if (options.has('multiplegetnext')) return { method: 'multipleGetNext', bulk: undefined, rowBased: false };
  if (options.has('bulk')) return { method: 'getNextMultipleGet', bulk, rowBased: false };
  if (options.has('multipleget')) return { method: 'getNextMultipleGet', bulk: count('multipleget'), rowBased: true };
  // GetNext walks the table OID; without one, the column OIDs are all there is to read.
  if (oid.text === '' && oid.type !== 'auto') return { method: 'multipleGetNext', bulk: undefined, rowBased: false, byColumns: true };
  return { method: 'getNext', bulk: undefined, rowBased: false };
}

/** EnumSNMPType, lower case (`SnmpValueType`). */
export const snmpValueTypes: ReadonlySet<string> = new Set([
  'counter32', 'counter64', 'counter64string', 'gauge32', 'integer', 'integer32', 'ipaddress', 'nsapaddress', 'null',
  'objectid', 'oid', 'octetstring', 'octetstringhex', 'octetstringascii', 'octetstringutf8', 'octetstringdecimal', 'opaque', 'timeticks', 'uinteger32',
]);

/** One `setBindings` entry read: binding position or OID → param, `HEX`/`OID` variants. */
export interface ParsedBinding {
  readonly binding: number | string;
  readonly param: number;
  readonly as?: 'hex' | 'oid';
}

/**
 * `setBindings="1,200;1.3.6.1.2,102;2,12502,HEX"` → bindings; `allBindingInfo` and entries that fill
 * a table cell (`1,250,2`: more items than `HEX`/`OID`) are returned as `notRun`, malformed ones as `bad`.
 */
export function parseBindings(text: string): { readonly bindings: readonly ParsedBinding[]; readonly notRun: readonly string[]; readonly bad: readonly string[] } {
  const bindings: ParsedBinding[] = [];
  const notRun: string[] = [];
  const bad: string[] = [];
  for (const entry of text.split(';').map((item) => item.trim()).filter(Boolean)) {
    if (entry.toLowerCase() === 'allbindinginfo') {
      notRun.push(entry);
      continue;
    }
    const [binding = '', param = '', ...rest] = entry.split(',').map((item) => item.trim());
    const position = /^[1-9]\d{0,5}$/.test(binding) ? Number(binding) : undefined;
    const oid = position === undefined ? normaliseOid(binding).oid : undefined;
    const paramId = /^\d{1,10}$/.test(param) ? Number(param) : undefined;
    const variant = rest.length === 1 ? rest[0]?.toUpperCase() : undefined;
    if ((position === undefined && (oid === undefined || oid.includes('*'))) || paramId === undefined) bad.push(entry);
    else if (rest.length > 1 || (rest.length === 1 && variant !== 'HEX' && variant !== 'OID')) notRun.push(entry);
    else bindings.push({ binding: position ?? oid ?? '', param: paramId, ...(variant === 'HEX' ? { as: 'hex' as const } : variant === 'OID' ? { as: 'oid' as const } : {}) });
  }
  return { bindings, notRun, bad };
}
