// The Shelf Inventory driver (generated/shelf-inventory.ts, from protocol.xml beside this file) against the mock of
// its own protocol over real HTTP on 127.0.0.1: the request line, headers and body each session sends, the typed
// values each resolves with, and the mock's per-session scripting.
import { describe, expect, it, vi } from 'vitest';
import { HttpStatusError } from '@protogen-dm/runtime';
import { ShelfInventoryDriver, shelfInventoryProtocol } from '../../generated/shelf-inventory.js';
import { mockOf, owned } from '../../test/helpers/fixture.js';

async function started() {
  const { mock, log } = await mockOf(shelfInventoryProtocol);
  const driver = owned(new ShelfInventoryDriver({ connections: { shelfAPI: { url: mock.url(0) } } }));
  await driver.connect();
  return { mock, log, driver };
}

describe('Shelf Inventory: a REST device over HTTP sessions', () => {
  it('GET with an Authorization header from a param; status line, response headers and body into typed params', async () => {
    const { mock, driver } = await started();
    mock.set({ responseBody: '[{"id":1}]', requestId: 'r-1', rateRemaining: 99 });
    const changes: number[] = [];
    driver.params.on('rateRemaining', (value) => changes.push(value));
    await expect(driver.listItems({ apiToken: 'Bearer t0k' })).resolves.toEqual({
      statusLine: 'HTTP/1.1 200 OK',
      requestId: 'r-1',
      rateRemaining: 99,
      responseBody: '[{"id":1}]',
    });
    expect(changes).toEqual([99]);
    expect(driver.params.get('statusLine')).toBe('HTTP/1.1 200 OK');
    const [request] = mock.http.received();
    expect(request).toMatchObject({ session: 'listItems', method: 'GET', path: '/api/items', body: '' });
    expect(request?.headers).toMatchObject({ accept: 'application/json', authorization: 'Bearer t0k' });
  });

  it('POST and PUT send the JSON body with a computed Content-Length; DELETE sends none; the path comes from a param', async () => {
    const { mock, driver } = await started();
    const json = '{"name":"bolt","count":3}';
    await driver.createItem({ apiToken: 'k', itemJson: json });
    await driver.updateItem({ itemPath: 'api/items/7', apiToken: 'k', itemJson: json });
    await driver.deleteItem({ itemPath: '/api/items/7', apiToken: 'k' });
    const requests = mock.http.received().map(({ method, path, body, headers }) => ({ method, path, body, length: headers['content-length'], type: headers['content-type'] }));
    expect(requests).toEqual([
      { method: 'POST', path: '/api/items', body: json, length: String(json.length), type: 'application/json' },
      { method: 'PUT', path: '/api/items/7', body: json, length: String(json.length), type: 'application/json' },
      { method: 'DELETE', path: '/api/items/7', body: '', length: undefined, type: undefined },
    ]);
  });

  it('GET Parameters become the query string, unencoded but for spaces', async () => {
    const { mock, driver } = await started();
    await driver.searchItems({ apiToken: 'k', searchText: 'hex bolt' });
    expect(mock.http.received()[0]?.path).toBe('/api/search?q=hex%20bolt&limit=10');
  });

  it('a scripted 404 rejects with HttpStatusError, and the params are still updated', async () => {
    const { mock, driver } = await started();
    mock.http.script('getItem', { status: 404, body: '{"error":"no such item"}' });
    const error = await driver.getItem({ itemPath: 'api/items/9', apiToken: 'k' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 404, statusLine: 'HTTP/1.1 404 Not Found', session: 'getItem', values: { statusLine: 'HTTP/1.1 404 Not Found', responseBody: '{"error":"no such item"}' } });
    expect(driver.params.get('responseBody')).toBe('{"error":"no such item"}');
  });

  it('scripted delay, drop and headers: a late answer times out, a dropped one fails the connection, headers go out', async () => {
    const { mock, driver } = await started();
    mock.http.script('listItems', { headers: { 'X-RateLimit-Remaining': '3' } });
    await expect(driver.listItems({ apiToken: 'k' })).resolves.toMatchObject({ rateRemaining: 3 });
    mock.http.script('listItems', { drop: 1 });
    await expect(driver.listItems({ apiToken: 'k' })).rejects.toThrow(/could not complete GET/);
    await expect(driver.listItems({ apiToken: 'k' })).resolves.toMatchObject({ statusLine: 'HTTP/1.1 200 OK' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      mock.http.script('listItems', { delayMs: 400 });
      const late = driver.listItems({ apiToken: 'k' }, { timeoutMs: 300 }).catch((error: unknown) => error);
      await vi.waitFor(() => expect(mock.http.received()).toHaveLength(4), { interval: 1 });
      vi.advanceTimersByTime(300);
      expect(await late).toMatchObject({ name: 'PairTimeoutError', pair: 'listItems', timeoutMs: 300 });
    } finally {
      vi.useRealTimers();
    }
    expect(mock.http.received().map((request) => request.session)).toEqual(['listItems', 'listItems', 'listItems', 'listItems']);
  });
});
