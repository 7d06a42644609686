// Server mode's `client` call option where there are no clients: an HTTP or SNMP call that names a
// client is a TypeError, as on a dialing stream connection, never a call that silently goes out anyway;
// an allowedAddresses list that could only be a mistake fails at construction.
import { afterEach, describe, expect, it } from 'vitest';
import { SmartSerialEncoderDriver } from '../../generated/smart-serial-encoder.js';
import { HttpTestDriver, httpSpec } from '../http/driver.js';
import { HttpTestServer } from '../http/server.js';
import { startSilentAgent } from '../snmp/agent.js';
import { UpsDriver, upsSpec } from '../snmp/specs.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the client call option off server mode', () => {
  it('an HTTP session call that names a client rejects with a TypeError and sends nothing', async () => {
    const server = await HttpTestServer.start();
    cleanups.push(() => server.close());
    let requests = 0;
    server.handler = (_request, response) => {
      requests++;
      response.writeHead(200).end('{}');
    };
    const spec = httpSpec([{ id: 1, key: 'getX', connection: 0, requests: [{ verb: 'GET', url: '/x', headers: [], responseHeaders: [] }], source: 'test.xml:1' }], []);
    const driver = new HttpTestDriver(spec, { connections: { api: { url: server.url } } });
    cleanups.push(() => driver.close());
    await driver.connect();
    await expect(driver.run(1, undefined, { client: '127.0.0.1:1' })).rejects.toThrow(new TypeError("options.client: connection 'api' is not in server mode (listen: true), so it has no clients"));
    await expect(driver.run(1)).resolves.toBeDefined();
    expect(requests).toBe(1);
  });

  it('an SNMP call that names a client rejects with a TypeError and sends nothing', async () => {
    const silent = await startSilentAgent();
    cleanups.push(() => silent.close());
    const ups = new UpsDriver({ connections: { snmp: { url: silent.url } } }, upsSpec());
    cleanups.push(() => ups.close());
    await ups.connect();
    await expect(ups.snmp.get('systemName', { client: '127.0.0.1:1' })).rejects.toThrow(new TypeError("options.client: connection 'snmp' is not in server mode (listen: true), so it has no clients"));
    expect(silent.received()).toBe(0);
  });
});

describe('allowedAddresses that could only be a mistake', () => {
  it('an empty list is a RangeError at construction (it would refuse every client; omit it to allow any)', () => {
    const build = (allowedAddresses: readonly string[]) =>
      new SmartSerialEncoderDriver({ connections: { control: { url: 'tcp://127.0.0.1:0', listen: true, allowedAddresses }, console: false } });
    expect(() => build([])).toThrow(new RangeError('options.connections.control.allowedAddresses is empty: no client could connect (omit it to allow any address)'));
    expect(() => build(['10.0.0.0/24'])).toThrow(new TypeError('options.connections.control.allowedAddresses: 10.0.0.0/24 is not an IP address'));
    expect(() => build([' 127.0.0.1'])).toThrow(TypeError);
  });
});
