// Constructs of the public SNMP connectors that broke against their own mock (issue 16 item 6), on XML of
// our own, end to end (generator → mock agent → driver over UDP on 127.0.0.1):
// - a getNext table with an empty OID (`<OID type="complete" options="instance"/>`) whose columns have
//   OIDs: GetNext has no table to walk, so it is read by its column OIDs (PG0050 says so);
// - write params at a column's OID with a wildcard (`<column>.*`, `OID@id` a param holding the row
//   instance): one `snmpSetAndGet` whose read twin is the column, one `snmpSet` of another name. The mock
//   serves those OIDs as the table's cells (never as scalars that shadow a cell) and a set changes that
//   row's cell; `setAndGet` reads back the write param's own OID (the cell), into the write param's key,
//   and leaves the column param alone.
import { afterEach, describe, expect, it } from 'vitest';
import { compileSpec } from '@protogen-dm/generator';
import { createMockDevice } from '@protogen-dm/mock';
import { Driver, type ProtocolSpec, type SnmpApi } from '@protogen-dm/runtime';
import { Cleanup } from '../runtime/helpers.js';

const text = (id: number, name: string, snmp = ''): string =>
  `<Param id="${id}"><Name>${name}</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete>${snmp}</Param>`;
const number = (id: number, name: string, role: string, snmp: string, attributes = ''): string =>
  `<Param id="${id}"${attributes}><Name>${name}</Name><Type>${role}</Type><Interprete><RawType>numeric text</RawType><Type>double</Type><LengthType>next param</LengthType></Interprete>${snmp}</Param>`;
const oid = (value: string, attributes = ''): string => `<SNMP><Enabled>true</Enabled><OID type="complete"${attributes}>${value}</OID><Type>integer</Type></SNMP>`;

const xml = `<Protocol xmlns="http://www.skyline.be/protocol">
  <Name>Port Lab</Name>
  <Version>1.0</Version>
  <Connections><Connection id="0" name="Main"><SnmpV2/></Connection></Connections>
  <Params>
    <Param id="10"><Name>Devices</Name><Type>array</Type><ArrayOptions index="0"><ColumnOption idx="0" pid="11" type="snmp"/><ColumnOption idx="1" pid="12" type="snmp"/></ArrayOptions>
      <SNMP><Enabled>true</Enabled><OID type="complete" options="instance"/></SNMP></Param>
    ${text(11, 'Devices Instance')}
    ${text(12, 'Devices Kind', '<SNMP><Enabled>true</Enabled><OID type="complete">1.3.6.1.4.1.64999.8.2.1.2</OID></SNMP>')}
    <Param id="20"><Name>Ports</Name><Type>array</Type><ArrayOptions index="0"><ColumnOption idx="0" pid="21" type="snmp"/><ColumnOption idx="1" pid="22" type="snmp"/><ColumnOption idx="2" pid="23" type="snmp"/></ArrayOptions>
      <SNMP><Enabled>true</Enabled><OID type="complete" options="instance;multipleGetNext">1.3.6.1.4.1.64999.9.2</OID></SNMP></Param>
    ${text(21, 'Ports Instance')}
    ${number(22, 'Ports Admin', 'read', oid('1.3.6.1.4.1.64999.9.2.1.3'))}
    ${number(23, 'Ports Mode', 'read', oid('1.3.6.1.4.1.64999.9.2.1.4'))}
    ${text(29, 'Selected Port')}
    ${number(32, 'Ports Admin', 'write', oid('1.3.6.1.4.1.64999.9.2.1.3.*', ' id="29"'), ' snmpSetAndGet="true"')}
    ${number(33, 'Ports Mode Set', 'write', oid('1.3.6.1.4.1.64999.9.2.1.4.*', ' id="29"'), ' options="snmpSet"')}
  </Params>
</Protocol>
`;

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

type Keys = Record<string, unknown>;
class PortLab extends Driver<Keys, 'main', never, 'main'> {
  declare readonly snmp: SnmpApi<Keys, Keys, Record<string, Keys>, object>;
}

