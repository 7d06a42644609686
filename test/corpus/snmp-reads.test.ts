// The four public SNMP connectors of issue 16 item 6 against their own mock (PROTOGEN_CORPUS=/work/corpus/snmp;
// skipped when unset; see snmp.test.ts for the files). For each file: the mock built from the same XML
// serves its SNMP connections on 127.0.0.1 port 0, a driver built from the generated spec (v3 with the
// mock's default user) reads every scalar SNMP param (one `getMany` per connection, then `get` each) and
// every table; values must equal the ones the mock was given (a distinct value per param, per cell), rows
// come in order with every column in the spec's order, and nothing rejects. A second pass reads every
// table's sample rows. Then every write param is set and a get of its OID must read the value back
// (`refusedSets` lists the one the agent rightly refuses). Two params reading one OID (ird's memAvailReal
// and memUsedReal) get one value, as a device has; tables reading one device table share its cells.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileSpec } from '@protogen-dm/generator';
import { createMockDevice, type MockDevice, type MockValues } from '@protogen-dm/mock';
import { Driver, type ParamSpec, type ProtocolSpec, type SnmpApi, type SnmpParamSpec, type SnmpTableSpec } from '@protogen-dm/runtime';
import { Cleanup } from '../runtime/helpers.js';

const folder = process.env['PROTOGEN_CORPUS'];
const files = ['snmp-base.xml', 'snmp-3-connections.xml', 'matrix.xml', 'ird.xml'] as const;
const has = (file: string): boolean => folder !== undefined && existsSync(join(folder, file));
/** Sets the mock refuses, and why (the connector's own doing). */
const refusedSets: Record<(typeof files)[number], string[]> = {
  'snmp-base.xml': [],
  'snmp-3-connections.xml': [],
  // Two write params at one OID, one text (octetstring, as the read param is served) and one integer32.
  'matrix.xml': ["routerSysLevelWriteValueInteger: SNMP agent of connection 'snmpConnection' answered wrongType (1.3.6.1.4.1.3142.2.5.1.11.7)"],
  'ird.xml': [],
};
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** Any protocol's driver, its SNMP connections on the mock's agents, every other connection left out. */
class SnmpDriver extends Driver<Record<string, unknown>, string, never, string> {
  declare readonly snmp: SnmpApi<Record<string, unknown>, Record<string, unknown>, Record<string, Record<string, unknown>>, object>;
  constructor(spec: ProtocolSpec, mock: MockDevice) {
    const snmp = (id: number, v3: boolean) => ({ url: mock.url(id), ...(v3 ? { user: mock.snmp.user } : {}) });
    const connections = Object.fromEntries(spec.connections.map((connection) => [connection.key, connection.kind === 'snmp' ? snmp(connection.id, connection.snmp?.version === 'v3') : (false as const)]));
    super(spec, { connections });
  }
}

/** A value of `param`'s kind, distinct by `n`, that its SNMP type can carry. */
function valueFor(param: ParamSpec, type: SnmpParamSpec['type'], n: number): string | number {
  switch (type) {
    case 'ipaddress':
      return `192.0.2.${n % 250}`;
    case 'oid':
    case 'objectid':
      return `1.3.6.1.4.1.${n}`;
    case 'octetstringhex':
      return (0x100 + n).toString(16).padStart(4, '0');
    default:
      return param.value === 'number' ? 100 + n : `text ${n}`;
  }
}

interface Fixture {
  readonly spec: ProtocolSpec;
  readonly params: ReadonlyMap<number, ParamSpec>;
  readonly types: ReadonlyMap<number, SnmpParamSpec['type']>;
}

