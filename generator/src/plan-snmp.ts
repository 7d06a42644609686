/**
 * The SNMP plan: the checked model's SNMP params → `ProtocolSpec.snmp`, the `snmp` part of each SNMP
 * connection's spec, and what the SNMP emitter types (reads, writes, table rows, trap values).
 *
 *   <Param id="1000"><Name>Outlets</Name><Type>array</Type><ArrayOptions index="0"><ColumnOption idx="0" pid="1001"/>…
 *     <SNMP><Enabled>true</Enabled><OID type="complete" options="instance;multipleGetBulk;bulk:10">1.3.6.1.4.1.64999.7.2</OID></SNMP></Param>
 *   → tables: [{ param: 1000, key: 'outlets', connection: 0, oid: '1.3.6.1.4.1.64999.7.2', method: 'multipleGetBulk', bulk: 10,
 *                columns: [{ param: 1001, key: 'outletsInstance', instance: true }, …] }]
 */
import type { SnmpBindingSpec, SnmpColumnSpec, SnmpConnectionSpec, SnmpParamSpec, SnmpSpec, SnmpTableSpec, SnmpTrapSpec, SnmpValueType } from '@protogen-dm/runtime';
import type { ConnectionModel, ParamModel, ProtocolModel } from './model.js';
import { modelIndex } from './model-index.js';
import type { NameScope } from './names.js';
import { pascalCase } from './names.js';
import { readTwins, roleOf } from './param-spec.js';
import { parseBindings, resolveOid, snmpConnectionOf, snmpConnections, snmpRoles, snmpValueTypes, snmpVersion, tableMethod } from './scope-snmp.js';

/** A param as the plan names and types it (plan.ts's PlannedParam). */
interface Typed {
  readonly model: ParamModel;
  readonly key: string;
  readonly type: string;
}

export interface PlannedSnmp<P extends Typed = Typed> {
  readonly spec: SnmpSpec;
  readonly reads: readonly P[];
  readonly writes: readonly P[];
  readonly tables: readonly { readonly table: P; readonly rowName: string; readonly columns: readonly P[] }[];
  readonly traps: readonly { readonly trap: P; readonly values: readonly P[] }[];
  /** Exported type names: `FooSnmpReads`, `FooSnmpWrites`, `FooSnmpTables`, `FooSnmpTraps`. */
  readonly names: { readonly reads: string; readonly writes: string; readonly tables: string; readonly traps: string };
  /** Resolved OID of every SNMP param, table and trap, for the docs. */
  readonly oids: ReadonlyMap<number, string>;
}

/** Undefined when the protocol has no SNMP connection (no spec, no types, no `snmp` member). */
export function planSnmp<P extends Typed>(model: ProtocolModel, planned: ReadonlyMap<number, P>, base: string, top: NameScope): PlannedSnmp<P> | undefined {
  if (snmpConnections(model).length === 0) return undefined;
  const roles = snmpRoles(model);
  const connectionOf = snmpConnectionOf(model);
  const of = (param: ParamModel | number): P => {
    const found = planned.get(typeof param === 'number' ? param : param.id);
    if (!found) throw new Error(`protogen bug: param ${typeof param === 'number' ? param : param.id} was never planned`);
    return found;
  };
  const oids = new Map<number, string>();
  const oidOf = (param: ParamModel, oid = param.snmp?.oid): string => {
    const resolved = oid ? resolveOid(model, param, oid).oid : undefined;
    if (resolved === undefined) throw new Error(`protogen bug: param ${param.id} has no OID`);
    oids.set(param.id, resolved);
    return resolved;
  };
  const twins = readTwins(model.params);
  const scalar = (param: ParamModel): SnmpParamSpec => {
    const spec: { -readonly [K in keyof SnmpParamSpec]: SnmpParamSpec[K] } = { param: param.id, connection: connectionOf(param) ?? 0, oid: oidOf(param) };
    if (param.snmp?.oid?.wildcardParam) spec.wildcardParam = param.snmp.oid.wildcardParam.id;
    const type = valueType(param);
    if (type) spec.type = type;
    if (roleOf(param) === 'write') {
      spec.set = param.snmpSet?.mode ?? 'set';
      const twin = twins.get(param.id);
      if (twin) spec.readParam = twin.id;
    }
    return spec;
  };
  const { params } = modelIndex(model);
  const tables = roles.tables.map((table) => tableSpec(params, table, of(table).key, connectionOf(table) ?? 0, (column) => of(column).key, oidOf));
  const traps = roles.traps.map((trap): SnmpTrapSpec => {
    const oid = trap.snmp?.trap;
    const wildcardOnly = oid && oid.text === '' && oid.type === 'wildcard' ? { ...oid, text: '*' } : oid;
    const bindings: SnmpBindingSpec[] = parseBindings(oid?.setBindings ?? '').bindings.map((binding) => ({ ...binding }));
    return { param: trap.id, key: of(trap).key, connection: connectionOf(trap) ?? 0, oid: oidOf(trap, wildcardOnly), bindings };
  });
  const spec: SnmpSpec = { params: [...roles.reads, ...roles.writes].sort((a, b) => a.id - b.id).map(scalar), tables, traps };
  const stem = base.replace(/Driver$/, '');
  return {
    spec,
    reads: roles.reads.map(of),
    writes: roles.writes.map(of),
    tables: tables.map((table) => ({ table: of(table.param), rowName: top.claim(`${stem}${pascalCase(of(table.param).key)}Row`, table.param), columns: table.columns.map((column) => of(column.param)) })),
    traps: traps.map((trap) => ({ trap: of(trap.param), values: [...new Set(trap.bindings.map((binding) => binding.param))].flatMap((id) => (planned.has(id) ? [of(id)] : [])) })),
    names: { reads: top.claim(`${stem}SnmpReads`, 0), writes: top.claim(`${stem}SnmpWrites`, 0), tables: top.claim(`${stem}SnmpTables`, 0), traps: top.claim(`${stem}SnmpTraps`, 0) },
    oids,
  };
}

