/**
 * Wire faults against a real `ws` server, seen through the fault-injecting TCP proxy (all on 127.0.0.1):
 * a server that closes mid-frame, a reset connection, a half-open path, a slow server, a frame beyond
 * the size limit, invalid UTF-8 in a text frame, malformed bytes on the wire, and a flood of pushed
 * messages. For each: what the pending call rejects with (class, close code), what the driver emits,
 * that no rejection goes unhandled, and that the driver works again after it reconnects.
 * docs/failure-modes.md documents the same behaviour.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectError, ConnectionClosedError, MessageTooLargeError, PairTimeoutError } from '@protogen-dm/runtime';
import { Cleanup, delay, outcome, record, until, type Recorded } from '../runtime/helpers.js';
import { echo, TestServer } from '../runtime/server.js';
import { EchoDriver } from '../runtime/specs.js';
import { FaultProxy, type Link } from './proxy.js';

const cleanup = new Cleanup();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await cleanup.run();
  // Give any stray rejection a turn to surface before checking.
  await delay(5);
  expect(unhandled).toEqual([]);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Reconnects quickly and deterministically (no jitter). */
const fast = { initialDelayMs: 10, maxDelayMs: 40, factor: 2, jitter: 0 } as const;

interface Rig {
  readonly server: TestServer;
  readonly proxy: FaultProxy;
  readonly driver: EchoDriver;
  readonly events: Recorded<'main'>;
}

/** A real server answering `P:x` with `R:x`, a proxy in front of it, and a connected driver dialing the proxy. */
async function rig(options: { readonly heartbeatMs?: number; readonly maxMessageBytes?: number; readonly reconnect?: boolean } = {}): Promise<Rig> {
  const server = cleanup.add(await TestServer.start());
  server.handler = echo;
  const proxy = cleanup.add(await FaultProxy.start(server.port));
  const driver = cleanup.add(
    new EchoDriver({
      connections: { main: { url: proxy.url() } },
      reconnect: options.reconnect === false ? false : fast,
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    }),
  );
  const events = record<'main'>(driver);
  await driver.connect();
  await proxy.waitForLink(1);
  return { server, proxy, driver, events };
}

/** After a fault: the driver reconnects through a fresh link and a call round-trips again. */
async function usableAgain({ driver, proxy }: Rig, links = 2): Promise<void> {
  await proxy.waitForLink(links);
  await until(() => driver.state('main') === 'open');
  await expect(driver.ping({ pingRequest: 'again' }, { timeoutMs: 2000 })).resolves.toEqual({ pingReply: 'again' });
}

/** An unmasked server → client frame: FIN + `opcode`, then the payload length as RFC 6455 encodes it. */
function frame(opcode: number, payload: Buffer, declaredLength: bigint = BigInt(payload.length)): Buffer {
  let header: Buffer;
  if (declaredLength < 126n) header = Buffer.from([0x80 | opcode, Number(declaredLength)]);
  else if (declaredLength < 65536n) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(126, 1);
    header.writeUInt16BE(Number(declaredLength), 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(127, 1);
    header.writeBigUInt64BE(declaredLength, 2);
  }
  return Buffer.concat([header, payload]);
}

const TEXT = 0x1;
const BINARY = 0x2;

/** The rejection of a call, asserted to be a ConnectionClosedError with `code`. */
async function closedWith(pending: Promise<{ value: unknown } | { error: unknown }>, code: number): Promise<ConnectionClosedError> {
  const result = await pending;
  if (!('error' in result)) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  expect(result.error).toBeInstanceOf(ConnectionClosedError);
  const error = result.error as ConnectionClosedError;
  expect(error.connection).toBe('main');
  expect(error.code).toBe(code);
  return error;
}