function fixture(file: string): Fixture {
  const { spec, diagnostics } = compileSpec({ file, contents: readFileSync(join(folder ?? '', file)) });
  if (spec?.snmp === undefined) throw new Error(`${file}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return { spec, params: new Map(spec.params.map((param) => [param.id, param])), types: new Map(spec.snmp.params.map((entry) => [entry.param, entry.type])) };
}

/** Scalar reads (params in no table), the wildcard params filled: one value per OID, as a device has. */
function scalarValues({ spec, params }: Fixture, wildcards: MockValues): { reads: SnmpParamSpec[]; values: MockValues } {
  const inTables = new Set((spec.snmp?.tables ?? []).flatMap((table) => [table.param, ...table.columns.map((column) => column.param)]));
  const reads = (spec.snmp?.params ?? []).filter((entry) => entry.set === undefined && !inTables.has(entry.param));
  const byOid = new Map<string, string | number>();
  const values: MockValues = {};
  reads.forEach((entry, n) => {
    const param = params.get(entry.param) as ParamSpec;
    const value = byOid.get(entry.oid) ?? valueFor(param, entry.type, n + 1);
    byOid.set(entry.oid, value);
    values[param.key] = value;
  });
  return { reads, values: { ...values, ...wildcards } };
}

/**
 * Two rows (suffixes `7`, `9`) of every table, a distinct value per cell; the key column holds the row's
 * suffix. Tables that read the same device table (ird's storage tables) get the same value per OID.
 */
function tableRows({ spec, params, types }: Fixture): Map<number, MockValues[]> {
  const byOid = new Map<string, string | number>();
  let n = 1000;
  const cell = (column: SnmpTableSpec['columns'][number], suffix: number): string | number => {
    const param = params.get(column.param) as ParamSpec;
    const oid = column.oid === undefined ? undefined : `${column.oid}.${suffix}`;
    const value = (oid === undefined ? undefined : byOid.get(oid)) ?? valueFor(param, types.get(column.param), n++);
    if (oid !== undefined) byOid.set(oid, value);
    return value;
  };
  const tables = spec.snmp?.tables ?? [];
  // Key columns first: a key read by its OID (`hrStorageIndex.7 = 7`) is the same cell in every table.
  for (const table of tables) {
    const key = table.columns[0];
    const param = key === undefined ? undefined : params.get(key.param);
    if (key?.oid !== undefined && param !== undefined) for (const suffix of [7, 9]) byOid.set(`${key.oid}.${suffix}`, param.value === 'number' ? suffix : String(suffix));
  }
  return new Map(
    tables.map((table) => {
      const rows = [7, 9].map((suffix) =>
        Object.fromEntries(table.columns.map((column, index) => {
          const param = params.get(column.param) as ParamSpec;
          return [column.key, index === 0 ? (param.value === 'number' ? suffix : String(suffix)) : cell(column, suffix)];
        })),
      );
      return [table.param, rows];
    }),
  );
}

/** Whether the agent serves any cell of the table: a column with an OID, or a `getNext` walk. */
const readable = (table: SnmpTableSpec): boolean => table.method === 'getNext' || table.columns.some((column) => column.oid !== undefined);

/** Values for the wildcard params of the SNMP params: a row instance (`7`). */
function wildcardValues({ spec, params }: Fixture): MockValues {
  const ids = new Set((spec.snmp?.params ?? []).flatMap((entry) => (entry.wildcardParam === undefined ? [] : [entry.wildcardParam])));
  return Object.fromEntries([...ids].map((id) => [(params.get(id) as ParamSpec).key, '7']));
}

describe.skipIf(!files.every(has))('corpus: the four public SNMP connectors read from their own mock', () => {
  for (const file of files) {
    it(`${file}: every scalar and every table reads the mock's values`, async () => {
      const fx = fixture(file);
      const { spec, params } = fx;
      const mock = cleanup.add(await createMockDevice(spec, { port: 0 }));
      const driver = cleanup.add(new SnmpDriver(spec, mock));
      const wildcards = wildcardValues(fx);
      for (const [key, value] of Object.entries(wildcards)) driver.params.set(key, value);
      const { reads, values } = scalarValues(fx, wildcards);
      mock.set(values);
      await driver.connect();

      // Scalars: one PDU per connection, then one by one.
      const keys = reads.map((entry) => (params.get(entry.param) as ParamSpec).key);
      const expected = Object.fromEntries(keys.map((key) => [key, values[key]]));
      expect(await driver.snmp.getMany(keys)).toEqual(expected);
      for (const key of keys) expect([key, await driver.snmp.get(key)]).toEqual([key, values[key]]);
      for (const key of keys) expect([key, driver.params.get(key)]).toEqual([key, values[key]]);

      // Tables: the rows the mock was given, then its sample rows.
      const tables = spec.snmp?.tables ?? [];
      const given = tableRows(fx);
      for (const table of tables) mock.snmp.rows(table.key, given.get(table.param));
      const read: string[] = [];
      const unread: string[] = [];
      for (const table of tables) {
        // A table whose columns all lack an OID (QActions fill them in DataMiner) has nothing to read.
        const rows = readable(table) ? (given.get(table.param) ?? []) : [];
        if (!readable(table)) unread.push(`${table.key} (no column with an SNMP OID)`);
        const got = await driver.snmp.table(table.key);
        expect(got.map((row) => Object.keys(row)), table.key).toEqual(rows.map(() => table.columns.map((column) => column.key)));
        expect(got, table.key).toEqual(rows);
        if (readable(table)) read.push(`${table.key} ${got.length}×${table.columns.length}`);
      }
      for (const table of tables) mock.snmp.rows(table.key, undefined);
      for (const table of tables) {
        const samples = await driver.snmp.table(table.key);
        const keys = readable(table) ? [1, 2, 3].map(() => table.columns.map((column) => column.key)) : [];
        expect(samples.map((row) => Object.keys(row)), table.key).toEqual(keys);
      }
      // Sets: every write param (the wildcard names row 7 of the given rows), then a get of its own OID reads the value back.
      for (const table of tables) mock.snmp.rows(table.key, given.get(table.param));
      const writes = (spec.snmp?.params ?? []).filter((entry) => entry.set !== undefined);
      const refused: string[] = [];
      for (const [n, entry] of writes.entries()) {
        const param = params.get(entry.param) as ParamSpec;
        const value = valueFor(param, entry.type, 5000 + n);
        const outcome = await driver.snmp.set(param.key, value).then(() => driver.snmp.get(param.key), (error: Error) => error);
        if (outcome instanceof Error) refused.push(`${param.key}: ${outcome.message}`);
        else expect([param.key, outcome]).toEqual([param.key, value]);
      }
      expect(refused).toEqual(refusedSets[file]);
      console.info(`${file}: ${writes.length - refused.length} of ${writes.length} write params set`);
      console.info(`${file}: ${keys.length} scalars read; ${read.length} tables read (${read.join(', ') || 'none'}); not read: ${unread.join(', ') || 'none'}`);
    }, 60_000);
  }
});
