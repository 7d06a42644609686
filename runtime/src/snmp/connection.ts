/**
 * One SNMP connection of a protocol (driver-contract §11). It fits the lifecycle every connection
 * has: `open()` loads net-snmp, starts the trap receiver when `trapPort` is given, and makes the
 * connection `open` (UDP has nothing to dial: an agent that is down shows as timeouts); `close()`
 * rejects every queued and running call with ConnectionClosedError and closes the sockets. Calls run
 * one at a time through the connection's queue, sets first. The agent's address is read at each
 * call, so a write of the dynamic-ip param moves the next call.
 */
import { createCipheriv } from 'node:crypto';
import { Cancellation } from '../cancellation.js';
import { Endpoint } from '../endpoint.js';
import { ConnectionClosedError } from '../errors.js';
import { Lifecycle, paramLookup, type DriverConnection, type KindSetup } from '../lifecycle.js';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from '../limits.js';
import { checkCallOptions, type CallOptions } from '../options.js';
import type { ParamWatcher } from '../param-store.js';
import type { ParamSpec } from '../spec.js';
import type { SnmpConnectionOptions } from './options.js';
import { loadNetSnmp, type NetSnmpModule } from './loader.js';
import { SnmpQueue } from './queue.js';
import { SnmpSession, v3User, type Exchange, type SnmpTarget } from './session.js';
import { TrapReceiver, type ReceivedTrap } from './traps.js';

export type SnmpConnectionSetup<C extends string> = KindSetup<C, SnmpConnectionOptions>;

/** What a call does with the session once it is its turn. */
export type SnmpJob<T> = (session: SnmpSession, exchange: Exchange) => Promise<T>;

/** A call: what it reads or sets (for errors), and how it runs. */
export interface SnmpCall<T> {
  readonly kind: 'get' | 'set';
  readonly label: string;
  readonly id: number;
  readonly keyOf: (oid: string) => string | undefined;
  readonly job: SnmpJob<T>;
}

export class SnmpConnection<C extends string> implements DriverConnection<C>, ParamWatcher {
  readonly key: C;
  readonly id: number;
  readonly #setup: SnmpConnectionSetup<C>;
  readonly #lifecycle: Lifecycle<C>;
  readonly #endpoint: Endpoint;
  readonly #queue: SnmpQueue;
  readonly #param: (id: number) => ParamSpec;
  readonly #traps = new Set<(trap: ReceivedTrap) => void>();
  #snmp: NetSnmpModule | undefined;
  #session: SnmpSession | undefined;
  #receiver: TrapReceiver | undefined;
  /** The last URL parsed, and its host and port (parsing it per call would cost more than the call's own work). */
  #parsed: { readonly url: string; readonly host: string; readonly port: number } | undefined;