function valueType(param: ParamModel): SnmpValueType | undefined {
  const text = param.snmp?.type?.text.toLowerCase();
  return text !== undefined && snmpValueTypes.has(text) ? (text as SnmpValueType) : undefined;
}

/**
 * Columns in idx order, the key column (`ArrayOptions@index`) first. `getNext` walks the table OID and
 * takes no column OIDs; `instance` makes the key column the row's instance; the other methods leave out
 * a column without an OID (PG0050). An empty table OID is the columns' entry (`1.3.6.1.2.1.2.2.1.2` → `1.3.6.1.2.1.2.2`).
 */
function tableSpec(params: ReadonlyMap<number, ParamModel>, table: ParamModel, key: string, connection: number, keyOf: (id: number) => string, oidOf: (param: ParamModel) => string): SnmpTableSpec {
  const oid = table.snmp?.oid;
  if (!oid || !table.array) throw new Error(`protogen bug: table ${table.id} has no OID or ArrayOptions`);
  const { method, bulk } = tableMethod(oid);
  const instance = oid.options.has('instance');
  const ordered = [...table.array.columns].map((column, position) => ({ ...column, order: column.idx ?? position })).sort((a, b) => a.order - b.order);
  const keyIndex = ordered.findIndex((column) => column.order === table.array?.index);
  const keyFirst = keyIndex <= 0 ? ordered : [ordered[keyIndex], ...ordered.filter((_, index) => index !== keyIndex)];
  const columns = keyFirst.flatMap((column, position): SnmpColumnSpec[] => {
    const param = column && params.get(column.id);
    if (!column || !param) return [];
    const spec: { -readonly [K in keyof SnmpColumnSpec]: SnmpColumnSpec[K] } = { param: param.id, key: keyOf(param.id) };
    if (instance && position === 0) spec.instance = true;
    // A column without an OID of a table read by column OIDs is filled by QActions in DataMiner: left out.
    else if (method !== 'getNext' && !param.snmp?.oid) return [];
    else if (method !== 'getNext' && param.snmp?.oid) spec.oid = oidOf(param);
    return [spec];
  });
  const own = oid.text !== '' || oid.type === 'auto' ? oidOf(table) : undefined;
  const fromColumn = columns.find((column) => column.oid !== undefined)?.oid?.replace(/\.1\.\d+$/, '');
  return { param: table.id, key, connection, oid: own ?? fromColumn ?? '', method, ...(bulk !== undefined && { bulk }), columns };
}

/** The `snmp` part of an SNMP connection's spec: its version and the params that hold its communities. */
export function snmpConnectionSpec(model: ProtocolModel, connection: ConnectionModel): SnmpConnectionSpec {
  const spec: { -readonly [K in keyof SnmpConnectionSpec]: SnmpConnectionSpec[K] } = { version: snmpVersion(connection) };
  for (const param of model.params) {
    const serves = param.snmp?.communityOf;
    if (serves?.get === connection.id) spec.getCommunityParam ??= param.id;
    if (serves?.set === connection.id) spec.setCommunityParam ??= param.id;
    if (serves?.contextName === connection.id) spec.contextNameParam ??= param.id;
  }
  return spec;
}
