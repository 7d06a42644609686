// https with a self-signed certificate (test/fixtures/tls, test-only) on 127.0.0.1: a driver refuses it by
// default, as DataMiner verifies certificates, and accepts it with the connection option rejectUnauthorized: false.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionClosedError } from '@protogen-dm/runtime';
import { HttpTestDriver, httpSpec, stringParam } from './driver.js';
import { HttpTestServer } from './server.js';

const tls = {
  key: readFileSync(new URL('../fixtures/tls/self-signed.key', import.meta.url)),
  cert: readFileSync(new URL('../fixtures/tls/self-signed.crt', import.meta.url)),
};
const spec = httpSpec([{ id: 1, key: 'get', connection: 0, requests: [{ verb: 'GET', url: '/secure', headers: [], responseHeaders: [], contentParam: 1 }] }], [stringParam(1, 'content')]);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function driverFor(rejectUnauthorized: boolean | undefined): Promise<{ driver: HttpTestDriver; server: HttpTestServer }> {
  const server = await HttpTestServer.start(tls);
  server.handler = (_request, response) => response.end('over tls');
  cleanups.push(() => server.close());
  const url = `https://127.0.0.1:${server.port}`;
  const driver = new HttpTestDriver(spec, { connections: { api: rejectUnauthorized === undefined ? { url } : { url, rejectUnauthorized } } });
  cleanups.push(() => driver.close());
  await driver.connect();
  return { driver, server };
}

describe('https certificates', () => {
  it('refuses a self-signed certificate by default; nothing reaches the server', async () => {
    const { driver, server } = await driverFor(undefined);
    const error = await driver.run(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(String((error as Error).cause)).toMatch(/self[- ]signed/i);
    expect(server.requests).toHaveLength(0);
  });

  it('accepts it with rejectUnauthorized: false', async () => {
    const { driver } = await driverFor(false);
    await expect(driver.run(1)).resolves.toEqual({ content: 'over tls' });
  });
});
