// HTTP sessions at run time against real node:http servers on 127.0.0.1: typed results and param events,
// HttpStatusError, timeouts and which failures are retried, Digest, redirects, abort, keep-alive, the
// origin queue, dynamic ip re-targeting and close().
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionClosedError, HttpStatusError, MessageTooLargeError, PairTimeoutError, QueueFullError, type SessionSpec } from '@protogen-dm/runtime';
import { HttpTestDriver, httpSpec, numberParam, stringParam } from './driver.js';
import { HttpTestServer } from './server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const params = [stringParam(1, 'path'), stringParam(2, 'user'), stringParam(3, 'password'), stringParam(5, 'url'), stringParam(10, 'status'), stringParam(11, 'content'), numberParam(12, 'remaining'), stringParam(13, 'etag')];

/** `GET /x`, storing the status line, two headers and the body. */
const getX = (extra: Partial<SessionSpec> = {}): SessionSpec => ({
  id: 1,
  key: 'getX',
  connection: 0,
  requests: [{ verb: 'GET', url: '/x', headers: [], responseHeaders: [{ name: 'X-Remaining', param: 12 }, { name: 'ETag', param: 13 }], statusParam: 10, contentParam: 11 }],
  source: 'test.xml:1',
  ...extra,
});

async function setup(sessions: readonly SessionSpec[] = [getX()], options: { retries?: number; timeoutMs?: number; dynamic?: boolean } = {}) {
  const server = await HttpTestServer.start();
  cleanups.push(() => server.close());
  const spec = httpSpec(sessions, params, options.dynamic ? { dynamicIpParam: 5 } : {});
  const { retries, timeoutMs } = options;
  const driver = new HttpTestDriver(spec, { connections: { api: { url: server.url } }, ...(retries === undefined ? {} : { retries }), ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  cleanups.push(() => driver.close());
  await driver.connect();
  return { server, driver };
}

describe('HTTP sessions at run time', () => {
  it('resolves with typed values keyed by param and fires the params listeners', async () => {
    const { server, driver } = await setup();
    server.handler = (_request, response) => response.writeHead(200, 'Fine', { 'X-Remaining': ' 41 ', ETag: '"v7"' }).end('{"a":1}');
    const seen: unknown[] = [];
    driver.params.on('remaining', (value, info) => seen.push([value, info.connection]));
    await expect(driver.run(1)).resolves.toEqual({ status: 'HTTP/1.1 200 Fine', remaining: 41, etag: '"v7"', content: '{"a":1}' });
    expect(seen).toEqual([[41, 'api']]);
    expect(driver.params.snapshot()).toMatchObject({ status: 'HTTP/1.1 200 Fine', content: '{"a":1}' });
  });

  it('a final 404 rejects with HttpStatusError carrying status, status line and the stored values; the params are updated', async () => {
    const { server, driver } = await setup();
    server.handler = (_request, response) => response.writeHead(404).end('missing');
    const error = await driver.run(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 404, statusLine: 'HTTP/1.1 404 Not Found', session: 'getX', sessionId: 1, connection: 'api', values: { status: 'HTTP/1.1 404 Not Found', content: 'missing' } });
    expect(driver.params.get('content')).toBe('missing');
  });

  it('a response that does not come in time rejects with the pairs’ timeout error after every retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { server, driver } = await setup([getX({ timeoutMs: 5000 })], { retries: 1 });
    server.handler = () => undefined; // never answers
    const call = driver.run(1).catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), { interval: 1 });
    vi.advanceTimersByTime(5000);
    await vi.waitFor(() => expect(server.requests).toHaveLength(2), { interval: 1 });
    vi.advanceTimersByTime(4999);
    expect(server.requests).toHaveLength(2);
    vi.advanceTimersByTime(1);
    const error = await call;
    expect(error).toBeInstanceOf(PairTimeoutError);
    expect(error).toMatchObject({ pair: 'getX', pairId: 1, connection: 'api', timeoutMs: 5000, attempts: 2, source: 'test.xml:1' });
  });

  it('a status answer is never retried, however bad', async () => {
    const { server, driver } = await setup([getX()], { retries: 3 });
    server.handler = (_request, response) => response.writeHead(500).end('boom');
    await expect(driver.run(1)).rejects.toBeInstanceOf(HttpStatusError);
    expect(server.requests).toHaveLength(1);
  });

  it('a connection that fails mid-request is retried; after the last attempt the call rejects with ConnectionClosedError', async () => {
    const { server, driver } = await setup([getX()], { retries: 1 });
    let calls = 0;
    server.handler = (_request, response) => (++calls === 1 ? response.socket?.destroy() : response.end('second'));
    await expect(driver.run(1)).resolves.toMatchObject({ content: 'second' });
    expect(server.requests).toHaveLength(2);

    server.handler = (_request, response) => response.socket?.destroy();
    const error = await driver.run(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(server.requests).toHaveLength(4);
  });

  it('credentials: Basic first, then Digest (SHA-256, qop auth) when the server challenges', async () => {
    const session = getX({ userParam: 2, passwordParam: 3 });
    const { server, driver } = await setup([session]);
    driver.params.set('user', 'ops');
    driver.params.set('password', 'se"cret');
    const realm = 'shelf';
    const nonce = 'n0nce';
    server.handler = (request, response) => {
      const authorization = request.headers.authorization ?? '';
      if (!authorization.startsWith('Digest ')) {
        response.writeHead(401, { 'WWW-Authenticate': [`Basic realm="${realm}"`, `Digest realm="${realm}", nonce="${nonce}", qop="auth,auth-int", algorithm=SHA-256, opaque="op"`] }).end();
        return;
      }
      const fields = Object.fromEntries([...authorization.matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)].map((m) => [m[1], (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1')]));
      const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
      const ha1 = sha(`ops:${realm}:se"cret`);
      const expected = sha(`${ha1}:${nonce}:${fields['nc']}:${fields['cnonce']}:auth:${sha(`GET:${fields['uri']}`)}`);
      const ok = fields['response'] === expected && fields['uri'] === '/x' && fields['opaque'] === 'op' && fields['qop'] === 'auth';
      response.writeHead(ok ? 200 : 403).end(ok ? 'in' : 'wrong digest');
    };
    await expect(driver.run(1)).resolves.toMatchObject({ content: 'in' });
    expect(server.requests.map((request) => request.headers.authorization?.split(' ')[0])).toEqual(['Basic', 'Digest']);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('ops:se"cret').toString('base64')}`);
  });

  it('Digest with MD5 and no qop (RFC 2069 style) also works', async () => {
    const { server, driver } = await setup([getX({ userParam: 2, passwordParam: 3 })]);
    driver.params.set('user', 'u');
    driver.params.set('password', 'p');
    server.handler = (request, response) => {
      const authorization = request.headers.authorization ?? '';
      if (!authorization.startsWith('Digest ')) return void response.writeHead(401, { 'WWW-Authenticate': 'Digest realm="r", nonce="abc"' }).end();
      const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
      const expected = md5(`${md5('u:r:p')}:abc:${md5('GET:/x')}`);
      response.writeHead(authorization.includes(`response="${expected}"`) ? 200 : 403).end();
    };
    await expect(driver.run(1)).resolves.toMatchObject({ status: 'HTTP/1.1 200 OK' });
  });

  it('follows redirects; a 303 after a POST becomes a GET without body', async () => {
    const post: SessionSpec = { id: 2, key: 'post', connection: 0, requests: [{ verb: 'POST', url: '/form', headers: [], data: { value: 'a=1' }, responseHeaders: [], statusParam: 10, contentParam: 11 }] };
    const { server, driver } = await setup([getX(), post]);
    server.handler = (request, response) => {
      if (request.target === '/x') return void response.writeHead(302, { Location: '/moved?to=1' }).end();
      if (request.target === '/form') return void response.writeHead(303, { Location: `http://127.0.0.1:${server.port}/done` }).end();
      response.end(`${request.method} ${request.target} ${request.body}`);
    };
    await expect(driver.run(1)).resolves.toMatchObject({ status: 'HTTP/1.1 200 OK', content: 'GET /moved?to=1 ' });
    await expect(driver.run(2)).resolves.toMatchObject({ content: 'GET /done ' });
  });

  it('an abort rejects with the signal’s reason: a running call ends, a queued one never goes out', async () => {
    const { server, driver } = await setup();
    server.handler = () => undefined;
    const running = new AbortController();
    const queued = new AbortController();
    const first = driver.run(1, {}, { signal: running.signal, timeoutMs: 60_000 }).catch((caught: unknown) => caught);
    const second = driver.run(1, {}, { signal: queued.signal, timeoutMs: 60_000 }).catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    queued.abort(new Error('not needed'));
    await expect(second).resolves.toMatchObject({ message: 'not needed' });
    running.abort(new Error('user gave up'));
    await expect(first).resolves.toMatchObject({ message: 'user gave up' });
    expect(server.requests).toHaveLength(1);
    const aborted = AbortSignal.abort(new Error('before'));
    await expect(driver.run(1, {}, { signal: aborted })).rejects.toThrow('before');
  });

  it('calls sharing one signal all reject when it aborts, the running one and the queued ones', async () => {
    const { server, driver } = await setup();
    server.handler = () => undefined;
    const shared = new AbortController();
    const calls = [1, 2, 3].map(() => driver.run(1, {}, { signal: shared.signal, timeoutMs: 60_000 }).catch((caught: unknown) => caught));
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    shared.abort(new Error('stop all'));
    expect((await Promise.all(calls)).map((error) => (error as Error).message)).toEqual(['stop all', 'stop all', 'stop all']);
    expect(server.requests).toHaveLength(1);
  });

  it('runs one request at a time per connection, in call order', async () => {
    const { server, driver } = await setup();
    const pending: (() => void)[] = [];
    server.handler = (request, response) => pending.push(() => response.end(request.target));
    const calls = [driver.run(1), driver.run(1), driver.run(1)];
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    for (let i = 1; i <= 3; i++) {
      expect(server.requests).toHaveLength(i);
      pending.shift()?.();
      if (i < 3) await vi.waitFor(() => expect(pending).toHaveLength(1));
    }
    await Promise.all(calls);
  });

  it('keepAlive reuses one socket for every request; without it each session opens and closes its own', async () => {
    const kept = await setup([getX({ keepAlive: true })]);
    for (let i = 0; i < 3; i++) await kept.driver.run(1);
    expect(kept.server.requests.map((request) => request.socket)).toEqual([1, 1, 1]);
    const closed = await setup([getX()]);
    for (let i = 0; i < 3; i++) await closed.driver.run(1);
    expect(closed.server.requests.map((request) => request.socket)).toEqual([1, 2, 3]);
  });

  it('rejects a call with QueueFullError when maxQueue calls already wait', async () => {
    const server = await HttpTestServer.start();
    cleanups.push(() => server.close());
    server.handler = () => undefined;
    const driver = new HttpTestDriver(httpSpec([getX()], params), { connections: { api: { url: server.url } }, maxQueue: 1, timeoutMs: 60_000 });
    cleanups.push(() => driver.close());
    await driver.connect();
    const running = driver.run(1).catch((caught: unknown) => caught);
    const queued = driver.run(1).catch((caught: unknown) => caught);
    await expect(driver.run(1)).rejects.toBeInstanceOf(QueueFullError);
    await driver.close();
    expect(await running).toBeInstanceOf(ConnectionClosedError);
    expect(await queued).toBeInstanceOf(ConnectionClosedError);
  });

  it('a session runs its requests in order and merges what they store', async () => {
    const two: SessionSpec = {
      id: 3,
      key: 'two',
      connection: 0,
      requests: [
        { verb: 'GET', url: '/first', headers: [], responseHeaders: [], statusParam: 10 },
        { verb: 'GET', pathParam: 1, headers: [], responseHeaders: [], contentParam: 11 },
      ],
    };
    const { server, driver } = await setup([two]);
    server.handler = (request, response) => response.end(`body of ${request.target}`);
    await expect(driver.run(3, { path: 'second' })).resolves.toEqual({ status: 'HTTP/1.1 200 OK', content: 'body of /second' });
    expect(server.requests.map((request) => request.target)).toEqual(['/first', '/second']);
  });

  it('writing the dynamic-ip param re-targets the next request (host:port or a full URL)', async () => {
    const { server, driver } = await setup([getX({ keepAlive: true })], { dynamic: true });
    const other = await HttpTestServer.start();
    cleanups.push(() => other.close());
    await driver.run(1);
    driver.params.set('url', `127.0.0.1:${other.port}`);
    await driver.run(1);
    driver.params.set('url', server.url);
    await driver.run(1);
    expect([server.requests.length, other.requests.length]).toEqual([2, 1]);
  });

  it('close() rejects running and queued calls with ConnectionClosedError; calls after it reject at once', async () => {
    const { server, driver } = await setup();
    server.handler = () => undefined;
    const states: string[] = [];
    driver.on('state', (_key, state) => states.push(state));
    const running = driver.run(1, {}, { timeoutMs: 60_000 }).catch((caught: unknown) => caught);
    const queued = driver.run(1).catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    await driver.close();
    expect(await running).toBeInstanceOf(ConnectionClosedError);
    expect(await queued).toBeInstanceOf(ConnectionClosedError);
    await expect(driver.run(1)).rejects.toThrow("Connection 'api' is not open (closed)");
    expect(states).toEqual(['closed']);
  });

  it('a body larger than maxMessageBytes rejects with MessageTooLargeError and is not retried', async () => {
    const server = await HttpTestServer.start();
    cleanups.push(() => server.close());
    const driver = new HttpTestDriver(httpSpec([getX()], params), { connections: { api: { url: server.url } }, maxMessageBytes: 1000, retries: 2 });
    cleanups.push(() => driver.close());
    await driver.connect();
    server.handler = (_request, response) => response.end('x'.repeat(1001));
    await expect(driver.run(1)).rejects.toBeInstanceOf(MessageTooLargeError);
    server.handler = (_request, response) => response.end('x'.repeat(1000));
    await expect(driver.run(1)).resolves.toMatchObject({ content: 'x'.repeat(1000) });
    expect(server.requests).toHaveLength(2);
  });

  it('goes through the proxy option (CONNECT tunnel) when one is given', async () => {
    const server = await HttpTestServer.start();
    cleanups.push(() => server.close());
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
      tunnels.push(request.url ?? '');
      const [host = '', port = ''] = (request.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => (proxy.closeAllConnections(), proxy.close(() => resolve()))));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const driver = new HttpTestDriver(httpSpec([getX()], params), { connections: { api: { url: server.url, proxy: proxyUrl } } });
    cleanups.push(() => driver.close());
    await driver.connect();
    await expect(driver.run(1)).resolves.toMatchObject({ content: 'ok' });
    expect(tunnels).toEqual([`127.0.0.1:${server.port}`]);
    expect(server.requests.map((request) => request.target)).toEqual(['/x']);
  });

  it('an HTTP connection left out with false is never opened and its sessions reject with ConnectionClosedError', async () => {
    const driver = new HttpTestDriver(httpSpec([getX()], params), { connections: { api: false } });
    cleanups.push(() => driver.close());
    await driver.connect();
    expect(driver.state('api')).toBe('closed');
    await expect(driver.run(1)).rejects.toThrow("Connection 'api' is left out (options.connections.api is false): session 'getX' cannot run");
  });

  it('a header value with a line break (header injection) is refused before anything is sent, with a RangeError, not retried', async () => {
    const injected: SessionSpec = { id: 4, key: 'injected', connection: 0, requests: [{ verb: 'GET', url: '/x', headers: [{ name: 'X-Token', param: 1 }], responseHeaders: [] }] };
    const { server, driver } = await setup([injected], { retries: 2 });
    const error = await driver.run(4, { path: 'v\r\nX-Injected: 1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe("Session 'injected' (4): invalid X-Token header; nothing was sent");
    expect(server.requests).toHaveLength(0);
    await expect(driver.run(4, { path: 'clean' })).resolves.toEqual({});
  });

  it('a refused connection fails every attempt and rejects; the driver emits no unhandled error', async () => {
    const { server, driver } = await setup([getX()], { retries: 2 });
    await server.close();
    const error = await driver.run(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toContain('could not complete GET');
  });

  it('close() during connect() wins, and a connect() while the overtaken one still loads opens the connection', async () => {
    const server = await HttpTestServer.start();
    cleanups.push(() => server.close());
    const driver = new HttpTestDriver(httpSpec([getX()], params), { connections: { api: { url: server.url } } });
    cleanups.push(() => driver.close());
    const overtaken = driver.connect();
    const closing = driver.close();
    expect(driver.state('api')).toBe('closed');
    const again = driver.connect();
    await Promise.all([overtaken, closing, again]);
    expect(driver.state('api')).toBe('open');
    expect((await driver.run(1))['status']).toBe('HTTP/1.1 200 OK');
  });
});
