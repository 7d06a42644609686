/**
 * Checks of the SNMP params a driver runs (scope-snmp.ts decides which): every OID resolves, every
 * param they name exists, types are EnumSNMPType, sets are on write params, columns have a table.
 *
 *   <OID type="complete">1.3.6.x</OID>                         → PG0070 "1.3.6.x" is not an OID
 *   <OID type="complete" id="99">1.3.*</OID> with no param 99  → PG0024 … names param 99, which does not exist
 *   <Param options="snmpSet"><Type>read</Type>                  → PG0072 a set on a param that is not write
 *   <ColumnOption idx="1" pid="77"/> with no param 77           → PG0024
 *   <SNMP><Type>Integer64</Type>                                → PG0073 not an SNMP type
 *   <OID>1.3.6.1.2.1.2.2.1.2</OID> on a param the table 1.3.6.1.2.1.2.2 does not list → PG0071
 */
import type { DiagnosticBag } from './diagnostics.js';
import type { ParamModel, ProtocolModel } from './model.js';
import { roleOf } from './param-spec.js';
import { isTable, parseBindings, resolveOid, snmpConnections, snmpRoles, snmpValueTypes, tableMethod } from './scope-snmp.js';

/** `params`: the protocol's params by id (model-index.ts). */
export function checkSnmp(model: ProtocolModel, params: ReadonlyMap<number, unknown>, bag: DiagnosticBag): void {
  if (snmpConnections(model).length === 0) return;
  const roles = snmpRoles(model);
  const mustExist = (id: number, at: ParamModel['at'], what: string): void => {
    if (!params.has(id)) bag.report('PG0024', at, `${what} names param ${id}, which does not exist`);
  };
  const byId = new Map(model.params.map((param) => [param.id, param]));
  for (const param of [...roles.reads, ...roles.writes, ...roles.tables]) {
    const oid = param.snmp?.oid;
    if (!oid) continue;
    if (oid.wildcardParam) mustExist(oid.wildcardParam.id, oid.wildcardParam.at, `param ${param.id} OID@id`);
    if (isTable(param)) {
      // A table's OID may be empty when its columns give theirs (`options="bulk:3"`).
      if (oid.text !== '' || oid.type === 'auto') checkOid(model, param, bag);
      else if (!(param.array?.columns ?? []).some((column) => byId.get(column.id)?.snmp?.oid?.text)) bag.report('PG0070', oid.at, `table ${param.id} has an empty OID and no column with one: there is nothing to walk`);
      if (tableMethod(oid).byColumns === true) bag.report('PG0050', oid.at, `table ${param.id} has an empty OID, so GetNext has no table to walk: its columns are read by their own OIDs (multipleGetNext)`);
      if (tableMethod(oid).rowBased) bag.report('PG0050', oid.optionsAt, `table ${param.id} option multipleGet (row-based GetNext + MultipleGet) is read column by column`);
      continue;
    }
    const resolved = checkOid(model, param, bag);
    if (resolved?.includes('*') && !oid.wildcardParam) bag.report('PG0070', oid.at, `param ${param.id} OID "${oid.text}" has a * but no @id naming the param that replaces it`);
  }
  for (const table of model.params.filter(isTable)) {
    for (const column of table.array?.columns ?? []) mustExist(column.id, column.at, `table ${table.id} ColumnOption@pid`);
  }
  // Every method but getNext reads the columns by their own OIDs.
  for (const table of roles.tables.filter((param) => param.snmp?.oid && tableMethod(param.snmp.oid).method !== 'getNext')) {
    const instance = table.snmp?.oid?.options.has('instance') === true;
    const keyColumn = table.array?.columns.find((column, position) => (column.idx ?? position) === table.array?.index)?.id;
    const withoutOid: number[] = [];
    for (const column of table.array?.columns ?? []) {
      const param = byId.get(column.id);
      if (param?.snmp?.oid) checkOid(model, param, bag);
      else if (param && !(instance && column.id === keyColumn)) withoutOid.push(param.id);
    }
    if (withoutOid.length > 0) bag.report('PG0050', table.at, `table ${table.id} columns ${withoutOid.join(', ')} have no SNMP OID (QActions fill them in DataMiner): they are left out of its rows`);
  }
  for (const param of model.params) checkParam(param, bag);
  for (const [id, table] of roles.orphans) {
    const oid = byId.get(id)?.snmp?.oid;
    if (oid) bag.report('PG0071', oid.at, `param ${id} has a column OID of table ${table.id}, which does not list it (ArrayOptions, Type@id): it is left out of driver.snmp`);
  }
  for (const trap of roles.traps) checkTrap(model, trap, mustExist, bag);
}

/** Reports an OID that does not resolve; returns the resolved OID. */
function checkOid(model: ProtocolModel, param: ParamModel, bag: DiagnosticBag): string | undefined {
  const oid = param.snmp?.oid;
  if (!oid) return undefined;
  const resolved = resolveOid(model, param, oid);
  if (resolved.problem !== undefined) bag.report('PG0070', oid.at, `param ${param.id} OID: ${resolved.problem}`);
  return resolved.oid;
}

function checkParam(param: ParamModel, bag: DiagnosticBag): void {
  if (param.snmpSet && roleOf(param) !== 'write') {
    bag.report('PG0072', param.snmpSet.at, `param ${param.id} is set over SNMP but its Type is ${param.role}, not write: nothing sets it`);
  }
  const type = param.snmp?.type;
  if (type && type.text !== '' && !snmpValueTypes.has(type.text.toLowerCase())) {
    bag.report('PG0073', type.at, `param ${param.id} SNMP/Type "${type.text}" is not an SNMP type; values go out as integer (numbers) or octetstring (text)`);
  }
}

function checkTrap(model: ProtocolModel, trap: ParamModel, mustExist: (id: number, at: ParamModel['at'], what: string) => void, bag: DiagnosticBag): void {
  const oid = trap.snmp?.trap;
  if (!oid) return;
  const resolved = resolveOid(model, trap, oid.text === '' && oid.type === 'wildcard' ? { ...oid, text: '*' } : oid);
  if (resolved.problem !== undefined) bag.report('PG0070', oid.at, `param ${trap.id} TrapOID: ${resolved.problem}`);
  if (oid.setBindings === undefined) return;
  const { bindings, notRun, bad } = parseBindings(oid.setBindings);
  for (const binding of bindings) mustExist(binding.param, oid.setBindingsAt, `param ${trap.id} setBindings`);
  if (bad.length > 0) bag.report('PG0070', oid.setBindingsAt, `param ${trap.id} setBindings ${bad.map((entry) => `"${entry}"`).join(', ')}: each entry is <position or OID>,<param id>[,HEX|OID]`);
  if (notRun.length > 0) bag.report('PG0050', oid.setBindingsAt, `param ${trap.id} setBindings ${notRun.map((entry) => `"${entry}"`).join(', ')} not run (all bindings into one param, table cells): the trap's bindings are in \`driver.snmp.onTrap\`'s trap.bindings`);
}
