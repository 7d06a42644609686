// SNMP: a typed `driver.snmp.get()` beside a bare net-snmp session.get of the same OID, and a 1 000-row
// table read (`driver.snmp.table()`, multipleGetBulk) beside net-snmp's own session.table walk, against
// one net-snmp agent in its own process, in the same run. Both sides use GetBulk with max-repetitions
// 20 for the table (net-snmp's agent answers 20 varbinds per PDU either way: the same PDU count).
//
//   npm run build && node bench/snmp.js [--quick]
//
// The two kinds take turns in blocks so that a change of load on the shared machine hits both alike.
// Targets: get p50 at most 1.15× bare net-snmp; table read median at most 1.15× session.table.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import snmp from 'net-snmp';
import { Driver } from '@protogen-dm/runtime';
import { count, isMain, runCase } from './lib/cases.js';
import { ROOT } from './lib/processes.js';
import { row } from './lib/report.js';
import { percentile, ratioSeries, sequential, summarize } from './lib/stats.js';

const ROWS = 1000;
const BLOCK = 200;
const TABLE_BLOCK = 5;
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const TABLE = '1.3.6.1.4.1.55555.1.2';

const param = (id, key, value) => ({ id, key, role: 'read', value, raw: 'other', lengthType: 'next param' });
/** What the generator writes for a UPS with sysName and an outlet table read by multipleGetBulk, bulk:20. */
const spec = {
  name: 'Bench UPS',
  version: '1.0.0.1',
  connections: [{ id: 0, key: 'snmp', name: 'SNMP', kind: 'snmp', snmp: { version: 'v2c' } }],
  params: [param(1, 'systemName', 'string'), param(1001, 'outletsInstance', 'string'), param(1002, 'outletsName', 'string'), param(1003, 'outletsState', 'number'), param(1004, 'outletsLoad', 'number')],
  commands: [],
  responses: [],
  pairs: [],
  snmp: {
    params: [{ param: 1, connection: 0, oid: SYS_NAME }],
    tables: [
      {
        param: 1000,
        key: 'outlets',
        connection: 0,
        oid: TABLE,
        method: 'multipleGetBulk',
        bulk: 20,
        columns: [
          { param: 1001, key: 'outletsInstance', instance: true },
          { param: 1002, key: 'outletsName', oid: `${TABLE}.1.2` },
          { param: 1003, key: 'outletsState', oid: `${TABLE}.1.3` },
          { param: 1004, key: 'outletsLoad', oid: `${TABLE}.1.4` },
        ],
      },
    ],
    traps: [],
  },
};

class BenchUps extends Driver {
  constructor(options) {
    super(spec, options);
  }
}

function startAgent() {
  const script = fileURLToPath(new URL('./servers/snmp-agent.js', import.meta.url));
  const child = spawn(process.execPath, [script, String(ROWS)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    createInterface({ input: child.stdout }).once('line', (line) => {
      const { port } = JSON.parse(line);
      resolve({ port, stop: () => new Promise((done) => (child.once('exit', done), child.stdin.end())) });
    });
  });
}

/** The bare side: one net-snmp session, promisified as a user would. */
function bare(port) {
  const session = snmp.createSession('127.0.0.1', 'public', { port, version: snmp.Version2c, retries: 0, timeout: 5000 });
  return {
    get: () =>
      new Promise((resolve, reject) =>
        session.get([SYS_NAME], (error, varbinds) => {
          if (error) reject(error);
          else if (String(varbinds[0].value) !== 'bench-ups') reject(new Error('unexpected value'));
          else resolve();
        }),
      ),
    table: () =>
      new Promise((resolve, reject) =>
        session.table(TABLE, 20, (error, table) => {
          if (error) reject(error);
          else if (Object.keys(table).length !== ROWS) reject(new Error(`got ${Object.keys(table).length} rows`));
          else resolve();
        }),
      ),
    close: () => session.close(),
  };
}

async function typed(port) {
  const driver = new BenchUps({ connections: { snmp: { url: `udp://127.0.0.1:${port}` } }, timeoutMs: 5000 });
  await driver.connect();
  return {
    get: async () => {
      if ((await driver.snmp.get('systemName')) !== 'bench-ups') throw new Error('unexpected value');
    },
    table: async () => {
      const rows = await driver.snmp.table('outlets');
      if (rows.length !== ROWS) throw new Error(`got ${rows.length} rows`);
    },
    close: () => driver.close(),
  };
}

/** One repetition: `calls` calls of `what` per kind, in alternating blocks; per-call latencies in µs. */
async function repetition(port, what, calls, block, flip) {
  const clients = { bare: bare(port), driver: await typed(port) };
  const latencies = { bare: [], driver: [] };
  const order = flip ? ['driver', 'bare'] : ['bare', 'driver'];
  for (let done = 0; done < calls; done += block) {
    const n = Math.min(block, calls - done);
    for (const kind of order) latencies[kind].push(...(await sequential(clients[kind][what], n)));
  }
  for (const kind of order) await clients[kind].close();
  const p = (kind, at) => percentile(Float64Array.from(latencies[kind]).sort(), at, true);
  return { bare: { p50: p('bare', 50), p99: p('bare', 99) }, driver: { p50: p('driver', 50), p99: p('driver', 99) } };
}

export async function measure({ quick, log }) {
  const reps = quick ? 3 : 5;
  const plan = [
    ['get', quick ? 400 : 4000, BLOCK, 'typed get vs session.get'],
    ['table', quick ? 10 : 60, TABLE_BLOCK, `${count(ROWS)}-row table vs session.table`],
  ];
  const agent = await startAgent();
  try {
    const rows = [];
    for (const [what, calls, block, label] of plan) {
      log(`snmp (${what}): warm-up`);
      await repetition(agent.port, what, Math.max(block, Math.round(calls / 10)), block, false);
      const bareRuns = [];
      const driverRuns = [];
      for (let rep = 0; rep < reps; rep++) {
        log(`snmp (${what}): repetition ${rep + 1}/${reps}`);
        const result = await repetition(agent.port, what, calls, block, rep % 2 === 1);
        bareRuns.push(result.bare);
        driverRuns.push(result.driver);
      }
      for (const [stat, target] of [
        ['p50', { on: 'ratio', op: '<=', limit: 1.15 }],
        ['p99', undefined],
      ]) {
        const field = (list) => list.map((r) => r[stat]);
        rows.push(row({ measure: `${label} ${stat}, ${count(calls)} calls`, unit: 'µs', value: summarize(field(driverRuns)), baseline: { label: 'bare net-snmp', ...summarize(field(bareRuns)) }, ratio: ratioSeries(field(driverRuns), field(bareRuns)), target }));
      }
    }
    return {
      title: `SNMP — driver.snmp vs bare net-snmp on the same agent (net-snmp's, own process), median of ${reps} runs`,
      notes: [`get: sysName.0 (octet string) → a typed string stored in driver.params; table: ${count(ROWS)} rows × 3 columns by GetBulk (max-repetitions 20) on both sides`],
      rows,
    };
  } finally {
    await agent.stop();
  }
}

if (isMain(import.meta.url)) await runCase(measure);
