/**
 * Small hand-written protocol specs and the drivers a generator would emit for them. Every frame is a
 * text prefix (a header constant) followed by one string value running to the end of the message.
 */
import { Driver, type CallOptions, type DriverOptions, type ParamSpec, type ProtocolSpec } from '@protogen-dm/runtime';

const hex = (ascii: string): string => Buffer.from(ascii, 'utf8').toString('hex');

function header(id: number, ascii: string): ParamSpec {
  return { id, key: `header${id}`, role: 'header', value: 'string', raw: 'other', lengthType: 'fixed', length: ascii.length, constant: hex(ascii) };
}

function text(id: number, key: string, extra: Partial<ParamSpec> = {}): ParamSpec {
  return { id, key, role: 'read', value: 'string', raw: 'other', lengthType: 'next param', ...extra };
}

// ── Echo: one connection with status, dynamic ip and handshake params ──────────────────────────────

/** Params of the echo spec, as a generated `Params` interface. */
export interface EchoParams {
  pingRequest: string;
  pingReply: string;
  eventText: string;
  errorText: string;
  notifyText: string;
  aText: string;
  bText: string;
  connectionStatus: 0 | 1;
  host: string;
  token: string;
  path: string;
}

export const echoSpec: ProtocolSpec = {
  name: 'Echo',
  version: '1.0.0.1',
  connections: [
    {
      id: 0,
      key: 'main',
      name: 'Main',
      statusParam: 8,
      dynamicIpParam: 9,
      handshake: { pathParam: 11, headers: [{ name: 'x-token', param: 10 }] },
    },
  ],
  params: [
    text(1, 'pingRequest', { role: 'write' }),
    text(2, 'pingReply'),
    text(3, 'eventText'),
    text(4, 'errorText'),
    text(5, 'notifyText', { role: 'write' }),
    text(6, 'aText'),
    text(7, 'bText'),
    { id: 8, key: 'connectionStatus', role: 'read', value: 'number', raw: 'other', lengthType: 'next param' },
    text(9, 'host'),
    text(10, 'token', { defaultValue: 'secret-1' }),
    text(11, 'path', { defaultValue: '/dev/ws' }),
    header(20, 'P:'),
    header(21, 'R:'),
    header(22, 'E:'),
    header(23, 'ERR:'),
    header(24, 'N:'),
    header(25, 'A:'),
    header(26, 'B:'),
    header(27, 'Q:'),
    header(28, 'S:'),
  ],
  commands: [
    { id: 1, key: 'ping', params: [20, 1], text: true },
    { id: 2, key: 'notify', params: [24, 5], text: false },
    { id: 3, key: 'query', params: [27, 1], text: true },
    { id: 4, key: 'slow', params: [28, 1], text: true },
  ],
  responses: [
    { id: 1, key: 'pong', params: [21, 2], connection: 0 },
    { id: 2, key: 'event', params: [22, 3], connection: 0 },
    { id: 3, key: 'error', params: [23, 4], connection: 0 },
    { id: 4, key: 'a', params: [25, 6], connection: 0 },
    { id: 5, key: 'b', params: [26, 7], connection: 0 },
  ],
  pairs: [
    { id: 1, key: 'ping', command: 1, responses: [1], badResponses: [3], connection: 0, source: 'echo.xml:40' },
    { id: 2, key: 'notify', command: 2, responses: [], badResponses: [], connection: 0 },
    { id: 3, key: 'query', command: 3, responses: [4, 5], badResponses: [], connection: 0 },
    { id: 4, key: 'slow', command: 4, responses: [1], badResponses: [], connection: 0 },
    { id: 5, key: 'slowPair', command: 4, responses: [1], badResponses: [], connection: 0, timeoutMs: 60, retries: 2 },
  ],
};

/** The echo spec with a connection-level timeout and retries (`TimeoutTime`, `Retries`). */
export function echoSpecWithConnectionDefaults(timeoutMs: number, retries: number): ProtocolSpec {
  const [main] = echoSpec.connections;
  if (main === undefined) throw new Error('echo spec has no connection');
  return { ...echoSpec, connections: [{ ...main, timeoutMs, retries }] };
}

export type QueryResult = { response: 'a'; values: { aText: string } } | { response: 'b'; values: { bText: string } };

/** What the generator would emit for the echo spec. */
export class EchoDriver extends Driver<EchoParams, 'main'> {
  constructor(options: DriverOptions<'main'>, spec: ProtocolSpec = echoSpec) {
    super(spec, options);
  }

  /** Pair 1 · Command 1 · Response 1 (bad: Response 3) */
  ping(values: { readonly pingRequest: string }, options?: CallOptions): Promise<{ pingReply: string }> {
    return this.request(1, values, options) as Promise<{ pingReply: string }>;
  }

  /** Pair 2 · Command 2 (push, binary) */
  notify(values: { readonly notifyText: string }, options?: CallOptions): Promise<void> {
    return this.request(2, values, options) as Promise<void>;
  }

  /** Pair 3 · Command 3 · Responses 4, 5 */
  query(values: { readonly pingRequest: string }, options?: CallOptions): Promise<QueryResult> {
    return this.request(3, values, options) as Promise<QueryResult>;
  }

  /** Pair 4 · Command 4 · Response 1 (no timeout of its own) */
  slow(values: { readonly pingRequest: string }, options?: CallOptions): Promise<{ pingReply: string }> {
    return this.request(4, values, options) as Promise<{ pingReply: string }>;
  }

  /** Pair 5 · Command 4 · Response 1 (timeout 60 ms, 2 retries) */
  slowPair(values: { readonly pingRequest: string }, options?: CallOptions): Promise<{ pingReply: string }> {
    return this.request(5, values, options) as Promise<{ pingReply: string }>;
  }
}

// ── Two connections: commands and pushes on each ────────────────────────────────────────────────

export interface TwoParams {
  command: string;
  reply: string;
  eventText: string;
  eventsStatus: string;
}

export const twoSpec: ProtocolSpec = {
  name: 'Two',
  version: '1.0',
  connections: [
    { id: 0, key: 'control', name: 'Control' },
    { id: 1, key: 'events', name: 'Events', statusParam: 4 },
  ],
  params: [
    text(1, 'command', { role: 'write' }),
    text(2, 'reply'),
    text(3, 'eventText'),
    text(4, 'eventsStatus'),
    header(20, 'C:'),
    header(21, 'R:'),
    header(22, 'E:'),
  ],
  commands: [{ id: 1, key: 'command', params: [20, 1], text: true }],
  responses: [
    { id: 1, key: 'reply', params: [21, 2], connection: 0 },
    { id: 2, key: 'event', params: [22, 3], connection: 1 },
    { id: 3, key: 'eventsReply', params: [21, 2], connection: 1 },
  ],
  pairs: [
    { id: 1, key: 'control', command: 1, responses: [1], badResponses: [], connection: 0 },
    { id: 2, key: 'subscribe', command: 1, responses: [3], badResponses: [], connection: 1 },
  ],
};

export class TwoDriver extends Driver<TwoParams, 'control' | 'events'> {
  constructor(options: DriverOptions<'control' | 'events'>) {
    super(twoSpec, options);
  }

  control(values: { readonly command: string }, options?: CallOptions): Promise<{ reply: string }> {
    return this.request(1, values, options) as Promise<{ reply: string }>;
  }

  subscribe(values: { readonly command: string }, options?: CallOptions): Promise<{ reply: string }> {
    return this.request(2, values, options) as Promise<{ reply: string }>;
  }
}
