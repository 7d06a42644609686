// The Rack UPS driver (generated/rack-ups.ts, from protocol.xml beside this file): its SNMP API as types
// (`npm run typecheck` checks this file, so every @ts-expect-error below must be a real error) and its
// protocol as data. Reading it against the SNMP mock agent is added with the SNMP runtime and mock.
import { describe, expect, expectTypeOf, it } from 'vitest';
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
