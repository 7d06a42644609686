// Table reads against a real net-snmp agent: each retrieval method's rows, and the PDUs the agent saw
// (their kinds and counts), for v2c, v1 (GetBulk falls back to GetNext) and v3 authPriv.
import snmp from 'net-snmp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SnmpTableMethod, SnmpVersion } from '@protogen-dm/runtime';
import { startAgent, V3_USER, type TestAgent } from './agent.js';
import { OID, UpsDriver, upsSpec, type UpsOutletsRow } from './specs.js';

const ROWS = 25;
let agent: TestAgent;
const drivers: UpsDriver[] = [];
const expected: UpsOutletsRow[] = Array.from({ length: ROWS }, (_, i) => ({ outletsInstance: String(i + 1), outletsName: `outlet ${i + 1}`, outletsState: i % 3, outletsLoad: 100 + i }));

beforeAll(async () => {
  agent = await startAgent(
    [],
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
        rows: expected.map((row) => [Number(row.outletsInstance), row.outletsName, row.outletsState, row.outletsLoad]),
      },
    ],
  );
});
afterAll(() => agent.close());
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((driver) => driver.close()));
  agent.seen.length = 0;
});

async function read(method: SnmpTableMethod, version: SnmpVersion = 'v2c', bulk?: number): Promise<readonly UpsOutletsRow[]> {
  const user = { name: V3_USER.name, authProtocol: 'sha256', authKey: V3_USER.authKey, privProtocol: 'aes', privKey: V3_USER.privKey } as const;
  const ups = new UpsDriver({ connections: { snmp: { url: agent.url, ...(version === 'v3' ? { user } : {}) } } }, upsSpec({ version, method, ...(bulk === undefined ? {} : { bulk }) }));
  drivers.push(ups);
  await ups.connect();
  return ups.snmp.table('outlets');
}

const kinds = (): string[] => [...new Set(agent.seen.map((pdu) => pdu.type))];

describe('SNMP tables', () => {
  it('getNext walks the table one cell per GetNext, columns in walk order', async () => {
    expect(await read('getNext')).toEqual(expected);
    expect(kinds()).toEqual(['getNext']);
    // Three readable columns of 25 cells, and the step out of the table.
    expect(agent.seen).toHaveLength(3 * ROWS + 1);
    expect(agent.seen[0]?.oids).toEqual([OID.outlets]);
  });

  it('multipleGetNext: one GetNext per row with every column OID', async () => {
    expect(await read('multipleGetNext')).toEqual(expected);
    expect(kinds()).toEqual(['getNext']);
    expect(agent.seen).toHaveLength(ROWS + 1);
    expect(agent.seen[0]?.oids).toEqual([2, 3, 4].map((column) => `${OID.outlets}.1.${column}`));
  });

  it('multipleGetBulk with bulk:10: GetBulk PDUs of every column, max-repetitions 10', async () => {
    expect(await read('multipleGetBulk', 'v2c', 10)).toEqual(expected);
    expect(kinds()).toEqual(['getBulk']);
    expect(agent.seen.every((pdu) => pdu.maxRepetitions === 10)).toBe(true);
    expect(agent.seen[0]?.oids).toEqual([2, 3, 4].map((column) => `${OID.outlets}.1.${column}`));
    // net-snmp's agent answers max-repetitions varbinds in all (RFC 3416 allows fewer than 10 per
    // column), round-robin over the columns: 75 cells and the steps out take 8 PDUs.
    expect(agent.seen).toHaveLength(8);
  });

  it('multipleGetBulk on v1 falls back to multipleGetNext', async () => {
    expect(await read('multipleGetBulk', 'v1', 10)).toEqual(expected);
    expect(kinds()).toEqual(['getNext']);
    expect(agent.seen.every((pdu) => pdu.version === snmp.Version1)).toBe(true);
    expect(agent.seen).toHaveLength(ROWS + 1);
  });

  it('getNextMultipleGet with bulk:6: the first column by GetNext, then Gets of 6 cells', async () => {
    expect(await read('getNextMultipleGet', 'v2c', 6)).toEqual(expected);
    const walks = agent.seen.filter((pdu) => pdu.type === 'getNext');
    const gets = agent.seen.filter((pdu) => pdu.type === 'get');
    expect(walks).toHaveLength(ROWS + 1);
    // 25 rows × 2 other columns = 50 cells, 6 per Get.
    expect(gets).toHaveLength(Math.ceil((ROWS * 2) / 6));
    expect(gets.every((pdu) => pdu.oids.length <= 6)).toBe(true);
  });

  it('multipleGetBulk over v3 authPriv', async () => {
    expect(await read('multipleGetBulk', 'v3', 20)).toEqual(expected);
    expect(agent.seen.filter((pdu) => pdu.type === 'getBulk' && pdu.maxRepetitions === 20)).toHaveLength(agent.seen.length);
    expect(agent.seen.filter((pdu) => pdu.version === snmp.Version3)).toHaveLength(agent.seen.length);
  });
});
