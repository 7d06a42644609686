// The byte-stream seam (contract §9): a Connection driven over an in-memory duplex transport whose
// chunks have no message boundaries, cut by a test framer that asks the responses' layouts
// (`FrameCodec.measure`) when a message is complete. Nothing here is WebSocket.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DriverEvents, ParamSpec, ProtocolSpec } from '@protogen-dm/runtime';
import { createCodec, NOT_HERE } from '@protogen-dm/runtime/codec';
import { Connection } from '../../runtime/src/connection.js';
import { Emitter } from '../../runtime/src/events.js';
import { Params } from '../../runtime/src/param-store.js';
import { compileProtocol, type PairPlan, type ResponsePlan } from '../../runtime/src/plan.js';
import type { FrameSink, Framer, Link, SendListener, Transport, TransportHandler } from '../../runtime/src/transport.js';
import { rejection } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

const hex = (ascii: string): string => Buffer.from(ascii, 'latin1').toString('hex');
const constant = (id: number, role: ParamSpec['role'], ascii: string): ParamSpec => ({
  id,
  key: `c${id}`,
  role,
  value: 'string',
  raw: 'other',
  lengthType: 'fixed',
  length: ascii.length,
  constant: hex(ascii),
});
const text = (id: number, key: string): ParamSpec => ({ id, key, role: 'read', value: 'string', raw: 'other', lengthType: 'next param' });

/** `Q:<x>;` asks, `R:<x>;` answers, `E:<x>;` is pushed, `T:<x>` (no trailer: only the timeout ends it) answers `slow`. */
const spec: ProtocolSpec = {
  name: 'Stream',
  version: '1.0',
  connections: [{ id: 0, key: 'line', name: 'Line' }],
  params: [
    text(1, 'request'),
    text(2, 'reply'),
    text(3, 'event'),
    text(4, 'tail'),
    constant(10, 'header', 'Q:'),
    constant(11, 'header', 'R:'),
    constant(12, 'header', 'E:'),
    constant(13, 'header', 'T:'),
    constant(19, 'trailer', ';'),
  ],
  commands: [{ id: 1, key: 'query', params: [10, 1, 19], text: false }],
  responses: [
    { id: 1, key: 'reply', params: [11, 2, 19], connection: 0 },
    { id: 2, key: 'event', params: [12, 3, 19], connection: 0 },
    { id: 3, key: 'tail', params: [13, 4], connection: 0 },
  ],
  pairs: [
    { id: 1, key: 'query', command: 1, responses: [1], badResponses: [], connection: 0 },
    { id: 2, key: 'slow', command: 1, responses: [3], badResponses: [], connection: 0 },
  ],
};

/**
 * Cuts a stream with the layouts of the responses that may come: the expected pair's, then push data.
 * A complete frame goes out at once; an incomplete one waits; bytes no layout can place wait for the
 * pair's timeout (`end`), as on a DataMiner serial connection.
 */
class TestFramer implements Framer {
  readonly #push: readonly ResponsePlan[];
  #buffer = new Uint8Array(0);
  sends = 0;

  constructor(push: readonly ResponsePlan[]) {
    this.#push = push;
  }