describe('wire faults through a TCP proxy', () => {
  it('the server closes mid-frame: the pending call rejects (1006), queued ones too, then it reconnects', async () => {
    const rigged = await rig();
    const { server, proxy, driver, events } = rigged;
    let before = 0;
    server.handler = (frame, s) => {
      if (frame.text === 'P:big') {
        before = proxy.last.toClient.bytesWritten;
        proxy.last.toClient.cutNext(1000, 'end');
        s.send(frame.socket, `R:${'x'.repeat(64 * 1024)}`);
      }
    };
    const pending = outcome(driver.ping({ pingRequest: 'big' }, { timeoutMs: 5000 }));
    const queued = outcome(driver.ping({ pingRequest: 'queued' }, { timeoutMs: 5000 }));
    await closedWith(pending, 1006);
    await closedWith(queued, 1006);
    // The client got the frame header and part of the payload of a 64 KiB frame, then FIN.
    expect(proxy.links[0]!.toClient.bytesWritten - before).toBe(1000);
    expect(events.states.map(([, s]) => s).slice(0, 3)).toEqual(['connecting', 'open', 'reconnecting']);
    // A close without a WebSocket close frame is a lost connection, not an error: nothing is emitted.
    expect(events.errors).toEqual([]);
    server.handler = echo;
    await usableAgain(rigged);
  });

  it('the connection is reset (RST): the pending call rejects (1006), then it reconnects', async () => {
    const rigged = await rig();
    const { server, proxy, driver, events } = rigged;
    server.handler = undefined; // no answer: the call stays in flight, 300 more wait behind it
    const pending = outcome(driver.ping({ pingRequest: 'x' }, { timeoutMs: 5000 }));
    const queued = Array.from({ length: 300 }, (_, i) => outcome(driver.ping({ pingRequest: `q${i}` }, { timeoutMs: 5000 })));
    await server.waitForFrames(1);
    proxy.last.reset();
    const error = await closedWith(pending, 1006);
    expect(error.message).toContain("Connection 'main' closed (code 1006)");
    // Every queued call is rejected with the same error, at once, and none of them was ever sent.
    for (const result of await Promise.all(queued)) expect(result).toEqual({ error });
    expect(server.frames).toHaveLength(1);
    expect(events.errors).toEqual([]);
    server.handler = echo;
    await usableAgain(rigged);
  });

  it('without reconnect, a reset leaves it closed: calls reject at once, connect() opens it again', async () => {
    const { server, proxy, driver, events } = await rig({ reconnect: false });
    server.handler = undefined;
    const pending = outcome(driver.ping({ pingRequest: 'x' }, { timeoutMs: 5000 }));
    await server.waitForFrames(1);
    proxy.last.reset();
    await closedWith(pending, 1006);
    expect(driver.state('main')).toBe('closed');
    const meanwhile = await outcome(driver.ping({ pingRequest: 'y' }));
    expect(meanwhile).toMatchObject({ error: { name: 'ConnectionClosedError', message: "Connection 'main' is not open (closed)" } });
    expect(events.states.map(([, s]) => s)).toEqual(['connecting', 'open', 'closed']);
    server.handler = echo;
    await driver.connect();
    await expect(driver.ping({ pingRequest: 'again' })).resolves.toEqual({ pingReply: 'again' });
    expect(proxy.links).toHaveLength(2);
  });

  it.each([
    { path: 'both directions', cut: (link: Link) => link.set('blackhole') },
    { path: 'client → server only', cut: (link: Link) => link.toServer.set('blackhole') },
    { path: 'server → client only', cut: (link: Link) => link.toClient.set('blackhole') },
  ])('a half-open path ($path): the heartbeat closes it (1006) and it reconnects', async ({ cut }) => {
    const rigged = await rig({ heartbeatMs: 40 });
    const { proxy, driver, events } = rigged;
    cut(proxy.last);
    const started = Date.now();
    const pending = outcome(driver.ping({ pingRequest: 'lost' }, { timeoutMs: 10_000 }));
    const error = await closedWith(pending, 1006);
    // Detected within two heartbeat intervals (one ping unanswered), far ahead of the call's timeout.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.message).toContain('No pong within 40 ms (heartbeat)');
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toBeInstanceOf(ConnectionClosedError);
    expect(events.errors[0]!.message).toContain('heartbeat');
    await usableAgain(rigged);
    // The new link is healthy; the heartbeat keeps it open.
    await delay(150);
    expect(driver.state('main')).toBe('open');
  });

  it('a half-open path without heartbeat is not detected: calls time out, the connection stays open', async () => {
    const { proxy, driver, events } = await rig({ reconnect: false });
    proxy.last.set('blackhole');
    const result = await outcome(driver.ping({ pingRequest: 'lost' }, { timeoutMs: 80 }));
    expect('error' in result && result.error).toBeInstanceOf(PairTimeoutError);
    expect(result).toMatchObject({ error: { pair: 'ping', connection: 'main', timeoutMs: 80, attempts: 1 } });
    expect(driver.state('main')).toBe('open');
    expect(events.errors).toEqual([]);
    // Once the path works again, so does the driver.
    proxy.last.set('forward');
    await expect(driver.ping({ pingRequest: 'back' }, { timeoutMs: 2000 })).resolves.toEqual({ pingReply: 'back' });
  });

  it('a slow server: a late reply times the call out and lands in params as push data; the next call works', async () => {
    const { server, driver, events } = await rig();
    server.handler = (frame, s) => {
      if (frame.text === 'P:late') setTimeout(() => s.send(frame.socket, 'R:late'), 150);
      else echo(frame, s);
    };
    const late = await outcome(driver.ping({ pingRequest: 'late' }, { timeoutMs: 50 }));
    expect(late).toMatchObject({ error: { name: 'PairTimeoutError', timeoutMs: 50 } });
    await expect(driver.params.once('pingReply')).resolves.toBe('late');
    await expect(driver.ping({ pingRequest: 'next' })).resolves.toEqual({ pingReply: 'next' });
    expect(events.errors).toEqual([]);
    expect(driver.state('main')).toBe('open');
  });

  it('a slow path: a reply dribbling in 7-byte chunks arrives whole and exact', async () => {
    const { proxy, driver } = await rig();
    proxy.last.toClient.throttle(7, 1);
    const text = `${'abcdefghij'.repeat(40)}✓`;
    await expect(driver.ping({ pingRequest: text }, { timeoutMs: 5000 })).resolves.toEqual({ pingReply: text });
    expect(proxy.last.toClient.bytesWritten).toBeGreaterThan(400);
  });

  it('a server that stops reading: push commands wait behind backpressure and all arrive in order later', async () => {
    const { server, proxy, driver } = await rig();
    proxy.last.toServer.set('pause');
    const big = 'z'.repeat(256 * 1024);
    const sends = Array.from({ length: 24 }, (_, i) => driver.notify({ notifyText: `${i}:${big}` }));
    await delay(50);
    expect(server.frames).toHaveLength(0);
    proxy.last.toServer.set('forward');
    await Promise.all(sends);
    const frames = await server.waitForFrames(24);
    expect(frames.map((f) => f.text.slice(0, f.text.indexOf(':', 2)))).toEqual(Array.from({ length: 24 }, (_, i) => `N:${i}`));
  });

  it('a message beyond maxMessageBytes: closed with 1009, MessageTooLargeError, pending rejected; it reconnects', async () => {
    const rigged = await rig({ maxMessageBytes: 4096 });
    const { server, driver, events } = rigged;
    server.handler = undefined;
    const pending = outcome(driver.ping({ pingRequest: 'x' }, { timeoutMs: 5000 }));
    await server.waitForFrames(1);
    server.push(`E:${'x'.repeat(4096)}`);
    await closedWith(pending, 1009);
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toBeInstanceOf(MessageTooLargeError);
    expect(events.errors[0]).toMatchObject({ connection: 'main', limit: 4096 });
    await until(() => server.closes.length === 1);
    expect(server.closes).toEqual([1009]);
    server.handler = echo;
    await usableAgain(rigged);
  });

  it('a frame header declaring 2^62 bytes: 1009 at once, nothing buffered; it reconnects', async () => {
    const rigged = await rig();
    const { server, proxy, driver, events } = rigged;
    server.handler = undefined;
    const pending = outcome(driver.ping({ pingRequest: 'x' }, { timeoutMs: 5000 }));
    await server.waitForFrames(1);
    proxy.last.toClient.inject(frame(BINARY, Buffer.from('R:'), 2n ** 62n));
    await closedWith(pending, 1009);
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toBeInstanceOf(MessageTooLargeError);
    server.handler = echo;
    await usableAgain(rigged);
  });

  it('invalid UTF-8 in a text frame: closed with 1007, pending rejected, an error event; it reconnects', async () => {
    const rigged = await rig();
    const { server, driver, events } = rigged;
    server.handler = (frame, s) => {
      // ws sends a Buffer as it is, with the text opcode when told so: R: followed by invalid UTF-8.
      if (frame.text === 'P:bad') frame.socket.send(Buffer.from([0x52, 0x3a, 0xff, 0xfe, 0xc3]), { binary: false });
      else echo(frame, s);
    };
    const pending = outcome(driver.ping({ pingRequest: 'bad' }, { timeoutMs: 5000 }));
    const error = await closedWith(pending, 1007);
    expect((error.cause as { code?: string }).code).toBe('WS_ERR_INVALID_UTF8');
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toBeInstanceOf(ConnectionClosedError);
    await until(() => server.closes.length === 1);
    expect(server.closes).toEqual([1007]);
    await usableAgain(rigged);
  });

  it('invalid UTF-8 in a binary frame is data: decoded with U+FFFD, never a crash', async () => {
    const { server, driver, events } = await rig();
    server.handler = (frame) => {
      if (frame.text === 'P:bin') frame.socket.send(Buffer.from([0x52, 0x3a, 0x41, 0xff, 0x42]), { binary: true });
    };
    await expect(driver.ping({ pingRequest: 'bin' })).resolves.toEqual({ pingReply: 'A\ufffdB' });
    expect(events.errors).toEqual([]);
  });

  /** A text message split into `count` empty fragments, none of them final. */
  const fragments = (count: number): Buffer =>
    Buffer.concat([Buffer.from([TEXT, 0x00]), ...Array.from({ length: count - 1 }, () => Buffer.from([0x00, 0x00]))]);

  it.each([
    ['a reserved opcode', frame(0x3, Buffer.from('R:x')), 'WS_ERR_INVALID_OPCODE', 1002],
    ['RSV bits set', Buffer.from([0xc1, 0x03, 0x52, 0x3a, 0x78]), 'WS_ERR_UNEXPECTED_RSV_1', 1002],
    ['a masked frame from the server', Buffer.from([0x81, 0x83, 1, 2, 3, 4, 0x53, 0x38, 0x7b]), 'WS_ERR_UNEXPECTED_MASK', 1002],
    ['a continuation frame with nothing to continue', frame(0x0, Buffer.from('R:x')), 'WS_ERR_INVALID_OPCODE', 1002],
    ['a fragmented ping', Buffer.from([0x09, 0x00]), 'WS_ERR_EXPECTED_FIN', 1002],
    ['a close frame with an invalid code', frame(0x8, Buffer.from([0x03, 0xe7])), 'WS_ERR_INVALID_CLOSE_CODE', 1002],
    ['a message in 16 385 fragments', fragments(16_385), 'WS_ERR_TOO_MANY_BUFFERED_PARTS', 1008],
  ])('malformed frame bytes (%s): closed with %s → %i, pending rejected; it reconnects', async (_name, bytes, code, closeCode) => {
    const rigged = await rig();
    const { server, proxy, driver, events } = rigged;
    server.handler = undefined;
    const pending = outcome(driver.ping({ pingRequest: 'x' }, { timeoutMs: 5000 }));
    await server.waitForFrames(1);
    proxy.last.toClient.inject(bytes);
    const error = await closedWith(pending, closeCode);
    expect((error.cause as { code?: string }).code).toBe(code);
    expect(events.errors).toHaveLength(1);
    await until(() => server.closes.length === 1);
    expect(server.closes).toEqual([closeCode]);
    server.handler = echo;
    await usableAgain(rigged);
  });

  it('well-framed bytes no response matches: an unmatched event each, the call still gets its reply', async () => {
    const { server, proxy, driver, events } = await rig();
    const garbage = [Buffer.from([0x00, 0xff, 0x10]), Buffer.alloc(0), Buffer.from('R'), Buffer.from('not a frame of this protocol')];
    server.handler = (frame, s) => {
      if (frame.text !== 'P:x') return;
      for (const bytes of garbage) s.send(frame.socket, bytes);
      s.send(frame.socket, 'R:x');
    };
    await expect(driver.ping({ pingRequest: 'x' })).resolves.toEqual({ pingReply: 'x' });
    expect(events.unmatched.map(([, text]) => text)).toEqual(garbage.map((bytes) => bytes.toString('utf8')));
    // Raw text frames injected by the proxy route the same way.
    proxy.last.toClient.inject(frame(TEXT, Buffer.from('??')));
    await until(() => events.unmatched.length === garbage.length + 1);
    expect(events.unmatched.at(-1)).toEqual(['main', '??']);
    expect(events.errors).toEqual([]);
    expect(driver.state('main')).toBe('open');
  });
});

