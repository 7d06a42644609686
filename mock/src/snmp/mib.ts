/**
 * The objects an SNMP connection of the mock serves, in OID order, built from `ProtocolSpec.snmp` and
 * the device's current values:
 *
 *   { param: 102, oid: '1.3.6.1.2.1.1.5.0', type: 'octetstring' }   → 1.3.6.1.2.1.1.5.0 = "sample"
 *   { param: 103, oid: '1.3.6.1.2.1.1.5.0', set: 'setAndGet' }       → … and writable
 *   { param: 120, oid: '1.3.6.1.4.1.9.5.*', wildcardParam: 121 }     → 1.3.6.1.4.1.9.5.<value of 121>
 *   table 1000 '1.3.6.1.4.1.64999.7.2', columns 1002 '….2.1.2', …   → ….2.1.2.<row suffix> per row and column
 *
 * A scalar's object type (what tells noSuchObject from noSuchInstance) is its OID without the last
 * arc; a cell's is its column.
 */
import type { ParamSpec, ProtocolSpec, SnmpParamSpec, SnmpTableSpec, SnmpValueType } from '@protogen-dm/runtime';
import { byId } from '@protogen-dm/runtime/rules';
import { frameValues } from '../sample-values.js';
import type { MockValues } from '../types.js';
import { compareOids, parseOid, startsWith, type Oid } from './oid.js';
import { tagOf, toWire, type WireValue } from './wire.js';

/** Rows a table has when the test scripted none. */
export const SAMPLE_ROWS = 3;

export interface SnmpObject {
  readonly oid: Oid;
  readonly text: string;
  /** The object type's OID. */
  readonly base: Oid;
  readonly tag: number;
  readonly type: SnmpValueType | undefined;
  readonly value: WireValue;
  /** The param whose value it serves: a set changes it. */
  readonly param: ParamSpec;
  /** A write param has this OID. */
  readonly writable: boolean;
  /** Params it belongs to (scripts by param match it): the scalar's read and write params, or the table and column. */
  readonly params: readonly number[];
  /** A table cell: its table param and row suffix (a set changes that row's cell). */
  readonly cell?: { readonly table: number; readonly suffix: Oid };
}

/** One row of a table: its OID suffix and its cells by column key. */
export interface TableRow {
  readonly suffix: Oid;
  readonly values: MockValues;
}

/** What the objects are built from. */
export interface MibSource {
  readonly spec: ProtocolSpec;
  readonly connection: number;
  readonly overrides: Readonly<MockValues>;
  /** Scripted rows by table param id. */
  readonly rows: ReadonlyMap<number, readonly MockValues[]>;
}

export class MibView {
  readonly objects: readonly SnmpObject[];
  /** Values that cannot be served as their type (logged, left out). */
  readonly problems: readonly string[];

  constructor(source: MibSource) {
    const problems: string[] = [];
    const objects = [...scalarObjects(source, problems), ...tableObjects(source, problems)];
    objects.sort((a, b) => compareOids(a.oid, b.oid));
    this.objects = objects.filter((object, index) => index === 0 || compareOids(objects[index - 1]?.oid ?? [], object.oid) !== 0);
    this.problems = problems;
  }