  push(chunk: Uint8Array, expecting: PairPlan | undefined, sink: FrameSink): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    const candidates = [...(expecting?.responses ?? []), ...(expecting?.badResponses ?? []), ...this.#push];
    for (;;) {
      const lengths = candidates.map((response) => response.frame.measure(this.#buffer));
      const complete = lengths.find((length) => length > 0);
      if (complete === undefined) return;
      const message = this.#buffer.subarray(0, complete);
      this.#buffer = this.#buffer.subarray(complete);
      sink.message(message, 0, message.length);
    }
  }

  sending(): void {
    this.sends++;
  }

  stop(): void {}

  end(_expecting: PairPlan | undefined, sink: FrameSink): void {
    if (this.#buffer.length === 0) return;
    const message = this.#buffer;
    this.#buffer = new Uint8Array(0);
    sink.message(message, 0, message.length);
  }
}

/** An in-memory duplex: what the connection writes is recorded; the test feeds chunks back. */
class MemoryTransport implements Transport {
  readonly written: string[] = [];
  readonly #handler: TransportHandler;
  bufferedAmount = 0;

  constructor(handler: TransportHandler) {
    this.#handler = handler;
    queueMicrotask(() => handler.opened(this));
  }

  send(data: Uint8Array, _text: boolean, listener: SendListener | undefined): void {
    this.written.push(Buffer.from(data).toString('latin1'));
    if (listener !== undefined) queueMicrotask(() => listener.sent(undefined));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  feed(chunk: string): void {
    this.#handler.received(this, Buffer.from(chunk, 'latin1'));
  }

  drop(): void {
    this.#handler.closed(this, 1006, undefined, new Error('line dropped'));
  }
}

function setup(): { connection: Connection<'line'>; transport: () => MemoryTransport; framers: TestFramer[]; events: Emitter<DriverEvents<'line'>>; params: Params<Record<string, string>, 'line'> } {
  const compiled = compileProtocol(spec);
  const push = compiled.push.get(0) ?? [];
  const transports: MemoryTransport[] = [];
  const framers: TestFramer[] = [];
  const link: Link = {
    open: (_options, handler) => {
      const transport = new MemoryTransport(handler);
      transports.push(transport);
      return transport;
    },
    framer: () => {
      const framer = new TestFramer(push);
      framers.push(framer);
      return framer;
    },
  };
  const events = new Emitter<DriverEvents<'line'>>();
  const params = new Params<Record<string, string>, 'line'>(spec.params, events);
  const connection = new Connection<'line'>({
    spec: spec.connections[0]!,
    options: { url: 'tcp://device:4001' },
    params,
    paramsById: compiled.paramsById,
    events,
    push,
    timeoutMs: undefined,
    retries: undefined,
    maxQueue: 10,
    maxMessageBytes: 1024,
    heartbeatMs: 0,
    backoff: undefined,
    checkValues: true,
    link,
  });
  const transport = (): MemoryTransport => {
    const last = transports.at(-1);
    if (last === undefined) throw new Error('no transport opened');
    return last;
  };
  return { connection, transport, framers, events, params };
}

const pair = (id: number): PairPlan => {
  const plan = compileProtocol(spec).pairs.get(id);
  if (plan === undefined) throw new Error(`no pair ${id}`);
  return plan;
};

describe('a byte-stream link through the shared Connection', () => {
  it('resolves a call only once its response, split over several chunks, is complete', async () => {
    const { connection, transport, framers } = setup();
    await connection.open();
    expect(connection.state).toBe('open');
    let settled = false;
    const call = connection.call(pair(1), { request: 'temp' }, undefined).then((value) => {
      settled = true;
      return value;
    });
    expect(transport().written).toEqual(['Q:temp;']);
    expect(framers[0]?.sends).toBe(1);
    for (const chunk of ['R', ':21', '.5']) {
      transport().feed(chunk);
      await Promise.resolve();
      expect(settled).toBe(false);
    }
    transport().feed(';');
    await expect(call).resolves.toEqual({ reply: '21.5' });
  });

  it('routes two frames that arrive in one chunk: the reply settles the call, the next one is push data', async () => {
    const { connection, transport, events, params } = setup();
    const unmatched: string[] = [];
    events.on('unmatched', (_c, bytes) => unmatched.push(Buffer.from(bytes).toString('latin1')));
    await connection.open();
    const call = connection.call(pair(1), { request: 'a' }, undefined);
    transport().feed('R:one;E:two;R:');
    await expect(call).resolves.toEqual({ reply: 'one' });
    expect(params.get('event')).toBe('two');
    transport().feed('three;');
    expect(params.get('reply')).toBe('three');
    expect(unmatched).toEqual([]);
  });

  it('hands over what the layout cannot tell complete when the pair times out', async () => {
    const { connection, transport } = setup();
    await connection.open();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const call = connection.call(pair(2), { request: 'x' }, { timeoutMs: 100 });
    transport().feed('T:no trailer');
    transport().feed(', more');
    await vi.advanceTimersByTimeAsync(100);
    await expect(call).resolves.toEqual({ tail: 'no trailer, more' });
  });

  it('rejects what is pending when the stream drops, like any connection', async () => {
    const { connection, transport } = setup();
    await connection.open();
    const call = rejection(connection.call(pair(1), { request: 'a' }, undefined));
    transport().feed('R:half');
    transport().drop();
    expect(await call).toMatchObject({ name: 'ConnectionClosedError', connection: 'line', code: 1006 });
    expect(connection.state).toBe('closed');
  });
});

describe('FrameCodec.measure: when a response on a byte stream is complete', () => {
  const u8 = (id: number, role: ParamSpec['role'] = 'read'): ParamSpec => ({ id, key: `p${id}`, role, value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 1 });
  const measureOf = (params: ParamSpec[], order: number[]): ((bytes: number[]) => number) => {
    const protocol: ProtocolSpec = {
      name: 'M',
      version: '1',
      connections: [{ id: 0, key: 'line', name: 'Line' }],
      params,
      commands: [],
      responses: [{ id: 1, key: 'r', params: order, connection: 0 }],
      pairs: [],
    };
    const codec = createCodec(protocol).response(1);
    return (bytes) => codec.measure(Uint8Array.from(bytes));
  };

  it('(a) every field fixed: that many bytes', () => {
    const measure = measureOf([constant(1, 'header', '\x02'), u8(2), u8(3)], [1, 2, 3]);
    expect([measure([2]), measure([2, 7]), measure([2, 7, 9]), measure([2, 7, 9, 2]), measure([5, 7, 9])]).toEqual([0, 0, 3, 3, NOT_HERE]);
  });

  it('(b) header … trailer: up to the trailer', () => {
    const measure = measureOf([constant(1, 'header', 'R:'), text(2, 'v'), constant(3, 'trailer', ';')], [1, 2, 3]);
    const bytes = (ascii: string): number[] => [...Buffer.from(ascii, 'latin1')];
    expect([measure(bytes('R')), measure(bytes('R:ab')), measure(bytes('R:ab;R:')), measure(bytes('X:ab;'))]).toEqual([0, 0, 5, NOT_HERE]);
  });

  it('(c) a fixed-size length field at a fixed position: what it counts plus what it does not', () => {
    const length: ParamSpec = { ...u8(2, 'length'), lengthOf: [2] };
    const data: ParamSpec = { id: 3, key: 'data', role: 'read', value: 'string', raw: 'other', lengthType: 'other param', lengthParam: 2 };
    // 02 len data… 03: the length counts the data only.
    const measure = measureOf([constant(1, 'header', '\x02'), length, data, constant(4, 'trailer', '\x03')], [1, 2, 3, 4]);
    expect([measure([2]), measure([2, 3, 0x61]), measure([2, 3, 0x61, 0x62, 0x63, 3]), measure([9, 3])]).toEqual([0, 0, 6, NOT_HERE]);
  });

  it('cannot tell a frame that only ends with the message', () => {
    const measure = measureOf([constant(1, 'header', 'T:'), text(2, 'v')], [1, 2]);
    expect(measure([...Buffer.from('T:anything')])).toBe(-1);
  });
});
