/**
 * The SNMP types `driver.snmp` is narrowed with (contract §11), for a protocol with an SNMP connection:
 * reads and writes by key (picked from the params interface), one row interface per table (the key
 * column first), and the typed values each trap receiver's bindings set.
 *
 *   <Param id="1000"><Name>Outlets</Name><Type>array</Type><ArrayOptions index="0"><ColumnOption idx="0" pid="1001"/>…</ArrayOptions>
 *     <SNMP><Enabled>true</Enabled><OID type="complete" options="instance">1.3.6.1.4.1.64999.7.2</OID></SNMP></Param> →
 *   export type FooSnmpReads = Pick<FooParams, 'systemName'>;
 *   export interface FooOutletsRow { /** Instance (Outlets) · Param 1001 · the row's instance *\/ readonly outletsInstance: string; … }
 *   export interface FooSnmpTables { readonly outlets: FooOutletsRow }
 *   export interface FooSnmpTraps { readonly alarmTrap: { readonly lastAlarmCode: number } }
 */
import type { Plan, PlannedParam } from '../plan.js';
import type { PlannedSnmp } from '../plan-snmp.js';
import { sourceLine } from './docs.js';
import { tsString } from './escape.js';
import { render } from './render.js';

export function emitSnmp(plan: Plan): string {
  const snmp = plan.snmp;
  if (!snmp) return '';
  const pick = (params: readonly PlannedParam[]): string => `Pick<${plan.paramsName}, ${params.length === 0 ? 'never' : params.map((param) => tsString(param.key)).join(' | ')}>`;
  const specOf = new Map(snmp.spec.tables.map((table) => [table.param, table]));
  return render.snmp({
    reads: { name: snmp.names.reads, docLines: ['SNMP params `driver.snmp.get` and `getMany` read, by key (their values also land in `driver.params`).'], type: pick(snmp.reads) },
    writes: { name: snmp.names.writes, docLines: ['Write params `driver.snmp.set` takes, by key, with the value type of each.'], type: pick(snmp.writes) },
    rows: snmp.tables.map(({ table, rowName, columns }) => {
      const spec = specOf.get(table.model.id);
      return {
        name: rowName,
        docLines: [`One row of ${table.model.description ?? table.model.name} (param ${table.model.id}), the key column first.`, [`OID ${spec?.oid ?? ''}`, spec?.method ?? '', sourceLine(plan, table.model.at)].join(' · ')],
        members: columns.map((column, index) => ({ key: column.key, type: column.type, docLines: columnDoc(plan, snmp, column, spec?.columns[index]?.instance === true) })),
      };
    }),
    tables: {
      name: snmp.names.tables,
      docLines: ['Tables `driver.snmp.table(key)` reads, by key: the row type of each.'],
      members: snmp.tables.map(({ table, rowName }) => ({ key: table.key, type: rowName, docLines: [table.model.description ?? table.model.name] })),
    },
    traps: {
      name: snmp.names.traps,
      docLines: ['Trap receivers `driver.snmp.onTrap(key, …)` takes, by key: the params their bindings set, typed.'],
      members: snmp.traps.map(({ trap, values }) => ({
        key: trap.key,
        type: values.length === 0 ? 'Record<never, never>' : `{ ${values.map((value) => `readonly ${value.key}: ${value.type}`).join('; ')} }`,
        docLines: [trap.model.description ?? trap.model.name, [`Param ${trap.model.id}`, `trap OID ${snmp.oids.get(trap.model.id) ?? ''}`, sourceLine(plan, trap.model.at)].join(' · ')],
      })),
    },
  });
}

function columnDoc(plan: Plan, snmp: PlannedSnmp, column: PlannedParam, instance: boolean): string[] {
  const oid = snmp.oids.get(column.model.id);
  const facts = [`Param ${column.model.id}`, ...(instance ? ['the row\'s instance (OID suffix)'] : oid ? [`OID ${oid}`] : []), sourceLine(plan, column.model.at)];
  return [column.model.description ?? column.model.name, facts.join(' · ')];
}
