// Reading, checking and planning SNMP (issue 16 items 1-3) on XML of our own: syntax-3 Snmp/SnmpV3
// connections with their defaults and community params, auto/composed/untyped OIDs, a wildcard @id, a
// write param's mode and read param, a getNext table listed by Type@id (no column OIDs), a trap whose
// setBindings name bindings by OID and by position with HEX/OID, Group@connection; then every SNMP
// diagnostic at its line:col; and the generated driver of the good file under strict tsc 6 and 7.
import { describe, expect, it } from 'vitest';
import { compileSpec, generate, type Diagnostic } from '@protogen-dm/generator';
import { compilers, typecheckFiles } from '../helpers/typecheck.js';

const good = `<Protocol xmlns="http://www.skyline.be/protocol">
  <Name>Agent Lab</Name>
  <Version>1.0</Version>
  <VendorOID>1.3.6.1.4.1.64998</VendorOID>
  <DeviceOID>03</DeviceOID>
  <Connections>
    <Connection id="0" name="Main"><SnmpV3><UserSettings><IPport><DefaultValue>1161</DefaultValue></IPport><TimeoutTime><DefaultValue>2000</DefaultValue></TimeoutTime><Retries><DefaultValue>1</DefaultValue></Retries></UserSettings></SnmpV3></Connection>
    <Connection id="1" name="Legacy"><Snmp/></Connection>
  </Connections>
  <Params>
    <Param id="1"><Name>Uptime</Name><Description>Uptime (ticks)</Description><Type>read</Type><Interprete><RawType>numeric text</RawType><Type>double</Type><LengthType>next param</LengthType></Interprete><SNMP><Enabled>true</Enabled><OID type="auto"/><Type>TimeTicks</Type></SNMP></Param>
    <Param id="2"><Name>Label</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete><SNMP><Enabled>true</Enabled><OID>1.5.0</OID></SNMP></Param>
    <Param id="3"><Name>Sys Descr</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete><SNMP><Enabled>true</Enabled><OID>1.3.6.1.2.1.1.1.0</OID></SNMP></Param>
    <Param id="4"><Name>Community</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete><SNMP options="GetCommunity:1;SetCommunity:1"/></Param>
    <Param id="5"><Name>Context</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete><SNMP options="ContextName:0"/></Param>
    <Param id="6"><Name>Port Index</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
    <Param id="7"><Name>Port Speed</Name><Type>read</Type><Interprete><RawType>numeric text</RawType><Type>double</Type><LengthType>next param</LengthType></Interprete><SNMP><Enabled>true</Enabled><OID type="complete" id="6">1.3.6.1.2.1.2.2.1.5.*</OID><Type>gauge32</Type></SNMP></Param>
    <Param id="8" options="snmpSetWithWait"><Name>Label</Name><Type>write</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete><SNMP><Enabled>true</Enabled><OID>1.5.0</OID><Type>OctetString</Type></SNMP></Param>
    <Param id="20"><Name>Ports</Name><Description>Ports</Description><Type id="21;22">array</Type><SNMP><Enabled>true</Enabled><OID type="complete">1.3.6.1.2.1.2.2</OID></SNMP></Param>
    <Param id="21"><Name>Ports Index</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
    <Param id="22"><Name>Ports Speed</Name><Type>read</Type><Interprete><RawType>numeric text</RawType><Type>double</Type><LengthType>next param</LengthType></Interprete></Param>
    <Param id="30"><Name>Events</Name><Type>dummy</Type><SNMP><Enabled>true</Enabled><TrapOID type="composed" setBindings="1.3.6.1.4.1.64998.3.9.1,31;2,32,HEX;3,33,OID">0.1</TrapOID></SNMP></Param>
    <Param id="31"><Name>Event Text</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
    <Param id="32"><Name>Event Bytes</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
    <Param id="33"><Name>Event Oid</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
  </Params>
  <Groups>
    <Group id="1" connection="1"><Name>Legacy Poll</Name><Content multipleGet="true"><Param>3</Param><Param>2</Param></Content></Group>
    <Group id="2"><Name>Ports</Name><Content><Param>20</Param><Param>8</Param></Content></Group>
  </Groups>
</Protocol>
`;

