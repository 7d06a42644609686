// The Rack UPS driver (generated/rack-ups.ts, from protocol.xml beside this file): its SNMP API as types
// (`npm run typecheck` checks this file, so every @ts-expect-error below must be a real error) and its
// protocol as data; then the driver against the SNMP mock agent built from the same XML (real UDP on
// 127.0.0.1): one PDU for a multipleGet group, the table by GetBulk, a set read back, a trap.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createMockDevice } from '@protogen-dm/mock';
import type { SnmpApi, SnmpConnectionOptions, SnmpTrap } from '@protogen-dm/runtime';
import {
  BatteryStatus,
  OutletsState,
  RackUPSDriver,
  rackUPSProtocol,
  type RackUPSConnection,
  type RackUPSOutletsRow,
  type RackUPSSnmpReads,
  type RackUPSSnmpTables,
  type RackUPSSnmpTraps,
  type RackUPSSnmpWrites,
} from '../../generated/rack-ups.js';

/** Never called: it exists to be type-checked (calls typed from their arguments). */
export function typedCalls(driver: RackUPSDriver): void {
  expectTypeOf(driver.snmp.get('batteryStatus')).resolves.toEqualTypeOf<BatteryStatus>();
  expectTypeOf(driver.snmp.getMany(['systemName', 'batteryCharge'])).resolves.toEqualTypeOf<Pick<RackUPSSnmpReads, 'systemName' | 'batteryCharge'>>();
  expectTypeOf(driver.snmp.table('outlets')).resolves.toEqualTypeOf<readonly RackUPSOutletsRow[]>();
  driver.snmp.onTrap('alarmTrap', (trap) => expectTypeOf(trap).toEqualTypeOf<SnmpTrap<{ readonly lastAlarmCode: number; readonly lastAlarmText: string }>>());
}

/** Never called: it exists to be type-checked. */
export function misuse(driver: RackUPSDriver): unknown[] {
  return [
    // @ts-expect-error systemName is read-only: only systemNameSet is a write param
    driver.snmp.set('systemName', 'rack-7'),
    // @ts-expect-error systemNameSet takes text
    driver.snmp.set('systemNameSet', 7),
    // @ts-expect-error 4 is not a BatteryStatus value
    ((status: BatteryStatus) => status)(4),
    // @ts-expect-error an array param is read with table(), not get()
    driver.snmp.get('outlets'),
    // @ts-expect-error no such table
    driver.snmp.table('inlets'),
    // @ts-expect-error lastAlarmCode is a number
    driver.snmp.onTrap('alarmTrap', (trap) => trap.values.lastAlarmCode?.toUpperCase()),
    // @ts-expect-error the SNMP connection takes SnmpConnectionOptions, which have no reconnect
    new RackUPSDriver({ connections: { snmpConnection: { url: 'udp://127.0.0.1:161', reconnect: true } } }),
  ];
}

describe('Rack UPS: the generated SNMP API', () => {
  it('reads and writes by key, typed like the params', () => {
    expectTypeOf<keyof RackUPSSnmpReads>().toEqualTypeOf<'systemDescription' | 'systemUptime' | 'systemName' | 'batteryCharge' | 'batteryStatus' | 'outputEnergy'>();
    expectTypeOf<RackUPSSnmpReads['batteryStatus']>().toEqualTypeOf<BatteryStatus>();
    expectTypeOf<RackUPSSnmpReads['outputEnergy']>().toEqualTypeOf<number>();
    expectTypeOf<RackUPSSnmpWrites>().toEqualTypeOf<{ systemNameSet: string }>();
    expectTypeOf<RackUPSDriver['snmp']>().toEqualTypeOf<SnmpApi<RackUPSSnmpReads, RackUPSSnmpWrites, RackUPSSnmpTables, RackUPSSnmpTraps>>();
  });

  it('one row type per table, the key column first; trap values typed by the params their bindings set', () => {
    expectTypeOf<RackUPSOutletsRow>().toEqualTypeOf<{ readonly outletsInstance: string; readonly outletsName: string; readonly outletsState: OutletsState; readonly outletsLoad: number }>();
    expectTypeOf<RackUPSSnmpTables>().toEqualTypeOf<{ readonly outlets: RackUPSOutletsRow }>();
    expectTypeOf<Parameters<RackUPSDriver['snmp']['table']>[0]>().toEqualTypeOf<'outlets'>();
    expectTypeOf<RackUPSSnmpTraps['alarmTrap']>().toEqualTypeOf<{ readonly lastAlarmCode: number; readonly lastAlarmText: string }>();
  });

  it('the SNMP connection has a key and takes SnmpConnectionOptions or false', () => {
    expectTypeOf<RackUPSConnection>().toEqualTypeOf<'snmpConnection'>();
    expectTypeOf<ConstructorParameters<typeof RackUPSDriver>[0]['connections']['snmpConnection']>().toEqualTypeOf<SnmpConnectionOptions | false>();
    expect(rackUPSProtocol.connections).toEqual([
      { id: 0, key: 'snmpConnection', name: 'SNMP Connection', kind: 'snmp', snmp: { version: 'v2c' }, timeoutMs: 1500, retries: 2, port: 161 },
    ]);
  });

  it('the protocol as data: composed OIDs under VendorOID.DeviceOID, the set-and-get param, the bulk table, the wildcard trap', () => {
    const snmp = rackUPSProtocol.snmp;
    expect(snmp?.params.map((param) => [param.param, param.oid, param.type])).toEqual([
      [100, '1.3.6.1.2.1.1.1.0', 'octetstring'],
      [101, '1.3.6.1.2.1.1.3.0', 'timeticks'],
      [102, '1.3.6.1.2.1.1.5.0', 'octetstring'],
      [103, '1.3.6.1.2.1.1.5.0', 'octetstring'],
      [110, '1.3.6.1.4.1.64999.7.1.1.0', 'gauge32'],
      [111, '1.3.6.1.4.1.64999.7.1.2.0', 'integer'],
      [112, '1.3.6.1.4.1.64999.7.1.3.0', 'counter64'],
    ]);
    expect(snmp?.params.find((param) => param.param === 103)).toMatchObject({ set: 'setAndGet', readParam: 102 });
    expect(snmp?.tables).toEqual([
      {
        param: 1000,
        key: 'outlets',
        connection: 0,
        oid: '1.3.6.1.4.1.64999.7.2',
        method: 'multipleGetBulk',
        bulk: 10,
        columns: [
          { param: 1001, key: 'outletsInstance', instance: true },
          { param: 1002, key: 'outletsName', oid: '1.3.6.1.4.1.64999.7.2.1.2' },
          { param: 1003, key: 'outletsState', oid: '1.3.6.1.4.1.64999.7.2.1.3' },
          { param: 1004, key: 'outletsLoad', oid: '1.3.6.1.4.1.64999.7.2.1.4' },
        ],
      },
    ]);
    expect(snmp?.traps).toEqual([{ param: 210, key: 'alarmTrap', connection: 0, oid: '1.3.6.1.4.1.64999.7.0.*', bindings: [{ binding: 1, param: 200 }, { binding: 2, param: 201 }] }]);
    expect(rackUPSProtocol.polling?.groups.map((group) => [group.key, group.items.map((item) => item.id), group.multipleGet])).toEqual([
      ['identity', [100, 101, 102, 110, 111, 112], true],
      ['outlets', [1000], undefined],
    ]);
  });
});

