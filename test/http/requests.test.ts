// DataMiner's request rules (driver-contract §10) on the wire: what a node:http server on 127.0.0.1 receives
// for each rule, byte for byte: request line, header lines in order, body, Content-Length.
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpRequestSpec } from '@protogen-dm/runtime';
import { HttpTestDriver, httpSpec, stringParam } from './driver.js';
import { HttpTestServer, type Captured } from './server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const params = [stringParam(1, 'path'), stringParam(2, 'token'), stringParam(3, 'body'), stringParam(4, 'query'), stringParam(10, 'status'), stringParam(11, 'content')];

/** Runs one request spec against a fresh server (base URL `base` appended to it) and returns what arrived. */
async function sent(request: Partial<HttpRequestSpec>, values: Record<string, unknown> = {}, base = '', headers?: Record<string, string>): Promise<Captured> {
  const server = await HttpTestServer.start();
  cleanups.push(() => server.close());
  const spec = httpSpec([{ id: 1, key: 'one', connection: 0, requests: [{ verb: 'GET', headers: [], responseHeaders: [], ...request }] }], params);
  const driver = new HttpTestDriver(spec, { connections: { api: { url: `${server.url}${base}`, ...(headers ? { headers } : {}) } } });
  cleanups.push(() => driver.close());
  await driver.connect();
  await driver.run(1, values);
  expect(server.requests).toHaveLength(1);
  return server.requests[0] as Captured;
}

describe('HTTP request rules (contract §10)', () => {
  it('a literal url without a leading slash joins the base path with one slash; spaces go out as %20 and nothing else is re-encoded', async () => {
    const request = await sent({ url: "Dir/Sub Dir/a+b%2Fc[1]~'x'.xml" }, {}, '/base/');
    expect(request.method).toBe('GET');
    expect(request.target).toBe("/base/Dir/Sub%20Dir/a+b%2Fc[1]~'x'.xml");
  });

  it('the exact header lines: host, the protocol headers in order, the option headers; no body headers on GET', async () => {
    const request = await sent(
      { url: '/x', headers: [{ name: 'Accept', value: 'application/json' }, { name: 'X-GitHub-Api-Version', param: 2 }] },
      { token: '2022-11-28' },
      '',
      { 'X-Extra': 'yes' },
    );
    expect(request.rawHeaders.map(([name]) => name.toLowerCase())).toEqual(['host', 'connection', 'accept', 'x-github-api-version', 'x-extra']);
    expect(request.rawHeaders.slice(2, 5)).toEqual([['Accept', 'application/json'], ['X-GitHub-Api-Version', '2022-11-28'], ['X-Extra', 'yes']]);
  });

  it('a header whose param is empty or unset is not sent', async () => {
    const request = await sent({ url: '/x', headers: [{ name: 'Authorization', param: 2 }, { name: 'X-Keep', value: '1' }] });
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['x-keep']).toBe('1');
  });

  it('a path param holding a relative path with a query is joined as it is', async () => {
    const request = await sent({ pathParam: 1 }, { path: 'repos/a b/issues?state=all&per_page=100' });
    expect(request.target).toBe('/repos/a%20b/issues?state=all&per_page=100');
  });

  it('GET Data is appended to the URL as it is, with no ? added', async () => {
    expect((await sent({ url: '/q', data: { value: '?a=1&b=2' } })).target).toBe('/q?a=1&b=2');
    expect((await sent({ url: '/q', data: { param: 3 } }, { body: 'tail' })).target).toBe('/qtail');
  });

  it('GET Parameters become the query string, literal and from params, unencoded', async () => {
    const request = await sent({ url: '/search?x=1', parameters: [{ name: 'q', param: 4 }, { name: 'f', value: 'a&b=c' }] }, { query: 'two words' });
    expect(request.target).toBe('/search?x=1&q=two%20words&f=a&b=c');
    expect(request.body).toBe('');
  });

  it('POST Parameters become a form body with its Content-Type and a computed Content-Length', async () => {
    const request = await sent({ verb: 'POST', url: '/login', parameters: [{ name: 'grant_type', value: 'client credentials' }, { name: 'user', param: 4 }] }, { query: 'ops' });
    expect(request.target).toBe('/login');
    expect(request.body).toBe('grant_type=client credentials&user=ops');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
  });

  it('POST/PUT/PATCH Data is the body with a computed Content-Length (UTF-8 bytes); DELETE without Data has none', async () => {
    for (const verb of ['POST', 'PUT', 'PATCH']) {
      const request = await sent({ verb, url: '/items', data: { param: 3 } }, { body: '{"name":"zoë"}' });
      expect([request.method, request.body, request.headers['content-length']]).toEqual([verb, '{"name":"zoë"}', '15']);
    }
    const deleted = await sent({ verb: 'DELETE', url: '/items/1' });
    expect([deleted.method, deleted.body, deleted.headers['content-length']]).toEqual(['DELETE', '', undefined]);
  });

  it('verbs the global fetch refuses go out as written (TRACE, PROPFIND)', async () => {
    expect((await sent({ verb: 'PROPFIND', url: '/dav' })).method).toBe('PROPFIND');
    expect((await sent({ verb: 'TRACE', url: '/t' })).method).toBe('TRACE');
  });

  it('a path param holding an absolute URL goes to that host with its path as it is', async () => {
    const own = await HttpTestServer.start();
    const other = await HttpTestServer.start();
    cleanups.push(() => own.close(), () => other.close());
    const spec = httpSpec([{ id: 1, key: 'one', connection: 0, requests: [{ verb: 'GET', pathParam: 1, headers: [], responseHeaders: [] }] }], params);
    const driver = new HttpTestDriver(spec, { connections: { api: { url: own.url } } });
    cleanups.push(() => driver.close());
    await driver.connect();
    await driver.run(1, { path: `http://127.0.0.1:${other.port}/abs path?x=1` });
    expect(own.requests).toHaveLength(0);
    expect(other.requests.map((captured) => captured.target)).toEqual(['/abs%20path?x=1']);
  });
});
