// The four public SNMP connectors of issue 16 item 6, read from a folder outside the repository (their
// licences forbid committing them): PROTOGEN_CORPUS=/work/corpus/snmp. Skipped when unset. Files (see
// README "SNMP"): snmp-base.xml (SLC-C-Example_SNMP-Base), snmp-3-connections.xml
// (SLC-C-Example-SNMP-3-Connections), matrix.xml (SLC-C-Example_Matrix), ird.xml
// (Dataminer-Protocol-IRD-). Each generates without errors, its SNMP params, tables and traps land in
// `ProtocolSpec.snmp` (params with SNMP enabled that it leaves out are each a PG0071 warning), and the
// drivers type-check under the strictest settings with TypeScript 6 and 7.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSpec, generate } from '@protogen-dm/generator';
import type { ProtocolSpec, SnmpSpec } from '@protogen-dm/runtime';
import { compilers, runTsc, scratchProject } from '../helpers/typecheck.js';

const folder = process.env['PROTOGEN_CORPUS'];
const has = (file: string): boolean => folder !== undefined && existsSync(join(folder, file));

/** Per file: scalar params (of which sets), tables, their columns, traps, and the PG0071 warnings. */
const expected = {
  'snmp-base.xml': { params: 13, sets: 7, tables: 3, columns: 40, traps: 0, leftOut: 0 },
  'snmp-3-connections.xml': { params: 8, sets: 3, tables: 0, columns: 0, traps: 0, leftOut: 0 },
  'matrix.xml': { params: 3, sets: 2, tables: 2, columns: 7, traps: 0, leftOut: 0 },
  'ird.xml': { params: 81, sets: 3, tables: 42, columns: 321, traps: 1, leftOut: 14 },
} as const;
const files = Object.keys(expected) as (keyof typeof expected)[];

function compiled(file: string): { spec: ProtocolSpec; snmp: SnmpSpec; xml: string } {
  const contents = readFileSync(join(folder ?? '', file));
  const { spec, diagnostics } = compileSpec({ file, contents });
  if (spec?.snmp === undefined) throw new Error(`${file}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return { spec, snmp: spec.snmp, xml: contents.toString('utf8').replace(/<!--[\s\S]*?-->/g, '') };
}

/** Ids of the params whose `SNMP/Enabled` is true, read from the text (independently of the generator). */
function enabledSnmpParams(xml: string): number[] {
  return [...xml.matchAll(/<Param\s[^>]*id="(\d+)"[^>]*>([\s\S]*?)<\/Param>/g)].filter((match) => /<SNMP[^>]*>\s*<Enabled>true<\/Enabled>/i.test(match[2] ?? '')).map((match) => Number(match[1]));
}

function coveredParams(snmp: SnmpSpec): Set<number> {
  return new Set([...snmp.params.map((p) => p.param), ...snmp.tables.flatMap((t) => [t.param, ...t.columns.map((c) => c.param)]), ...snmp.traps.map((t) => t.param)]);
}

describe.skipIf(folder === undefined || !files.every(has))('corpus: the four public SNMP connectors', () => {
  const outputs = new Map<string, string>();
  let project = '';
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  for (const file of files) {
    it(`${file}: generates with no errors; its SNMP params, tables and traps are in the spec`, () => {
      const contents = readFileSync(join(folder ?? '', file));
      const result = generate([{ file, contents }]);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
      expect(warnings.map((d) => d.code)).toEqual(Array.from({ length: expected[file].leftOut }, () => 'PG0071'));
      const { snmp, xml } = compiled(file);
      const columns = snmp.tables.reduce((sum, table) => sum + table.columns.length, 0);
      expect({ params: snmp.params.length, sets: snmp.params.filter((p) => p.set).length, tables: snmp.tables.length, columns, traps: snmp.traps.length, leftOut: warnings.length }).toEqual(expected[file]);
      // Every param with SNMP enabled is in the spec but those PG0071 names.
      const missing = enabledSnmpParams(xml).filter((id) => !coveredParams(snmp).has(id));
      expect(missing).toHaveLength(expected[file].leftOut);
      for (const id of missing) expect(warnings.some((d) => d.message.startsWith(`param ${id} `))).toBe(true);
      const text = result.files[0]?.contents ?? '';
      expect(text).toMatch(/declare readonly snmp: SnmpApi<\w+SnmpReads, \w+SnmpWrites, \w+SnmpTables, \w+SnmpTraps>;/);
      outputs.set(`corpus-snmp-${result.files[0]?.name ?? file}`, text);
    });
  }

  it('510 params with SNMP enabled across the four, 496 of them typed in driver.snmp', () => {
    let enabled = 0;
    let typed = 0;
    for (const file of files) {
      const { snmp, xml } = compiled(file);
      const ids = enabledSnmpParams(xml);
      enabled += ids.length;
      typed += ids.filter((id) => coveredParams(snmp).has(id)).length;
    }
    expect({ enabled, typed }).toEqual({ enabled: 510, typed: 496 });
  });

  it('snmp-3-connections.xml: syntax 1 snmp + advanced snmpV2/snmpV3 are v1, v2c and v3 on port 161', () => {
    const { spec } = compiled('snmp-3-connections.xml');
    expect(spec.connections.map((c) => [c.id, c.key, c.kind, c.snmp?.version, c.port])).toEqual([
      [0, 'snmpConnection', 'snmp', 'v1', 161],
      [1, 'snmpConnection2', 'snmp', 'v2c', 161],
      [2, 'snmpConnection3', 'snmp', 'v3', 161],
    ]);
    expect(spec.polling?.groups[0]).toMatchObject({ multipleGet: true, items: [100, 101, 102, 103, 104].map((id) => ({ kind: 'param', id })) });
  });

  for (const name of Object.keys(compilers) as (keyof typeof compilers)[]) {
    it(`every driver type-checks under the strictest settings with ${name}`, async () => {
      expect(outputs.size).toBe(files.length);
      if (!project) project = scratchProject('corpus-snmp', outputs);
      expect(await runTsc(project, name)).toEqual({ stdout: '', code: 0 });
    }, 120_000);
  }
});