  constructor(setup: SnmpConnectionSetup<C>) {
    this.key = setup.spec.key as C;
    this.id = setup.spec.id;
    this.#setup = setup;
    const version = setup.options.version ?? setup.spec.snmp?.version ?? 'v2c';
    targetUrl(setup.spec.key, setup.options.url);
    if (version === 'v3' && setup.options.user === undefined) throw new TypeError(`options.connections.${setup.spec.key}.user is required for SNMPv3`);
    this.#param = paramLookup(setup.spec, setup.paramsById);
    this.#lifecycle = new Lifecycle(setup.spec, setup.params, this.#param, setup.events);
    this.#endpoint = new Endpoint(setup.spec, setup.options, setup.params, this.#param);
    this.#queue = new SnmpQueue(setup.spec.key, setup.maxQueue);
    if (this.#endpoint.dynamicKey !== undefined) setup.params.watch(this.#endpoint.dynamicKey, this);
  }

  get state(): DriverConnection<C>['state'] {
    return this.#lifecycle.state;
  }

  get wanted(): boolean {
    return this.#lifecycle.wanted;
  }

  get epoch(): number {
    return this.#lifecycle.epoch;
  }

  /** The port the trap receiver listens on while open; undefined without `trapPort`. */
  get trapPort(): number | undefined {
    return this.#receiver?.port;
  }

  /** Loads net-snmp (the first time) and starts the trap receiver; rejects with ConnectError when either fails. */
  open(): Promise<void> {
    const opened = (receiver: TrapReceiver | undefined): void => {
      this.#receiver = receiver;
    };
    return this.#lifecycle.openInOneStep(this.#setup.options.url, () => this.#start(), opened, async (receiver) => receiver?.close());
  }

  /** The open step: net-snmp, then the trap receiver when `trapPort` is given. */
  async #start(): Promise<TrapReceiver | undefined> {
    this.#snmp = await loadNetSnmp();
    if (this.#version === 'v3' && this.#setup.options.user?.privProtocol === 'des') checkDes();
    const trapPort = this.#setup.options.trapPort;
    if (trapPort === undefined) return undefined;
    const user = this.#version === 'v3' ? v3User(this.#snmp, this.#setup.options.user) : undefined;
    return TrapReceiver.open(this.#snmp, trapPort, user, (trap) => this.#received(trap), (error) => this.#setup.events.report(error));
  }

  /** Rejects every queued and running call with ConnectionClosedError and closes the sockets. */
  async close(): Promise<void> {
    this.#lifecycle.closeNow((error) => this.#queue.rejectAll(error));
    this.#session?.close();
    this.#session = undefined;
    const receiver = this.#receiver;
    this.#receiver = undefined;
    await receiver?.close();
  }

  /** Queues `call`; rejects at once when not open, aborted, invalid or the queue is full. */
  run<T>(call: SnmpCall<T>, options: CallOptions | undefined): Promise<T> {
    if (this.state !== 'open') return Promise.reject(new ConnectionClosedError(this.key, `is not open (${this.state})`));
    try {
      checkCallOptions(options, this.key, false);
    } catch (error) {
      return Promise.reject(error);
    }
    const spec = this.#setup.spec;
    const exchange: Exchange = {
      connection: this.key,
      label: call.label,
      id: call.id,
      timeoutMs: options?.timeoutMs ?? this.#setup.timeoutMs ?? spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retries: options?.retries ?? this.#setup.retries ?? spec.retries ?? DEFAULT_RETRIES,
      cancellation: new Cancellation(),
      keyOf: call.keyOf,
    };
    const work = {
      kind: call.kind,
      run: () => call.job(this.#sessionNow(), exchange),
      cancel: (reason: unknown) => exchange.cancellation.cancel(reason),
    };
    return this.#queue.add(work, options?.signal);
  }

  /** Subscribes to every trap this connection takes (from its host); returns the unsubscribe function. */
  onTrap(listener: (trap: ReceivedTrap) => void): () => void {
    this.#traps.add(listener);
    return () => this.#traps.delete(listener);
  }

  // ParamWatcher: the dynamic-ip param was written; the next call goes to the new address.

  paramWritten(changed: boolean): void {
    if (!changed) return;
    this.#session?.close();
    this.#session = undefined;
  }

  get #version(): 'v1' | 'v2c' | 'v3' {
    return this.#setup.options.version ?? this.#setup.spec.snmp?.version ?? 'v2c';
  }

  /** The session to the agent's current address and communities (a new one when they changed). */
  #sessionNow(): SnmpSession {
    const target = this.#target();
    const current = this.#session;
    if (current !== undefined && sameTarget(current.target, target)) return current;
    current?.close();
    const session = new SnmpSession(this.#snmp as NetSnmpModule, target, (error) => this.#setup.events.report(error));
    this.#session = session;
    return session;
  }

  #target(): SnmpTarget {
    const { options, spec, params } = this.#setup;
    const { host, port } = this.#address();
    const fromParam = (id: number | undefined): string | undefined => {
      const value = id === undefined ? undefined : params.read(this.#param(id).key);
      return value === undefined || value === null || value === '' ? undefined : String(value);
    };
    return {
      host,
      port,
      version: this.#version,
      getCommunity: fromParam(spec.snmp?.getCommunityParam) ?? options.getCommunity ?? 'public',
      setCommunity: fromParam(spec.snmp?.setCommunityParam) ?? options.setCommunity ?? 'private',
      user: options.user,
      context: fromParam(spec.snmp?.contextNameParam),
    };
  }

  /** Host and port of the agent now (the dynamic-ip param's value, else the `url` option). */
  #address(): { readonly host: string; readonly port: number } {
    const url = this.#endpoint.url();
    if (this.#parsed?.url !== url) this.#parsed = { url, ...targetUrl(this.key, url) };
    return this.#parsed;
  }

  #received(trap: ReceivedTrap): void {
    if (this.state !== 'open') return;
    let host: string;
    try {
      host = this.#address().host;
    } catch {
      return;
    }
    if (trap.source !== host) return;
    for (const listener of [...this.#traps]) listener(trap);
  }
}

/** DES privacy needs OpenSSL's legacy provider, which Node 17+ leaves out unless told. */
function checkDes(): void {
  try {
    createCipheriv('des-cbc', Buffer.alloc(8), Buffer.alloc(8));
  } catch (error) {
    throw new Error('SNMPv3 DES privacy needs OpenSSL\'s legacy provider: run node with --openssl-legacy-provider, or use AES', { cause: error });
  }
}

/** Host and port of `udp://host[:port]` (port 161 by default). @throws TypeError for anything else. */
export function targetUrl(key: string, url: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`options.connections.${key}: '${url}' is not a URL`);
  }
  if (parsed.protocol !== 'udp:' || parsed.hostname === '' || (parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search !== '' || parsed.username !== '') {
    throw new TypeError(`options.connections.${key}: '${url}' is not a udp://host[:port] URL`);
  }
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port === '' ? 161 : Number(parsed.port) };
}

function sameTarget(a: SnmpTarget, b: SnmpTarget): boolean {
  return a.host === b.host && a.port === b.port && a.version === b.version && a.getCommunity === b.getCommunity && a.setCommunity === b.setCommunity && a.context === b.context && a.user === b.user;
}
