// SNMP params in polling groups, against a real agent: a multipleGet group reads its scalars in one
// PDU, a plain group one PDU per param, a table param is a table read, and polling.start() runs
// them on its timer (its first turn is at once: `initial`).
import snmp from 'net-snmp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolSpec } from '@protogen-dm/runtime';
import { startAgent, type TestAgent } from './agent.js';
import { OID, UpsDriver, upsSpec } from './specs.js';

let agent: TestAgent;
const drivers: UpsDriver[] = [];

beforeAll(async () => {
  agent = await startAgent(
    [
      { name: 'sysDescr', oid: OID.sysDescr, type: snmp.ObjectType.OctetString, value: 'Rack UPS 3000' },
      { name: 'sysUpTime', oid: OID.sysUpTime, type: snmp.ObjectType.TimeTicks, value: 99 },
      { name: 'sysName', oid: OID.sysName, type: snmp.ObjectType.OctetString, value: 'ups-01' },
    ],
    [
      {
        name: 'outletTable',
        entry: `${OID.outlets}.1`,
        columns: [
          { number: 1, type: snmp.ObjectType.Integer },
          { number: 2, type: snmp.ObjectType.OctetString },
          { number: 3, type: snmp.ObjectType.Integer },
          { number: 4, type: snmp.ObjectType.Gauge32 },
        ],
        rows: [[1, 'a', 1, 10]],
      },
    ],
  );
});
afterAll(() => agent.close());
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((driver) => driver.close()));
  agent.seen.length = 0;
});

const items = [{ kind: 'param', id: 1 } as const, { kind: 'param', id: 2 } as const, { kind: 'param', id: 3 } as const];

function polled(): ProtocolSpec {
  return {
    ...upsSpec({ method: 'multipleGetNext' }),
    polling: {
      timers: [{ id: 1, name: 'Fast', time: 10_000, initial: true, interval: 0, groups: [1, 3] }],
      groups: [
        { id: 1, key: 'status', type: 'poll', items, multipleGet: true },
        { id: 2, key: 'statusOneByOne', type: 'poll', items },
        { id: 3, key: 'outlets', type: 'poll', items: [{ kind: 'param', id: 1000 }] },
      ],
      triggers: [],
      actions: [],
    },
  };
}

async function driver(): Promise<UpsDriver> {
  const ups = new UpsDriver({ connections: { snmp: { url: agent.url } } }, polled());
  drivers.push(ups);
  await ups.connect();
  return ups;
}

describe('SNMP params in polling groups', () => {
  it('a multipleGet group: its params in one GetRequest, stored in driver.params', async () => {
    const ups = await driver();
    await ups.polling.runGroup('status');
    expect(agent.seen).toEqual([{ type: 'get', oids: [`${OID.sysDescr}.0`, `${OID.sysUpTime}.0`, `${OID.sysName}.0`], version: snmp.Version2c }]);
    expect([ups.params.get('systemDescription'), ups.params.get('systemUptime'), ups.params.get('systemName')]).toEqual(['Rack UPS 3000', 99, 'ups-01']);
  });

  it('a group without multipleGet: one GetRequest per param', async () => {
    const ups = await driver();
    await ups.polling.runGroup('statusOneByOne');
    expect(agent.seen.map((pdu) => pdu.oids)).toEqual([[`${OID.sysDescr}.0`], [`${OID.sysUpTime}.0`], [`${OID.sysName}.0`]]);
  });

  it('a table param item reads the table by its method', async () => {
    const ups = await driver();
    await ups.polling.runGroup('outlets');
    expect(agent.seen.map((pdu) => pdu.type)).toEqual(['getNext', 'getNext']);
  });

  it('polling.start() runs the groups of its timer', async () => {
    const ups = await driver();
    const done: string[] = [];
    const finished = new Promise<void>((resolve) =>
      ups.polling.on('done', (group) => {
        done.push(group);
        if (done.length === 2) resolve();
      }),
    );
    ups.polling.start();
    await finished;
    await ups.polling.stop();
    expect(done).toEqual(['status', 'outlets']);
    expect(agent.seen.map((pdu) => pdu.type)).toEqual(['get', 'getNext', 'getNext']);
  });
});