function compiled(): ProtocolSpec {
  const { spec, diagnostics } = compileSpec({ file: 'port-lab.xml', contents: xml });
  if (spec === undefined) throw new Error(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return spec;
}

async function started(): Promise<{ mock: Awaited<ReturnType<typeof createMockDevice>>; driver: PortLab }> {
  const spec = compiled();
  const mock = cleanup.add(await createMockDevice(spec, { port: 0 }));
  const driver = cleanup.add(new (class extends PortLab {
    constructor() {
      super(spec, { connections: { main: { url: mock.url(0) } } });
    }
  })());
  // The wildcard param holds row 7's instance, a row the table also serves.
  driver.params.set('selectedPort', '7');
  mock.set({ selectedPort: '7' });
  mock.snmp.rows('ports', [{ portsInstance: '7', portsAdmin: 1, portsMode: 4 }, { portsInstance: '9', portsAdmin: 2, portsMode: 5 }]);
  await driver.connect();
  return { mock, driver };
}

describe('SNMP constructs of the public connectors, on our own XML', () => {
  it('a getNext table with an empty OID is read by its column OIDs, with a PG0050 at its OID', () => {
    const { spec, diagnostics } = compileSpec({ file: 'port-lab.xml', contents: xml });
    expect(spec?.snmp?.tables[0]).toEqual({
      param: 10,
      key: 'devices',
      connection: 0,
      oid: '1.3.6.1.4.1.64999.8.2',
      method: 'multipleGetNext',
      columns: [
        { param: 11, key: 'devicesInstance', instance: true },
        { param: 12, key: 'devicesKind', oid: '1.3.6.1.4.1.64999.8.2.1.2' },
      ],
    });
    const info = diagnostics.filter((d) => d.code === 'PG0050');
    expect(info.map((d) => [d.line, d.message])).toEqual([[7, 'table 10 has an empty OID, so GetNext has no table to walk: its columns are read by their own OIDs (multipleGetNext)']]);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('reads that table from the mock: its rows, the instance first', async () => {
    const { mock, driver } = await started();
    mock.snmp.rows('devices', [{ devicesInstance: '3', devicesKind: 'disk' }, { devicesInstance: '5.1', devicesKind: 'fan' }]);
    expect(await driver.snmp.table('devices')).toEqual([
      { devicesInstance: '3', devicesKind: 'disk' },
      { devicesInstance: '5.1', devicesKind: 'fan' },
    ]);
    expect(mock.snmp.received().map((pdu) => [pdu.type, pdu.oids])).toEqual([
      ['getNext', ['1.3.6.1.4.1.64999.8.2.1.2']],
      ['getNext', ['1.3.6.1.4.1.64999.8.2.1.2.3']],
      ['getNext', ['1.3.6.1.4.1.64999.8.2.1.2.5.1']],
    ]);
  });

  it('a write param at <column>.* does not shadow the cell of the row its wildcard names', async () => {
    const { driver } = await started();
    expect(await driver.snmp.table('ports')).toEqual([
      { portsInstance: '7', portsAdmin: 1, portsMode: 4 },
      { portsInstance: '9', portsAdmin: 2, portsMode: 5 },
    ]);
  });

  it('snmpSetAndGet into a column sets the cell, reads back its own OID into its own key, and leaves the column param alone', async () => {
    const { mock, driver } = await started();
    const changes: [string, unknown][] = [];
    driver.params.on('portsAdmin', (value) => changes.push(['portsAdmin', value]));
    await driver.snmp.set(portsAdminKey(), 3);
    expect(mock.snmp.received().map((pdu) => [pdu.type, pdu.oids])).toEqual([
      ['set', ['1.3.6.1.4.1.64999.9.2.1.3.7']],
      ['get', ['1.3.6.1.4.1.64999.9.2.1.3.7']],
    ]);
    expect(driver.params.get(portsAdminKey())).toBe(3);
    expect(changes).toEqual([]);
    // The mock changed row 7's cell only.
    expect(await driver.snmp.table('ports')).toEqual([
      { portsInstance: '7', portsAdmin: 3, portsMode: 4 },
      { portsInstance: '9', portsAdmin: 2, portsMode: 5 },
    ]);
  });

  it('snmpSet at <column>.* sets the cell of the row its wildcard names; a row the agent lacks is refused', async () => {
    const { mock, driver } = await started();
    await driver.snmp.set('portsModeSet', 6);
    expect(mock.snmp.received().map((pdu) => [pdu.type, pdu.oids])).toEqual([['set', ['1.3.6.1.4.1.64999.9.2.1.4.7']]]);
    expect((await driver.snmp.table('ports')).map((row) => row['portsMode'])).toEqual([6, 5]);
    driver.params.set('selectedPort', '8');
    await expect(driver.snmp.set('portsModeSet', 6)).rejects.toMatchObject({ name: 'SnmpError', status: 'notWritable' });
  });
});

/** The write param of `Ports Admin` (the read twin's name); its key is the generator's. */
function portsAdminKey(): string {
  const key = compiled().params.find((param) => param.id === 32)?.key;
  if (key === undefined) throw new Error('param 32 is not in the spec');
  return key;
}
