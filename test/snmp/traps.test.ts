// Traps sent by real net-snmp sessions (trap and inform, v2c and v3 authPriv) to the driver's trap
// port: typed binding values by position and by OID (and as hex), params updated, the TrapOID
// wildcard, traps from another source address ignored.
import snmp from 'net-snmp';
import { afterEach, describe, expect, it } from 'vitest';
import type { SnmpTrap } from '@protogen-dm/runtime';
import { V3_USER } from './agent.js';
import { OID, UpsDriver, upsSpec, type UpsTraps } from './specs.js';

const drivers: UpsDriver[] = [];
const sessions: snmp.Session[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.close();
  await Promise.all(drivers.splice(0).map((driver) => driver.close()));
});

const bindings = (code: number, text: string): snmp.Varbind[] => [
  { oid: '1.3.6.1.4.1.55555.2.1.0', type: snmp.ObjectType.Integer, value: code },
  { oid: OID.alarmText, type: snmp.ObjectType.OctetString, value: text },
  { oid: '1.3.6.1.4.1.55555.2.3.0', type: snmp.ObjectType.OctetString, value: Buffer.from([0x01, 0xff, 0x41]) },
];

async function listening(version: 'v2c' | 'v3' = 'v2c'): Promise<{ ups: UpsDriver; port: number; traps: SnmpTrap<UpsTraps['alarmTrap']>[]; next: () => Promise<SnmpTrap<UpsTraps['alarmTrap']>> }> {
  const user = { name: V3_USER.name, authProtocol: 'sha256', authKey: V3_USER.authKey, privProtocol: 'aes', privKey: V3_USER.privKey } as const;
  // The agent address is 127.0.0.1 (nothing answers there: traps need no agent).
  const ups = new UpsDriver({ connections: { snmp: { url: 'udp://127.0.0.1:1', trapPort: 0, ...(version === 'v3' ? { user } : {}) } } }, upsSpec({ version }));
  drivers.push(ups);
  await ups.connect();
  const traps: SnmpTrap<UpsTraps['alarmTrap']>[] = [];
  const waiting: ((trap: SnmpTrap<UpsTraps['alarmTrap']>) => void)[] = [];
  ups.snmp.onTrap('alarmTrap', (trap) => {
    traps.push(trap);
    waiting.shift()?.(trap);
  });
  const port = ups.snmp.trapPort('snmp');
  expect(port).toBeGreaterThan(0);
  return { ups, port: port as number, traps, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

function sender(port: number, source = '127.0.0.1', version: 'v2c' | 'v3' = 'v2c'): snmp.Session {
  const options = { trapPort: port, sourceAddress: source, version: version === 'v3' ? snmp.Version3 : snmp.Version2c };
  const session = version === 'v3' ? snmp.createV3Session('127.0.0.1', V3_USER, { ...options, version: snmp.Version3 }) : snmp.createSession('127.0.0.1', 'public', { ...options, version: snmp.Version2c });
  sessions.push(session);
  return session;
}

const send = (session: snmp.Session, oid: string, varbinds: snmp.Varbind[]): Promise<void> =>
  new Promise((resolve, reject) => session.trap(oid, varbinds, (error) => (error ? reject(error) : resolve())));

describe('SNMP traps', () => {
  it('a v2c trap that matches the wildcard: typed values by position, by OID and as hex; params updated', async () => {
    const { ups, port, next } = await listening();
    const arrived = next();
    await send(sender(port), `${OID.alarmTrap}.7`, bindings(42, 'Overload'));
    const trap = await arrived;
    expect(trap.oid).toBe(`${OID.alarmTrap}.7`);
    expect(trap.source).toBe('127.0.0.1');
    expect(trap.values).toEqual({ lastAlarmCode: 42, lastAlarmText: 'Overload', lastAlarmBytes: '01ff41' });
    expect(trap.bindings.map((binding) => binding.value)).toEqual([42, 'Overload', '01ff41']);
    expect(ups.params.get('lastAlarmCode')).toBe(42);
    expect(ups.params.get('lastAlarmText')).toBe('Overload');
  });

  it('ignores a trap whose OID the wildcard does not match, and one from another address', async () => {
    const { port, traps, next } = await listening();
    const arrived = next();
    await send(sender(port), '1.3.6.1.4.1.99999.0.1', bindings(1, 'other trap'));
    // 127.0.0.2 is loopback too, but not the connection's host.
    await send(sender(port, '127.0.0.2'), `${OID.alarmTrap}.1`, bindings(2, 'other host'));
    await send(sender(port), `${OID.alarmTrap}.3`, bindings(3, 'ours'));
    expect((await arrived).values.lastAlarmText).toBe('ours');
    expect(traps).toHaveLength(1);
  });

  it('an inform is acknowledged and delivered', async () => {
    const { port, next } = await listening();
    const arrived = next();
    const session = sender(port);
    await new Promise<void>((resolve, reject) => session.inform(`${OID.alarmTrap}.9`, bindings(9, 'informed'), (error) => (error ? reject(error) : resolve())));
    expect((await arrived).values).toMatchObject({ lastAlarmCode: 9, lastAlarmText: 'informed' });
  });

  it('a v3 authPriv trap from the connection\'s user', async () => {
    const { port, next } = await listening('v3');
    const arrived = next();
    await send(sender(port, '127.0.0.1', 'v3'), `${OID.alarmTrap}.5`, bindings(5, 'secure'));
    expect((await arrived).values).toEqual({ lastAlarmCode: 5, lastAlarmText: 'secure', lastAlarmBytes: '01ff41' });
  });

  it('stops listening on close(): the port is free again', async () => {
    const { ups, port } = await listening();
    await ups.close();
    expect(ups.snmp.trapPort('snmp')).toBeUndefined();
    const again = new UpsDriver({ connections: { snmp: { url: 'udp://127.0.0.1:1', trapPort: port } } }, upsSpec());
    drivers.push(again);
    await again.connect();
    expect(again.snmp.trapPort('snmp')).toBe(port);
  });
});
