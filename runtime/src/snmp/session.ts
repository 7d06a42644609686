/**
 * One net-snmp session (a UDP socket to one agent) and the PDU exchange on it. Timeouts and retries
 * are ours, not net-snmp's: each attempt is one net-snmp request with no retries of its own, so a
 * call's timeout comes from the call, driver or connection options, a cancel (signal, `close()`)
 * ends the attempt in flight at once, and running out of attempts rejects with PairTimeoutError,
 * as a pair does. An agent's error status rejects with SnmpError.
 */
import type NetSnmp from 'net-snmp';
import type { Cancellation } from '../cancellation.js';
import { PairTimeoutError, SnmpError } from '../errors.js';
import type { SnmpUser } from './options.js';
import type { WireVarbind } from './codec.js';
import type { NetSnmpModule } from './loader.js';
import type { SnmpVersion } from './spec.js';

/** Where and as whom a session talks. */
export interface SnmpTarget {
  readonly host: string;
  readonly port: number;
  readonly version: SnmpVersion;
  readonly getCommunity: string;
  readonly setCommunity: string;
  readonly user: SnmpUser | undefined;
  readonly context: string | undefined;
}

/** One call's attempts: what a PairTimeoutError names, and how it is cancelled. */
export interface Exchange {
  readonly connection: string;
  /** The key of the param or table the call reads or sets (PairTimeoutError's `pair`). */
  readonly label: string;
  readonly id: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly cancellation: Cancellation;
  /** The param key of an OID, for SnmpError's `keys`. */
  keyOf(oid: string): string | undefined;
}

/** One PDU: which request, with what. */
export type Pdu =
  | { readonly type: 'get' | 'getNext'; readonly oids: readonly string[] }
  | { readonly type: 'getBulk'; readonly oids: readonly string[]; readonly maxRepetitions: number }
  | { readonly type: 'set'; readonly varbinds: readonly WireVarbind[] };

type Callback = (error: Error | null, varbinds?: unknown[]) => void;

/** Fields of a net-snmp session it reads when it builds each request (untyped by @types/net-snmp). */
interface PerRequest {
  timeout: number;
  retries: number;
  community: string;
}

/** SNMP's own spelling of the error statuses, by code (RFC 3416). */
const STATUS = [
  'noError', 'tooBig', 'noSuchName', 'badValue', 'readOnly', 'genErr', 'noAccess', 'wrongType', 'wrongLength', 'wrongEncoding',
  'wrongValue', 'noCreation', 'inconsistentValue', 'resourceUnavailable', 'commitFailed', 'undoFailed', 'authorizationError',
  'notWritable', 'inconsistentName',
];

export class SnmpSession {
  readonly target: SnmpTarget;
  readonly #session: NetSnmp.Session;

  constructor(snmp: NetSnmpModule, target: SnmpTarget, report: (error: unknown) => void) {
    this.target = target;
    const options = { port: target.port, retries: 0, timeout: 1000, backwardsGetNexts: false };
    this.#session =
      target.version === 'v3'
        ? snmp.createV3Session(target.host, v3User(snmp, target.user), { ...options, version: snmp.Version3, context: target.context ?? '' })
        : snmp.createSession(target.host, target.getCommunity, { ...options, version: target.version === 'v1' ? snmp.Version1 : snmp.Version2c });
    // A datagram that is not SNMP, or a socket error: reported, never thrown out of the socket.
    this.#session.on('error', report);
  }

  /** Sends `pdu` until it is answered, the attempts run out or the exchange is cancelled. */
  async request(pdu: Pdu, exchange: Exchange): Promise<unknown[]> {
    for (let attempt = 1; ; attempt++) {
      if (exchange.cancellation.cancelled) throw exchange.cancellation.reason;
      try {
        return await this.#attempt(pdu, exchange);
      } catch (error) {
        if (exchange.cancellation.cancelled) throw exchange.cancellation.reason;
        if (!(error instanceof Error) || error.name !== 'RequestTimedOutError') throw this.#failure(error, exchange);
        if (attempt > exchange.retries) throw new PairTimeoutError(exchange.label, exchange.id, exchange.connection, exchange.timeoutMs, attempt);
      }
    }
  }

  close(): void {
    this.#session.cancelRequests(new Error('session closed'));
    try {
      this.#session.close();
    } catch {
      // Already closed (the socket went away): nothing is left to close.
    }
  }

  #attempt(pdu: Pdu, exchange: Exchange): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const session = this.#session;
      // Read by net-snmp when it builds the request: one request runs at a time on a connection.
      const perRequest = session as unknown as PerRequest;
      perRequest.timeout = exchange.timeoutMs;
      perRequest.retries = 0;
      if (this.target.version !== 'v3') perRequest.community = pdu.type === 'set' ? this.target.setCommunity : this.target.getCommunity;
      exchange.cancellation.watch({
        abort: (reason) => {
          reject(reason);
          session.cancelRequests(reason);
        },
      });
      const done: Callback = (error, varbinds) => {
        exchange.cancellation.watch(undefined);
        if (error) reject(error);
        else resolve(varbinds ?? []);
      };
      this.#send(session, pdu, done);
    });
  }

  #send(session: NetSnmp.Session, pdu: Pdu, done: Callback): void {
    const cb = done as NetSnmp.GetSetCallback & NetSnmp.GetBulkCallback;
    switch (pdu.type) {
      case 'get':
        session.get([...pdu.oids], cb);
        return;
      case 'getNext':
        session.getNext([...pdu.oids], cb);
        return;
      case 'getBulk':
        session.getBulk([...pdu.oids], 0, pdu.maxRepetitions, cb);
        return;
      case 'set':
        session.set(pdu.varbinds as NetSnmp.Varbind[], cb);
    }
  }

  /** An agent's error status as SnmpError; anything else (a malformed response, a v3 USM report) as it is. */
  #failure(error: unknown, exchange: Exchange): unknown {
    if (!(error instanceof Error) || error.name !== 'RequestFailedError') return error;
    const code = (error as Error & { status?: number }).status ?? 5;
    const oid = /: ([\d.]+)$/.exec(error.message)?.[1];
    const key = oid === undefined ? undefined : exchange.keyOf(oid);
    return new SnmpError(exchange.connection, STATUS[code] ?? `error status ${code}`, oid, key === undefined ? [] : [key]);
  }
}

export function v3User(snmp: NetSnmpModule, user: SnmpUser | undefined): NetSnmp.User {
  if (user === undefined) throw new TypeError('an SNMPv3 connection needs options.user');
  if (user.authKey === undefined) return { name: user.name, level: snmp.SecurityLevel.noAuthNoPriv };
  const auth = { name: user.name, authProtocol: snmp.AuthProtocols[user.authProtocol ?? 'sha'], authKey: user.authKey };
  if (user.privKey === undefined) return { ...auth, level: snmp.SecurityLevel.authNoPriv };
  return { ...auth, level: snmp.SecurityLevel.authPriv, privProtocol: snmp.PrivProtocols[user.privProtocol ?? 'aes'], privKey: user.privKey };
}
