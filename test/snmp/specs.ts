/**
 * A hand-written SNMP protocol spec (what the generator would write for a small UPS) and the driver
 * class a generator would emit for it, narrowed as the design note says.
 */
import { Driver, type DriverOptions, type ParamSpec, type ProtocolSpec, type SnmpApi, type SnmpTableMethod, type SnmpVersion } from '@protogen-dm/runtime';

export const OID = {
  sysDescr: '1.3.6.1.2.1.1.1',
  sysUpTime: '1.3.6.1.2.1.1.3',
  sysName: '1.3.6.1.2.1.1.5',
  missing: '1.3.6.1.4.1.55555.9.9',
  outlets: '1.3.6.1.4.1.55555.1.2',
  alarmTrap: '1.3.6.1.4.1.55555.0',
  alarmText: '1.3.6.1.4.1.55555.2.2.0',
} as const;

export interface UpsParams {
  systemDescription: string;
  systemUptime: number;
  systemName: string;
  systemNameSet: string;
  missingValue: number;
  connectionStatus: number;
  outletsInstance: string;
  outletsName: string;
  outletsState: number;
  outletsLoad: number;
  alarmTrap: string;
  lastAlarmCode: number;
  lastAlarmText: string;
  lastAlarmBytes: string;
}

export type UpsReads = Pick<UpsParams, 'systemDescription' | 'systemUptime' | 'systemName' | 'missingValue'>;
export type UpsWrites = Pick<UpsParams, 'systemNameSet'>;
export interface UpsOutletsRow {
  readonly outletsInstance: string;
  readonly outletsName: string;
  readonly outletsState: number;
  readonly outletsLoad: number;
}
export interface UpsTables {
  readonly outlets: UpsOutletsRow;
}
export interface UpsTraps {
  readonly alarmTrap: { readonly lastAlarmCode: number; readonly lastAlarmText: string; readonly lastAlarmBytes: string };
}

const param = (id: number, key: keyof UpsParams, value: 'string' | 'number', role: ParamSpec['role'] = 'read'): ParamSpec => ({ id, key, role, value, raw: 'other', lengthType: 'next param' });

export interface UpsSpecOptions {
  readonly version?: SnmpVersion;
  readonly method?: SnmpTableMethod;
  readonly bulk?: number;
  readonly set?: 'set' | 'setWithWait' | 'setAndGet';
  /** The OID `systemNameSet` sets (default sysName.0). */
  readonly setOid?: string;
}

export function upsSpec(options: UpsSpecOptions = {}): ProtocolSpec {
  const method = options.method ?? 'multipleGetBulk';
  const column = (number: number): string | undefined => (method === 'getNext' ? undefined : `${OID.outlets}.1.${number}`);
  return {
    name: 'UPS',
    version: '1.0.0.1',
    connections: [{ id: 0, key: 'snmp', name: 'SNMP', kind: 'snmp', snmp: { version: options.version ?? 'v2c' }, statusParam: 6, timeoutMs: 1500, retries: 1 }],
    params: [
      param(1, 'systemDescription', 'string'),
      param(2, 'systemUptime', 'number'),
      param(3, 'systemName', 'string'),
      param(4, 'systemNameSet', 'string', 'write'),
      param(5, 'missingValue', 'number'),
      param(6, 'connectionStatus', 'number'),
      param(1001, 'outletsInstance', 'string'),
      param(1002, 'outletsName', 'string'),
      param(1003, 'outletsState', 'number'),
      param(1004, 'outletsLoad', 'number'),
      param(2000, 'alarmTrap', 'string'),
      param(2001, 'lastAlarmCode', 'number'),
      param(2002, 'lastAlarmText', 'string'),
      param(2003, 'lastAlarmBytes', 'string'),
    ],
    commands: [],
    responses: [],
    pairs: [],
    snmp: {
      params: [
        { param: 1, connection: 0, oid: `${OID.sysDescr}.0` },
        { param: 2, connection: 0, oid: `${OID.sysUpTime}.0`, type: 'timeticks' },
        { param: 3, connection: 0, oid: `${OID.sysName}.0` },
        { param: 4, connection: 0, oid: options.setOid ?? `${OID.sysName}.0`, set: options.set ?? 'setAndGet', readParam: 3 },
        { param: 5, connection: 0, oid: `${OID.missing}.0` },
      ],
      tables: [
        {
          param: 1000,
          key: 'outlets',
          connection: 0,
          oid: OID.outlets,
          method,
          ...(options.bulk === undefined ? {} : { bulk: options.bulk }),
          columns: [
            { param: 1001, key: 'outletsInstance', instance: true },
            { param: 1002, key: 'outletsName', ...opt(column(2)) },
            { param: 1003, key: 'outletsState', ...opt(column(3)) },
            { param: 1004, key: 'outletsLoad', ...opt(column(4)) },
          ],
        },
      ],
      traps: [
        {
          param: 2000,
          key: 'alarmTrap',
          connection: 0,
          oid: `${OID.alarmTrap}.*`,
          bindings: [
            { binding: 1, param: 2001 },
            { binding: OID.alarmText, param: 2002 },
            { binding: 3, param: 2003, as: 'hex' },
          ],
        },
      ],
    },
  };
}

function opt(oid: string | undefined): { oid?: string } {
  return oid === undefined ? {} : { oid };
}

export class UpsDriver extends Driver<UpsParams, 'snmp', never, 'snmp'> {
  declare readonly snmp: SnmpApi<UpsReads, UpsWrites, UpsTables, UpsTraps>;
  constructor(options: DriverOptions<'snmp', never, 'snmp'>, spec: ProtocolSpec = upsSpec()) {
    super(spec, options);
  }
}
