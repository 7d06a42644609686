// The mock device's HTTP side on its own, with node's own http client on 127.0.0.1: what it answers a request
// no session sends, what it records, and how scripting names sessions.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockDevice, type MockDevice } from '@protogen-dm/mock';
import { shelfInventoryProtocol } from '../../generated/shelf-inventory.js';

const devices: MockDevice[] = [];
afterEach(async () => {
  for (const device of devices.splice(0)) await device.close();
});

function get(url: string, method = 'GET', body = ''): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('mock device: HTTP connections', () => {
  it('answers a session request 200 with its response params, anything else 404, and records both', async () => {
    const mock = await createMockDevice(shelfInventoryProtocol, { port: 0 });
    devices.push(mock);
    mock.set({ responseBody: '[1,2]', requestId: 'r-9' });
    const base = mock.url('shelfAPI');
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(get(`${base}/api/items`)).resolves.toMatchObject({ status: 200, body: '[1,2]', headers: { 'x-request-id': 'r-9', 'x-ratelimit-remaining': '42' } });
    await expect(get(`${base}/api/items`, 'PATCH')).resolves.toMatchObject({ status: 404 });
    expect(mock.http.received('shelfAPI').map(({ session, method, path }) => [session, method, path])).toEqual([
      ['listItems', 'GET', '/api/items'],
      [undefined, 'PATCH', '/api/items'],
    ]);
    expect(mock.http.received(0)).toHaveLength(2);
  });

  it('scripts by session key or id; an unknown session is an error; undefined answers normally again', async () => {
    const mock = await createMockDevice(shelfInventoryProtocol, { port: 0 });
    devices.push(mock);
    expect(() => mock.http.script('noSuchSession', { status: 500 })).toThrow("protocol 'Shelf Inventory' has no HTTP session \"noSuchSession\"");
    mock.http.script(2, { status: 503, headers: { 'Retry-After': '5' }, body: 'busy' });
    await expect(get(`${mock.url(0)}/api/items/1`)).resolves.toMatchObject({ status: 503, body: 'busy', headers: { 'retry-after': '5' } });
    mock.http.script(2, { drop: 'all' });
    await expect(get(`${mock.url(0)}/api/items/1`)).rejects.toThrow(/socket hang up/);
    mock.http.script(2, undefined);
    await expect(get(`${mock.url(0)}/api/items/1`)).resolves.toMatchObject({ status: 200 });
  });
});