describe('faults while opening', () => {
  /** A server, a proxy whose new links get `onLink`, and a driver (not connected, no reconnect). */
  async function unopened(onLink: (link: Link) => void): Promise<{ server: TestServer; proxy: FaultProxy; driver: EchoDriver; events: Recorded<'main'> }> {
    const server = cleanup.add(await TestServer.start());
    server.handler = echo;
    const proxy = cleanup.add(await FaultProxy.start(server.port));
    proxy.onLink = onLink;
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: proxy.url() } } }));
    return { server, proxy, driver, events: record<'main'>(driver) };
  }

  it.each([
    { fault: 'the connection is reset on accept', onLink: (link: Link) => link.reset(), cause: /ECONNRESET|socket hang up/ },
    {
      fault: 'the server answers 200 instead of 101',
      onLink: (link: Link) => {
        link.toServer.set('blackhole');
        link.toClient.inject(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
      },
      cause: /Unexpected server response: 200/,
    },
    {
      fault: 'the server answers bytes that are not HTTP',
      onLink: (link: Link) => {
        link.toServer.set('blackhole');
        link.toClient.inject(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]));
      },
      cause: /Parse Error|Expected HTTP/,
    },
    {
      fault: 'the server answers 101 with a wrong Sec-WebSocket-Accept',
      onLink: (link: Link) => {
        link.toServer.set('blackhole');
        link.toClient.inject(Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm90IHRoZSByaWdodCBrZXk=\r\n\r\n'));
      },
      cause: /Invalid Sec-WebSocket-Accept header/,
    },
  ])('$fault: connect() rejects with ConnectError, then opens once the path is healthy', async ({ onLink, cause }) => {
    const { proxy, driver, events } = await unopened(onLink);
    const result = await outcome(driver.connect());
    expect('error' in result && result.error).toBeInstanceOf(ConnectError);
    const error = (result as { error: ConnectError }).error;
    expect(error.connection).toBe('main');
    // The echo spec's handshake path param adds /dev/ws to the configured URL.
    expect(error.url).toBe(proxy.url('/dev/ws'));
    expect((error.cause as Error).message).toMatch(cause);
    expect(driver.state('main')).toBe('closed');
    expect(events.states.map(([, s]) => s)).toEqual(['connecting', 'closed']);
    // connect() reported it: nothing is emitted on top.
    expect(events.errors).toEqual([]);
    await expect(driver.ping({ pingRequest: 'x' })).rejects.toBeInstanceOf(ConnectionClosedError);
    proxy.onLink = undefined;
    await driver.connect();
    await expect(driver.ping({ pingRequest: 'ok' })).resolves.toEqual({ pingReply: 'ok' });
  });
});

describe('flood', () => {
  it('20 000 pushed messages of 1 KiB: every one is delivered and the heap stays flat', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { server, driver, events } = await rig();
    const count = 20_000;
    const body = 'f'.repeat(1024);
    let received = 0;
    driver.params.on('eventText', () => received++);
    // Warm up (JIT, buffers), then measure.
    server.push(`E:${body}`);
    await until(() => received === 1);
    gc();
    const before = process.memoryUsage().heapUsed;
    const [socket] = server.sockets;
    for (let i = 0; i < count; i++) {
      // Every 100th message matches no response: unmatched events must not pile up either.
      socket!.send(i % 100 === 99 ? `?:${i}` : `E:${i}:${body}`);
    }
    await until(() => received + events.unmatched.length === count + 1, 15_000);
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    expect(received).toBe(1 + count - count / 100);
    expect(events.unmatched).toHaveLength(count / 100);
    // 20 MiB went through; what stays is a recorder holding 200 short strings, far below 4 MiB.
    expect(growth).toBeLessThan(4 * 1024 * 1024);
    expect(driver.params.get('eventText')).toBe(`${count - 2}:${body}`);
  }, 30_000);
});
