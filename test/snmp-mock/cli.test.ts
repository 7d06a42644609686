// `protogen mock` of the SNMP sample, in-process, read by a bare net-snmp manager. It runs once the
// generator writes `ProtocolSpec.snmp` for samples/snmp-device (the snmp-generator branch); before that the
// sample compiles to no SNMP connection and there is nothing to serve.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../generator/src/cli/main.js';
import { compileSpec } from '../../generator/src/generate.js';
import { closeClients, community, portOf, snmp } from './net-snmp-client.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sample = `${root}samples/snmp-device/protocol.xml`;
const spec = compileSpec({ file: sample, contents: readFileSync(sample) }).spec;
const generatorWritesSnmp = spec?.snmp !== undefined && spec.connections.some((connection) => connection.kind === 'snmp');

afterEach(() => closeClients());

describe.runIf(generatorWritesSnmp)('protogen mock: an SNMP connection', () => {
  it('prints its udp:// URL and the communities and user, and answers a manager there', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const stop = new AbortController();
    const done = main(['mock', sample, '--port', '0'], { out: (line) => out.push(line), err: (line) => err.push(line) }, { signal: stop.signal });
    const url = await vi.waitFor(() => {
      const found = out.flatMap((line) => /^mock: connection \d+ ".*" listening on (udp:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1] ?? [])[0];
      expect(found, err.join('\n')).toBeDefined();
      return found ?? '';
    }, { timeout: 10_000 });
    expect(out).toContain("mock: SNMP communities 'public' (get), 'private' (set); v3 user 'protogen' (auth sha 'protogen-auth', priv aes 'protogen-priv')");
    const [description] = await community(portOf(url), 'public').get(['1.3.6.1.2.1.1.1.0']);
    expect(description).toMatchObject({ type: snmp.ObjectType.OctetString, value: Buffer.from('sample') });
    stop.abort();
    await expect(done).resolves.toBe(0);
  });
});
