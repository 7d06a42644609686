// Scalar reads against a real net-snmp agent on 127.0.0.1: one param, several in one PDU (asserted on
// the agent's side), v2c's per-varbind noSuchObject, v1's all-or-nothing noSuchName, v3 authPriv.
import { createCipheriv } from 'node:crypto';
import snmp from 'net-snmp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PairTimeoutError, SnmpError } from '@protogen-dm/runtime';
import { startAgent, V3_USER, V3_USERS, type TestAgent } from './agent.js';
import { OID, UpsDriver, upsSpec } from './specs.js';

let agent: TestAgent;
const drivers: UpsDriver[] = [];

beforeAll(async () => {
  agent = await startAgent([
    { name: 'sysDescr', oid: OID.sysDescr, type: snmp.ObjectType.OctetString, value: 'Rack UPS 3000' },
    { name: 'sysUpTime', oid: OID.sysUpTime, type: snmp.ObjectType.TimeTicks, value: 123456 },
    { name: 'sysName', oid: OID.sysName, type: snmp.ObjectType.OctetString, value: 'ups-01', writable: true },
  ]);
});
afterAll(() => agent.close());
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((driver) => driver.close()));
  agent.seen.length = 0;
});

function driver(version: 'v1' | 'v2c' | 'v3' = 'v2c'): UpsDriver {
  const created = new UpsDriver(
    { connections: { snmp: { url: agent.url, ...(version === 'v3' ? { user: { name: V3_USER.name, authProtocol: 'sha256', authKey: V3_USER.authKey, privProtocol: 'aes', privKey: V3_USER.privKey } } : {}) } } },
    upsSpec({ version }),
  );
  drivers.push(created);
  return created;
}

describe('SNMP reads (v2c)', () => {
  it('opens like every connection: state events, status param 1 then 0', async () => {
    const ups = driver();
    const states: string[] = [];
    ups.on('state', (_connection, state) => states.push(state));
    await ups.connect();
    expect(ups.state('snmp')).toBe('open');
    expect(ups.params.get('connectionStatus')).toBe(1);
    await ups.close();
    expect(states).toEqual(['connecting', 'open', 'closed']);
    expect(ups.params.get('connectionStatus')).toBe(0);
  });

  it('get: a typed value, stored in driver.params with its listeners fired', async () => {
    const ups = driver();
    await ups.connect();
    const heard: string[] = [];
    ups.params.on('systemDescription', (value) => heard.push(value));
    const description: string = await ups.snmp.get('systemDescription');
    const uptime: number = await ups.snmp.get('systemUptime');
    expect(description).toBe('Rack UPS 3000');
    expect(uptime).toBe(123456);
    expect(ups.params.get('systemUptime')).toBe(123456);
    expect(heard).toEqual(['Rack UPS 3000']);
    expect(agent.seen).toEqual([
      { type: 'get', oids: [`${OID.sysDescr}.0`], version: snmp.Version2c },
      { type: 'get', oids: [`${OID.sysUpTime}.0`], version: snmp.Version2c },
    ]);
  });

  it('getMany: every value from one GetRequest PDU', async () => {
    const ups = driver();
    await ups.connect();
    const values = await ups.snmp.getMany(['systemDescription', 'systemUptime', 'systemName']);
    expect(values).toEqual({ systemDescription: 'Rack UPS 3000', systemUptime: 123456, systemName: 'ups-01' });
    expect(agent.seen).toEqual([{ type: 'get', oids: [`${OID.sysDescr}.0`, `${OID.sysUpTime}.0`, `${OID.sysName}.0`], version: snmp.Version2c }]);
  });

  it('getMany with an OID the agent lacks: the others are updated, it rejects with SnmpError naming the missing key', async () => {
    const ups = driver();
    await ups.connect();
    const error = await ups.snmp.getMany(['systemDescription', 'missingValue']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SnmpError);
    expect(error).toMatchObject({ status: 'noSuchObject', keys: ['missingValue'], connection: 'snmp' });
    expect(ups.params.get('systemDescription')).toBe('Rack UPS 3000');
    expect(ups.params.get('missingValue')).toBeUndefined();
    expect(agent.seen).toHaveLength(1);
  });

  it('rejects an unknown key, and any call while not open, with nothing sent', async () => {
    const ups = driver();
    await expect(ups.snmp.get('systemDescription')).rejects.toThrow("Connection 'snmp' is not open (closed)");
    await ups.connect();
    await expect(ups.snmp.get('nope' as 'systemName')).rejects.toThrow("'nope' is not an SNMP param of this driver");
    expect(agent.seen).toEqual([]);
  });
});