describe('SNMP reading and planning', () => {
  const { spec, diagnostics } = compileSpec({ file: 'agent-lab.xml', contents: good });

  it('reads the file with no warning or error', () => {
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(spec).toBeDefined();
  });

  it('syntax-3 SnmpV3 and Snmp connections: a key each, version, defaults (port 161), community and context params', () => {
    expect(spec?.connections).toEqual([
      { id: 0, key: 'main', name: 'Main', kind: 'snmp', snmp: { version: 'v3', contextNameParam: 5 }, timeoutMs: 2000, retries: 1, port: 1161 },
      { id: 1, key: 'legacy', name: 'Legacy', kind: 'snmp', snmp: { version: 'v1', getCommunityParam: 4, setCommunityParam: 4 }, port: 161 },
    ]);
  });

  it('resolves auto, untyped (composed ≤ 10 characters, else complete) and wildcard OIDs; a write param gets its mode and read param', () => {
    expect(spec?.snmp?.params).toEqual([
      { param: 1, connection: 0, oid: '1.3.6.1.4.1.64998.3.1', type: 'timeticks' },
      { param: 2, connection: 1, oid: '1.3.6.1.4.1.64998.3.1.5.0' },
      { param: 3, connection: 1, oid: '1.3.6.1.2.1.1.1.0' },
      { param: 7, connection: 0, oid: '1.3.6.1.2.1.2.2.1.5.*', wildcardParam: 6, type: 'gauge32' },
      { param: 8, connection: 0, oid: '1.3.6.1.4.1.64998.3.1.5.0', type: 'octetstring', set: 'setWithWait', readParam: 2 },
    ]);
  });

  it('a getNext table listed by Type@id has columns without OIDs, key column first', () => {
    expect(spec?.snmp?.tables).toEqual([
      { param: 20, key: 'ports', connection: 0, oid: '1.3.6.1.2.1.2.2', method: 'getNext', columns: [{ param: 21, key: 'portsIndex' }, { param: 22, key: 'portsSpeed' }] },
    ]);
  });

  it('a composed trap OID; setBindings by binding OID, by position as HEX and as the binding OID', () => {
    expect(spec?.snmp?.traps).toEqual([
      {
        param: 30,
        key: 'events',
        connection: 0,
        oid: '1.3.6.1.4.1.64998.3.0.1',
        bindings: [{ binding: '1.3.6.1.4.1.64998.3.9.1', param: 31 }, { binding: 2, param: 32, as: 'hex' }, { binding: 3, param: 33, as: 'oid' }],
      },
    ]);
  });

  it('groups run their SNMP reads and tables (a write param is not polled), multipleGet flagged', () => {
    expect(spec?.polling?.groups).toEqual([
      { id: 1, key: 'legacyPoll', type: 'poll', items: [{ kind: 'param', id: 3 }, { kind: 'param', id: 2 }], multipleGet: true },
      { id: 2, key: 'ports', type: 'poll', items: [{ kind: 'param', id: 20 }] },
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual(['polling skips 1 group item(s) the driver cannot run: param 8 (Group 2)']);
  });

  it('the generated driver types reads, writes, rows and trap values and type-checks with TypeScript 6 and 7', async () => {
    const [file] = generate([{ file: 'agent-lab.xml', contents: good }]).files;
    const text = file?.contents ?? '';
    expect(text).toContain("export type AgentLabSnmpReads = Pick<AgentLabParams, 'uptime' | 'label' | 'sysDescr' | 'portSpeed'>;");
    expect(text).toContain("export type AgentLabSnmpWrites = Pick<AgentLabParams, 'labelSet'>;");
    expect(text).toContain('export interface AgentLabPortsRow {');
    expect(text).toContain('readonly events: { readonly eventText: string; readonly eventBytes: string; readonly eventOid: string };');
    expect(text).toContain("export class AgentLabDriver extends Driver<AgentLabParams, AgentLabConnection, never, 'main' | 'legacy'> {");
    const usage = [
      "import { AgentLabDriver } from './agent-lab.js';",
      "const driver = new AgentLabDriver({ connections: { main: { url: 'udp://127.0.0.1:1161', user: { name: 'u' } }, legacy: false } });",
      "export const rows: Promise<readonly { readonly portsIndex: string; readonly portsSpeed: number }[]> = driver.snmp.table('ports');",
      "export const speed: Promise<number> = driver.snmp.get('portSpeed');",
      '// @ts-expect-error a read param is not a write param',
      "void driver.snmp.set('label', 'x');",
      '// @ts-expect-error an HTTP/WebSocket option is not an SNMP connection option',
      "new AgentLabDriver({ connections: { main: { url: 'udp://x', reconnect: true }, legacy: false } });",
    ].join('\n');
    const files = new Map([[file?.name ?? '', text], ['usage.ts', usage]]);
    for (const compiler of Object.keys(compilers) as (keyof typeof compilers)[]) {
      expect(await typecheckFiles(`snmp-${compiler.replace(/\W/g, '')}`, files, compiler)).toEqual({ stdout: '', code: 0 });
    }
  }, 120_000);
});

// One line per construct, so each diagnostic's line is the construct's line.
const badLines = [
  '<Protocol xmlns="http://www.skyline.be/protocol">',
  '  <Name>Bad Agent</Name><Type>snmpv2</Type>',
  '  <Params>',
  '    <Param id="1"><Name>A</Name><Type>read</Type><SNMP><Enabled>true</Enabled><OID type="complete">1.3.6.x.1</OID></SNMP></Param>',
  '    <Param id="2"><Name>B</Name><Type>read</Type><SNMP><Enabled>true</Enabled><OID type="complete" id="99">1.3.6.*</OID></SNMP></Param>',
  '    <Param id="3" options="snmpSet"><Name>C</Name><Type>read</Type><SNMP><Enabled>true</Enabled><OID type="complete">1.3.6.1.2.0</OID><Type>Integer64</Type></SNMP></Param>',
  '    <Param id="10"><Name>T</Name><Type>array</Type><ArrayOptions index="0"><ColumnOption idx="0" pid="77"/></ArrayOptions><SNMP><Enabled>true</Enabled><OID type="complete" options="instance;multipleGetNext">1.3.6.1.4.9</OID></SNMP></Param>',
  '    <Param id="15"><Name>U</Name><Type>array</Type><ArrayOptions index="0"><ColumnOption idx="0" pid="16"/><ColumnOption idx="1" pid="17"/></ArrayOptions><SNMP><Enabled>true</Enabled><OID type="complete" options="multipleGetBulk">1.3.6.1.4.8</OID></SNMP></Param>',
  '    <Param id="16"><Name>U Col</Name><Type>read</Type><SNMP><Enabled>true</Enabled><OID type="complete">1.3.6.1.4.8.1.x</OID></SNMP></Param>',
  '    <Param id="17"><Name>U Rate</Name><Type>read</Type></Param>',
  '    <Param id="11"><Name>Stray</Name><Type>read</Type><SNMP><Enabled>true</Enabled><OID type="complete">1.3.6.1.4.9.1.2</OID></SNMP></Param>',
  '    <Param id="12"><Name>Star</Name><Type>read</Type><SNMP><Enabled>true</Enabled><OID type="complete">1.3.*.1</OID></SNMP></Param>',
  '    <Param id="13"><Name>Auto</Name><Type>read</Type><SNMP><Enabled>true</Enabled><OID type="auto"/></SNMP></Param>',
  '    <Param id="14"><Name>Trap</Name><Type>dummy</Type><SNMP><Enabled>true</Enabled><TrapOID type="wildcard" setBindings="1,88;x,2;allBindingInfo">1.3.6.1.6.*</TrapOID></SNMP></Param>',
  '  </Params>',
  '</Protocol>',
];

/** `line:col code` of the first `marker` on the line holding it (columns 1-based). */
function at(marker: string, code: string, nth = 0): string {
  const line = badLines.findIndex((text) => text.includes(marker));
  let column = -1;
  for (let i = 0; i <= nth; i++) column = (badLines[line] ?? '').indexOf(marker, column + 1);
  return `${line + 1}:${column + 1} ${code}`;
}

describe('SNMP diagnostics', () => {
  const result = generate([{ file: 'bad-agent.xml', contents: badLines.join('\n') }]);
  const where = (diagnostic: Diagnostic): string => `${diagnostic.line}:${diagnostic.column} ${diagnostic.code}`;

  it('each at its element or attribute, errors block output', () => {
    expect(result.ok).toBe(false);
    expect(result.files).toEqual([]);
    expect(result.diagnostics.map(where)).toEqual([
      at('<OID type="complete">1.3.6.x.1', 'PG0070'),
      at('id="99"', 'PG0024'),
      at('options="snmpSet"', 'PG0072'),
      at('<Type>Integer64', 'PG0073'),
      at('pid="77"', 'PG0024'),
      at('<Param id="15">', 'PG0050'),
      at('<OID type="complete">1.3.6.1.4.8.1.x', 'PG0070'),
      at('<OID type="complete">1.3.6.1.4.9.1.2', 'PG0071'),
      at('<OID type="complete">1.3.*.1', 'PG0070'),
      at('<OID type="auto"/>', 'PG0070'),
      at('setBindings=', 'PG0024'),
      at('setBindings=', 'PG0050'),
      at('setBindings=', 'PG0070'),
    ]);
  });

  it('says what is wrong', () => {
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'PG0070 param 1 OID: "1.3.6.x.1" is not an OID (dotted numbers, at most one *)',
      'PG0024 param 2 OID@id names param 99, which does not exist',
      'PG0072 param 3 is set over SNMP but its Type is read, not write: nothing sets it',
      'PG0073 param 3 SNMP/Type "Integer64" is not an SNMP type; values go out as integer (numbers) or octetstring (text)',
      'PG0024 table 10 ColumnOption@pid names param 77, which does not exist',
      'PG0050 table 15 columns 17 have no SNMP OID (QActions fill them in DataMiner): they are left out of its rows',
      'PG0070 param 16 OID: "1.3.6.1.4.8.1.x" is not an OID (dotted numbers, at most one *)',
      'PG0071 param 11 has a column OID of table 10, which does not list it (ArrayOptions, Type@id): it is left out of driver.snmp',
      'PG0070 param 12 OID "1.3.*.1" has a * but no @id naming the param that replaces it',
      'PG0070 param 13 OID: OID type "auto" needs Protocol/VendorOID (and DeviceOID)',
      'PG0024 param 14 setBindings names param 88, which does not exist',
      "PG0050 param 14 setBindings \"allBindingInfo\" not run (all bindings into one param, table cells): the trap's bindings are in `driver.snmp.onTrap`'s trap.bindings",
      'PG0070 param 14 setBindings "x,2": each entry is <position or OID>,<param id>[,HEX|OID]',
    ]);
  });
});