describe('Rack UPS against its SNMP mock agent', () => {
  async function started() {
    const mock = await createMockDevice(rackUPSProtocol, { port: 0 });
    mock.set({ systemDescription: 'UPS 3000 rev B', systemUptime: 123456, systemName: 'rack-7', batteryCharge: 87, batteryStatus: BatteryStatus.Low, outputEnergy: 9_876_543 });
    const driver = new RackUPSDriver({ connections: { snmpConnection: { url: mock.url('snmpConnection'), trapPort: 0 } } });
    await driver.connect();
    return { mock, driver };
  }

  it('reads one param, several in one PDU, and the Identity group through polling in one PDU', async () => {
    const { mock, driver } = await started();
    await using _mock = mock;
    await using _driver = driver;
    expect(await driver.snmp.get('batteryStatus')).toBe(BatteryStatus.Low);
    expect(await driver.snmp.getMany(['systemDescription', 'batteryCharge', 'outputEnergy'])).toEqual({ systemDescription: 'UPS 3000 rev B', batteryCharge: 87, outputEnergy: 9_876_543 });
    expect(driver.params.get('systemDescription')).toBe('UPS 3000 rev B');
    await driver.polling.runGroup('identity');
    const pdus = mock.snmp.received().map((pdu) => `${pdu.type} ${pdu.oids.length}`);
    // get(), getMany() of three, then the group's six scalars together.
    expect(pdus).toEqual(['get 1', 'get 3', 'get 6']);
    expect(driver.params.get('systemUptime')).toBe(123456);
  });

  it('reads the outlet table by GetBulk, rows typed, the instance first', async () => {
    const { mock, driver } = await started();
    await using _mock = mock;
    await using _driver = driver;
    mock.snmp.rows('outlets', [
      { outletsInstance: '1', outletsName: 'PDU A', outletsState: OutletsState.On, outletsLoad: 120 },
      { outletsInstance: '2', outletsName: 'PDU B', outletsState: OutletsState.Off, outletsLoad: 0 },
    ]);
    const rows = await driver.snmp.table('outlets');
    expect(rows).toEqual([
      { outletsInstance: '1', outletsName: 'PDU A', outletsState: OutletsState.On, outletsLoad: 120 },
      { outletsInstance: '2', outletsName: 'PDU B', outletsState: OutletsState.Off, outletsLoad: 0 },
    ]);
    const kinds = new Set(mock.snmp.received().map((pdu) => pdu.type));
    expect([...kinds]).toEqual(['getBulk']);
  });

  it('sets the system name and reads it back (snmpSetAndGet); the mock holds the new value', async () => {
    const { mock, driver } = await started();
    await using _mock = mock;
    await using _driver = driver;
    await driver.snmp.set('systemNameSet', 'rack-8');
    expect(mock.snmp.received().map((pdu) => pdu.type)).toEqual(['set', 'get']);
    expect(driver.params.get('systemName')).toBe('rack-8');
    expect(await driver.snmp.get('systemName')).toBe('rack-8');
  });

  it('a trap from the agent arrives typed and sets the params its bindings name', async () => {
    const { mock, driver } = await started();
    await using _mock = mock;
    await using _driver = driver;
    const trap = new Promise<SnmpTrap<{ readonly lastAlarmCode: number; readonly lastAlarmText: string }>>((resolve) => driver.snmp.onTrap('alarmTrap', resolve));
    await mock.snmp.sendTrap('alarmTrap', { lastAlarmCode: 42, lastAlarmText: 'on battery' }, { target: `127.0.0.1:${driver.snmp.trapPort('snmpConnection')}` });
    const received = await trap;
    expect(received.oid).toMatch(/^1\.3\.6\.1\.4\.1\.64999\.7\.0\./);
    expect(received.values).toEqual({ lastAlarmCode: 42, lastAlarmText: 'on battery' });
    expect(driver.params.get('lastAlarmCode')).toBe(42);
  });
});