describe('SNMP reads (v1)', () => {
  it('getMany is all or nothing: noSuchName rejects and no param is updated', async () => {
    const ups = driver('v1');
    await ups.connect();
    const error = await ups.snmp.getMany(['systemDescription', 'missingValue']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SnmpError);
    expect(error).toMatchObject({ status: 'noSuchName', oid: `${OID.missing}.0`, keys: ['missingValue'] });
    expect(ups.params.get('systemDescription')).toBeUndefined();
    expect(agent.seen).toEqual([{ type: 'get', oids: [`${OID.sysDescr}.0`, `${OID.missing}.0`], version: snmp.Version1 }]);
    expect(await ups.snmp.getMany(['systemDescription', 'systemName'])).toEqual({ systemDescription: 'Rack UPS 3000', systemName: 'ups-01' });
  });
});

describe('SNMP reads (v3 authPriv, SHA-256 + AES)', () => {
  it('reads through the USM user', async () => {
    const ups = driver('v3');
    await ups.connect();
    expect(await ups.snmp.getMany(['systemDescription', 'systemUptime'])).toEqual({ systemDescription: 'Rack UPS 3000', systemUptime: 123456 });
    expect(agent.seen.at(-1)).toEqual({ type: 'get', oids: [`${OID.sysDescr}.0`, `${OID.sysUpTime}.0`], version: snmp.Version3 });
  });

  it.each(V3_USERS.map((user) => [user.name, user] as const))('reads as USM user %s (each level, each auth and privacy protocol)', async (_name, user) => {
    const names = { authProtocol: snmp.AuthProtocols, privProtocol: snmp.PrivProtocols } as const;
    const ups = new UpsDriver(
      {
        connections: {
          snmp: {
            url: agent.url,
            user: {
              name: user.name,
              ...('authKey' in user ? { authProtocol: names.authProtocol[user.authProtocol] as 'md5', authKey: user.authKey } : {}),
              ...('privKey' in user ? { privProtocol: names.privProtocol[user.privProtocol] as 'des', privKey: user.privKey } : {}),
            },
          },
        },
      },
      upsSpec({ version: 'v3' }),
    );
    drivers.push(ups);
    if (user.name === 'md5des' && !desAvailable()) {
      // Node 17+ leaves DES out of OpenSSL unless run with --openssl-legacy-provider: a clear ConnectError.
      await expect(ups.connect()).rejects.toThrow("SNMPv3 DES privacy needs OpenSSL's legacy provider: run node with --openssl-legacy-provider, or use AES");
      return;
    }
    await ups.connect();
    expect(await ups.snmp.get('systemName')).toBe('ups-01');
  });

  it('a wrong privacy key gets no answer: PairTimeoutError after the spec\'s one retry', async () => {
    const ups = new UpsDriver(
      { connections: { snmp: { url: agent.url, user: { name: V3_USER.name, authProtocol: 'sha256', authKey: V3_USER.authKey, privProtocol: 'aes', privKey: 'wrong-key-99' } } }, timeoutMs: 200 },
      upsSpec({ version: 'v3' }),
    );
    drivers.push(ups);
    await ups.connect();
    const error = await ups.snmp.get('systemDescription').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PairTimeoutError);
    expect(error).toMatchObject({ pair: 'systemDescription', pairId: 1, connection: 'snmp', timeoutMs: 200, attempts: 2 });
    expect(ups.params.get('systemDescription')).toBeUndefined();
  });
});

function desAvailable(): boolean {
  try {
    createCipheriv('des-cbc', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}
