// Sets against a real net-snmp agent: the value lands on the agent, setAndGet reads it back in the
// same turn, an agent's refusal is an SnmpError, and a set goes before every queued get.
import snmp from 'net-snmp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SnmpError } from '@protogen-dm/runtime';
import { startAgent, type TestAgent } from './agent.js';
import { OID, UpsDriver, upsSpec, type UpsSpecOptions } from './specs.js';

let agent: TestAgent;
const drivers: UpsDriver[] = [];

beforeAll(async () => {
  agent = await startAgent([
    { name: 'sysDescr', oid: OID.sysDescr, type: snmp.ObjectType.OctetString, value: 'Rack UPS 3000' },
    { name: 'sysUpTime', oid: OID.sysUpTime, type: snmp.ObjectType.TimeTicks, value: 77 },
    { name: 'sysName', oid: OID.sysName, type: snmp.ObjectType.OctetString, value: 'ups-01', writable: true },
  ]);
});
afterAll(() => agent.close());
beforeEach(() => agent.mib.setScalarValue('sysName', 'ups-01'));
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((driver) => driver.close()));
  agent.seen.length = 0;
});

async function driver(options: UpsSpecOptions = {}): Promise<UpsDriver> {
  const created = new UpsDriver({ connections: { snmp: { url: agent.url } } }, upsSpec(options));
  drivers.push(created);
  await created.connect();
  return created;
}

describe('SNMP sets', () => {
  it('set: one SetRequest; the agent has the value, and the write and read params too', async () => {
    const ups = await driver({ set: 'set' });
    await ups.snmp.set('systemNameSet', 'ups-renamed');
    expect(String(agent.mib.getScalarValue('sysName'))).toBe('ups-renamed');
    expect(agent.seen).toEqual([{ type: 'set', oids: [`${OID.sysName}.0`], version: snmp.Version2c }]);
    expect(ups.params.get('systemNameSet')).toBe('ups-renamed');
    expect(ups.params.get('systemName')).toBe('ups-renamed');
  });

  it('setAndGet: the set, then the get of the read param, which takes the agent\'s value', async () => {
    const ups = await driver({ set: 'setAndGet' });
    const heard: string[] = [];
    ups.params.on('systemName', (value) => heard.push(value));
    await ups.snmp.set('systemNameSet', 'ups-02');
    expect(agent.seen.map((pdu) => pdu.type)).toEqual(['set', 'get']);
    expect(agent.seen[1]?.oids).toEqual([`${OID.sysName}.0`]);
    expect(heard).toEqual(['ups-02']);
  });

  it('a set the agent refuses rejects with SnmpError (notWritable) and updates nothing', async () => {
    const ups = await driver({ set: 'set', setOid: `${OID.sysDescr}.0` });
    const error = await ups.snmp.set('systemNameSet', 'nope').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SnmpError);
    expect(error).toMatchObject({ connection: 'snmp', status: 'notWritable', oid: `${OID.sysDescr}.0` });
    expect(ups.params.get('systemNameSet')).toBeUndefined();
    expect(String(agent.mib.getScalarValue('sysDescr'))).toBe('Rack UPS 3000');
  });

  it('a set goes before the gets queued ahead of it (not before the one in flight)', async () => {
    const ups = await driver({ set: 'set' });
    const calls = [ups.snmp.get('systemDescription'), ups.snmp.get('systemUptime'), ups.snmp.get('systemName'), ups.snmp.set('systemNameSet', 'first')];
    await Promise.all(calls);
    expect(agent.seen.map((pdu) => `${pdu.type} ${pdu.oids.join(',')}`)).toEqual([
      `get ${OID.sysDescr}.0`,
      `set ${OID.sysName}.0`,
      `get ${OID.sysUpTime}.0`,
      `get ${OID.sysName}.0`,
    ]);
    expect(await calls[2]).toBe('first');
  });
});