  exact(oid: Oid): SnmpObject | undefined {
    const object = this.objects[this.#firstAtOrAfter(oid)];
    return object !== undefined && compareOids(object.oid, oid) === 0 ? object : undefined;
  }

  /** The first object after `oid` that `accept` takes. */
  next(oid: Oid, accept: (object: SnmpObject) => boolean = () => true): SnmpObject | undefined {
    let index = this.#firstAtOrAfter(oid);
    if (compareOids(this.objects[index]?.oid ?? [], oid) === 0) index += 1;
    for (; index < this.objects.length; index += 1) {
      const object = this.objects[index];
      if (object !== undefined && accept(object)) return object;
    }
    return undefined;
  }

  /** Whether an object type the agent serves covers `oid` (then a missing instance is noSuchInstance). */
  covers(oid: Oid): boolean {
    return this.objects.some((object) => startsWith(oid, object.base));
  }

  #firstAtOrAfter(oid: Oid): number {
    let low = 0;
    let high = this.objects.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareOids(this.objects[middle]?.oid ?? [], oid) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Read params by OID; a write param of the same OID makes it writable (alone, it serves its own value). */
function scalarObjects(source: MibSource, problems: string[]): SnmpObject[] {
  const params = byId(source.spec.params);
  // A table's columns are served as cells, never as scalars at their column OID; a write param at a
  // column's OID with a wildcard (`<column>.*`, the wildcard a row instance) sets a cell the table serves.
  const tables = source.spec.snmp?.tables ?? [];
  const inTables = new Set(tables.flatMap((table) => [table.param, ...table.columns.map((column) => column.param)]));
  const cellOids = new Set(tables.flatMap((table) => table.columns.flatMap((column) => (column.oid === undefined ? [] : [`${column.oid}.*`]))));
  const intoTable = (entry: SnmpParamSpec): boolean => inTables.has(entry.param) || (entry.set !== undefined && cellOids.has(entry.oid));
  const entries = (source.spec.snmp?.params ?? []).filter((entry) => entry.connection === source.connection && !intoTable(entry));
  const byOid = new Map<string, SnmpParamSpec[]>();
  for (const entry of entries) {
    const oid = resolveOid(entry, params, source.overrides);
    if (oid === undefined) {
      problems.push(`param ${entry.param}: OID ${entry.oid} does not resolve to one (wildcard param value?)`);
      continue;
    }
    byOid.set(oid, [...(byOid.get(oid) ?? []), entry]);
  }
  return [...byOid].flatMap(([text, group]) => {
    const read = group.find((entry) => entry.set === undefined);
    const write = group.find((entry) => entry.set !== undefined);
    const served = read ?? write;
    const param = served === undefined ? undefined : params.get(read?.param ?? write?.readParam ?? served.param);
    const oid = parseOid(text);
    if (served === undefined || param === undefined || oid === undefined) return [];
    const type = read?.type ?? write?.type;
    const owners = group.map((entry) => entry.param);
    const object = makeObject({ oid, base: oid.slice(0, -1), param, type, writable: write !== undefined, params: owners }, valueOf(param, type, source.overrides, 0), problems);
    return object === undefined ? [] : [object];
  });
}

/** The OID with its `*` replaced by the wildcard param's current value. */
function resolveOid(entry: SnmpParamSpec, params: ReadonlyMap<number, ParamSpec>, overrides: Readonly<MockValues>): string | undefined {
  if (!entry.oid.includes('*')) return entry.oid;
  const wildcard = entry.wildcardParam === undefined ? undefined : params.get(entry.wildcardParam);
  if (wildcard === undefined) return undefined;
  const oid = entry.oid.replace('*', String(valueOf(wildcard, undefined, overrides, 0)));
  return parseOid(oid) === undefined ? undefined : oid;
}

function tableObjects(source: MibSource, problems: string[]): SnmpObject[] {
  const params = byId(source.spec.params);
  const types = new Map((source.spec.snmp?.params ?? []).map((entry) => [entry.param, entry.type]));
  // A write param at `<column>.*` makes that column's cells writable.
  const writable = new Set((source.spec.snmp?.params ?? []).flatMap((entry) => (entry.set !== undefined && entry.oid.endsWith('.*') ? [entry.oid.slice(0, -2)] : [])));
  return (source.spec.snmp?.tables ?? [])
    .filter((table) => table.connection === source.connection)
    .flatMap((table) => {
      const rows = tableRows(table, params, types, source);
      return servedColumns(table).flatMap(({ param: id, oid }) => {
        const param = params.get(id);
        if (param === undefined) return [];
        return rows.flatMap((row) => {
          const value = row.values[param.key];
          if (value === undefined) return [];
          const cell = { oid: [...oid, ...row.suffix], base: oid, param, type: types.get(id), writable: writable.has(oid.join('.')), params: [table.param, id], cell: { table: table.param, suffix: row.suffix } };
          const object = makeObject(cell, value, problems);
          return object === undefined ? [] : [object];
        });
      });
    });
}

/** Columns that have an OID on the wire: given, or `getNext` order under the entry (`table.1.N`). */
export function servedColumns(table: SnmpTableSpec): { param: number; oid: Oid }[] {
  const tableOid = parseOid(table.oid) ?? [];
  return table.columns
    .filter((column) => column.instance !== true)
    .flatMap((column, index) => {
      const oid = column.oid === undefined ? [...tableOid, 1, index + 1] : parseOid(column.oid);
      return oid === undefined ? [] : [{ param: column.param, oid }];
    });
}

/**
 * Scripted rows, else sample rows 1…3. The key column (the first) gives the row's OID suffix: an
 * `instance` column holds it (`'3.7'`); another key's value is it when it is one (an ifIndex of 4 →
 * `.4`), else the row's position is. A key cell the row does not set holds the row's position.
 */
export function tableRows(
  table: SnmpTableSpec,
  params: ReadonlyMap<number, ParamSpec>,
  types: ReadonlyMap<number, SnmpValueType | undefined>,
  source: MibSource,
): TableRow[] {
  const columnParams = table.columns.flatMap((column) => params.get(column.param) ?? []);
  const key = table.columns[0] === undefined ? undefined : params.get(table.columns[0].param);
  const instance = table.columns[0]?.instance === true;
  const scripted = source.rows.get(table.param);
  const rows = scripted ?? Array.from({ length: SAMPLE_ROWS }, (): MockValues => ({}));
  return rows.flatMap((cells, index) => {
    const position = index + 1;
    const samples = columnParams.map((param) => [param.key, valueOf(param, types.get(param.id), source.overrides, position)]);
    const values: MockValues = { ...Object.fromEntries(samples), ...cells };
    if (key === undefined) return [{ suffix: [position], values }];
    if (cells[key.key] === undefined) values[key.key] = key.value === 'number' && !instance ? position : String(position);
    const suffix = parseOid(String(values[key.key]));
    if (instance) return suffix === undefined ? [] : [{ suffix, values }];
    return [{ suffix: suffix ?? [position], values }];
  });
}

/** The object, or undefined (and a problem) when the value does not fit its type. */
function makeObject(object: Omit<SnmpObject, 'text' | 'tag' | 'value'>, value: string | number, problems: string[]): SnmpObject | undefined {
  const tag = tagOf(object.type, object.param);
  const text = object.oid.join('.');
  try {
    return { ...object, text, tag, value: toWire(tag, object.type, value) };
  } catch (error) {
    problems.push(`${text} (param ${object.param.id}): ${(error as Error).message}`);
    return undefined;
  }
}

/** The mock's value (set(), default, discrete, sample); a sample fits the SNMP type. */
function valueOf(param: ParamSpec, type: SnmpValueType | undefined, overrides: Readonly<MockValues>, sequence: number): string | number {
  const sampled = overrides[param.key] === undefined && param.defaultValue === undefined && (param.discretes ?? []).length === 0;
  const typed = sampled && type !== undefined ? typedSamples[type] : undefined;
  return typed ?? frameValues([param], overrides, sequence)[param.key] ?? '';
}

/** Samples for types whose values have a shape of their own. */
const typedSamples: Partial<Record<SnmpValueType, string>> = {
  ipaddress: '192.0.2.1',
  objectid: '0.0',
  oid: '0.0',
  octetstringhex: '73616d706c65',
};
