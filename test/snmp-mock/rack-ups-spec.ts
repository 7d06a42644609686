/**
 * A hand-written ProtocolSpec in the shape of samples/snmp-device/protocol.xml (runtime/src/snmp/spec.ts),
 * plus a wildcard scalar: the generator does not write `ProtocolSpec.snmp` yet.
 */
import type { ParamSpec, ProtocolSpec } from '@protogen-dm/runtime';

const UPS = '1.3.6.1.4.1.64999.7';
export const OUTLETS = `${UPS}.2`;
export const PORT_SPEED = `${UPS}.3`;
export const TRAP = `${UPS}.0`;

function param(id: number, key: string, value: 'string' | 'number', extra: Partial<ParamSpec> = {}): ParamSpec {
  return { id, key, role: 'read', value, raw: value === 'number' ? 'numeric text' : 'other', lengthType: 'next param', ...extra };
}

export const rackUpsSpec: ProtocolSpec = {
  name: 'Rack UPS',
  version: '1.0.0.1',
  connections: [{ id: 0, key: 'snmpConnection', name: 'SNMP Connection', kind: 'snmp', snmp: { version: 'v2c' }, timeoutMs: 1500, retries: 2 }],
  params: [
    param(100, 'systemDescription', 'string'),
    param(101, 'systemUptime', 'number'),
    param(102, 'systemName', 'string'),
    param(103, 'systemNameSet', 'string', { role: 'write' }),
    param(110, 'batteryCharge', 'number', { low: 0, high: 100 }),
    param(111, 'batteryStatus', 'number', { discretes: [1, 2, 3] }),
    param(112, 'outputEnergy', 'number'),
    param(113, 'chargeLimit', 'number', { low: 0, high: 100, defaultValue: 90 }),
    param(114, 'chargeLimitSet', 'number', { role: 'write', low: 0, high: 100 }),
    param(120, 'portSpeed', 'number'),
    param(121, 'portIndex', 'number', { defaultValue: 5 }),
    param(1000, 'outlets', 'string'),
    param(1001, 'outletsInstance', 'string'),
    param(1002, 'outletsName', 'string'),
    param(1003, 'outletsState', 'number', { discretes: [0, 1] }),
    param(1004, 'outletsLoad', 'number'),
    param(200, 'lastAlarmCode', 'number'),
    param(201, 'lastAlarmText', 'string'),
    param(210, 'alarmTrap', 'string', { role: 'dummy' }),
  ],
  commands: [],
  responses: [],
  pairs: [],
  snmp: {
    params: [
      { param: 100, connection: 0, oid: '1.3.6.1.2.1.1.1.0', type: 'octetstring' },
      { param: 101, connection: 0, oid: '1.3.6.1.2.1.1.3.0', type: 'timeticks' },
      { param: 102, connection: 0, oid: '1.3.6.1.2.1.1.5.0', type: 'octetstring' },
      { param: 103, connection: 0, oid: '1.3.6.1.2.1.1.5.0', type: 'octetstring', set: 'setAndGet', readParam: 102 },
      { param: 110, connection: 0, oid: `${UPS}.1.1.0`, type: 'gauge32' },
      { param: 111, connection: 0, oid: `${UPS}.1.2.0`, type: 'integer' },
      { param: 112, connection: 0, oid: `${UPS}.1.3.0`, type: 'counter64' },
      { param: 113, connection: 0, oid: `${UPS}.1.4.0`, type: 'integer' },
      { param: 114, connection: 0, oid: `${UPS}.1.4.0`, type: 'integer', set: 'set', readParam: 113 },
      { param: 120, connection: 0, oid: `${PORT_SPEED}.*`, wildcardParam: 121, type: 'gauge32' },
    ],
    tables: [
      {
        param: 1000,
        key: 'outlets',
        connection: 0,
        oid: OUTLETS,
        method: 'multipleGetBulk',
        bulk: 10,
        columns: [
          { param: 1001, key: 'outletsInstance', instance: true },
          { param: 1002, key: 'outletsName', oid: `${OUTLETS}.1.2` },
          { param: 1003, key: 'outletsState', oid: `${OUTLETS}.1.3` },
          { param: 1004, key: 'outletsLoad', oid: `${OUTLETS}.1.4` },
        ],
      },
    ],
    traps: [
      {
        param: 210,
        key: 'alarmTrap',
        connection: 0,
        oid: `${TRAP}.*`,
        bindings: [
          { binding: 1, param: 200 },
          { binding: 2, param: 201 },
        ],
      },
    ],
  },
};
