// An SNMP connection has the lifecycle of every kind: `false` leaves it out, a dynamic-ip write moves
// the next call to another agent, and a protocol without SNMP says so.
import snmp from 'net-snmp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionClosedError, Driver, type ProtocolSpec } from '@protogen-dm/runtime';
import { startAgent, type TestAgent } from './agent.js';
import { OID, UpsDriver, upsSpec } from './specs.js';

let first: TestAgent;
let second: TestAgent;
const drivers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  first = await startAgent([{ name: 'sysName', oid: OID.sysName, type: snmp.ObjectType.OctetString, value: 'first' }]);
  second = await startAgent([{ name: 'sysName', oid: OID.sysName, type: snmp.ObjectType.OctetString, value: 'second' }]);
});
afterAll(async () => {
  await first.close();
  await second.close();
});
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((driver) => driver.close()));
});

describe('SNMP connection lifecycle', () => {
  it('false leaves it out: closed, and its calls reject with ConnectionClosedError', async () => {
    const ups = new UpsDriver({ connections: { snmp: false } });
    drivers.push(ups);
    await ups.connect();
    expect(ups.state('snmp')).toBe('closed');
    const error = await ups.snmp.get('systemName').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toBe("Connection 'snmp' is left out (options.connections.snmp is false): 'systemName' cannot run");
  });

  it('close() during connect() wins for good: the overtaken open never enters open and gives back its trap socket', async () => {
    const ups = new UpsDriver({ connections: { snmp: { url: first.url, trapPort: 0 } } });
    drivers.push(ups);
    const states: string[] = [];
    ups.on('state', (_key, state) => states.push(state));
    const overtaken = ups.connect();
    await ups.close();
    await overtaken;
    expect(ups.state('snmp')).toBe('closed');
    expect(states).toEqual(['connecting', 'closed']);
    expect(ups.snmp.trapPort('snmp')).toBeUndefined();
  });

  it('close() during connect() wins, and a connect() after it opens afresh', async () => {
    const ups = new UpsDriver({ connections: { snmp: { url: first.url, trapPort: 0 } } });
    drivers.push(ups);
    const overtaken = ups.connect();
    await ups.close();
    expect(ups.state('snmp')).toBe('closed');
    // While the overtaken open is still loading.
    const again = ups.connect();
    await overtaken;
    await again;
    expect(ups.state('snmp')).toBe('open');
    expect(ups.snmp.trapPort('snmp')).toBeGreaterThan(0);
    expect(await ups.snmp.get('systemName')).toBe('first');
  });

  it('a write of the dynamic-ip param moves the next call to that agent', async () => {
    const base = upsSpec();
    const spec: ProtocolSpec = {
      ...base,
      connections: base.connections.map((connection) => ({ ...connection, dynamicIpParam: 7 })),
      params: [...base.params, { id: 7, key: 'pollingIp', role: 'read', value: 'string', raw: 'other', lengthType: 'next param' }],
    };
    const ups = new UpsDriver({ connections: { snmp: { url: first.url } } }, spec);
    drivers.push(ups);
    await ups.connect();
    expect(await ups.snmp.get('systemName')).toBe('first');
    (ups.params as unknown as { set(key: string, value: string): void }).set('pollingIp', `127.0.0.1:${second.port}`);
    expect(await ups.snmp.get('systemName')).toBe('second');
  });

  it('a protocol without SNMP rejects driver.snmp calls with a clear error', async () => {
    class Plain extends Driver<object, 'main'> {}
    const spec: ProtocolSpec = { name: 'Plain', version: '1', connections: [{ id: 0, key: 'main', name: 'Main' }], params: [], commands: [], responses: [], pairs: [] };
    const plain = new (Plain as unknown as new (spec: ProtocolSpec, options: object) => Plain)(spec, { connections: { main: false } });
    drivers.push(plain);
    await expect((plain.snmp as unknown as { get(key: string): Promise<unknown> }).get('anything')).rejects.toThrow('This protocol has no SNMP connection');
  });
});
