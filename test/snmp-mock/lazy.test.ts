// net-snmp is the mock's only for SNMP: a device without an SNMP connection never loads it. Checked in a
// real Node process on the built package (dist/, so `npm run build` must have run), where the CommonJS
// cache shows what was loaded.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

const script = `
import { createRequire } from 'node:module';
import { createMockDevice } from '@protogen-dm/mock';
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/net-snmp/'));
const base = { name: 'P', version: '1', params: [], commands: [], responses: [], pairs: [] };
const ws = await createMockDevice({ ...base, connections: [{ id: 0, key: 'ws', name: 'WS' }] }, { port: 0 });
const afterWebSocket = loaded();
await ws.close();
const snmp = await createMockDevice({ ...base, connections: [{ id: 0, key: 'snmp', name: 'SNMP', kind: 'snmp', snmp: { version: 'v2c' } }], snmp: { params: [], tables: [], traps: [] } }, { port: 0 });
const url = snmp.url(0);
await snmp.close();
console.log(JSON.stringify({ afterWebSocket, afterSnmp: loaded(), url }));
`;

it('loads net-snmp only once a device has an SNMP connection', () => {
  if (!existsSync(`${root}mock/dist/snmp/agent.js`)) throw new Error('mock/dist is missing: run `npm run build` before these tests');
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 15_000 });
  const result = JSON.parse(output) as { afterWebSocket: boolean; afterSnmp: boolean; url: string };
  expect(result).toEqual({ afterWebSocket: false, afterSnmp: true, url: expect.stringMatching(/^udp:\/\/127\.0\.0\.1:\d+$/) });
});
