/**
 * The options a driver user passes, and their validation. Defaults live in `limits.ts`.
 */
import type { HttpConnectionOptions } from './http/options.js';
import type { SnmpConnectionOptions } from './snmp/options.js';
import { MAX_TIMER_MS } from './limits.js';
import type { PollingOptions } from './polling/polling.js';

/**
 * Per-call options, the last argument of every generated pair method. Every optional member of the
 * option types also takes `undefined` (same as leaving it out), so `{ timeoutMs: maybe }` compiles
 * under `exactOptionalPropertyTypes`.
 */
export interface CallOptions {
  /** Time to wait for a response per attempt; overrides the pair, driver and connection defaults. */
  readonly timeoutMs?: number | undefined;
  /** Resends after a timeout; overrides the pair, driver and connection defaults. */
  readonly retries?: number | undefined;
  /** Aborting removes a queued call, or ends an in-flight one; it rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Server mode: send to this client only (`IP:port`, as `client` events and `info.client` name it) and
   * take its reply from it alone; by default a command goes to every connected client (DataMiner).
   */
  readonly client?: string | undefined;
}

/** Where and how to open one connection. */
export interface ConnectionOptions {
  /**
   * `ws://` or `wss://` URL. A value held by the connection's dynamic-ip param takes precedence. A URL
   * that names a path is dialed as it is; one that names none gets the handshake path param's value.
   */
  readonly url: string;
  /**
   * Server mode (serial and smart-serial over TCP or UDP; DataMiner's IP `any`): bind `url`'s host and
   * port (`tcp://0.0.0.0:5100` on every interface, `tcp://127.0.0.1:0` on any free loopback port, told
   * by the `listening` event) and let devices connect instead of dialing. TCP: several clients at once,
   * up to the protocol's `maxConcurrentConnections`; `connect()` resolves once the first has connected,
   * and the connection is open while any is. UDP: open from the first datagram; commands go to the last sender.
   */
  readonly listen?: boolean | undefined;
  /**
   * Server mode over TCP: accept clients from these IP addresses only (DataMiner's allowed IP
   * addresses); a client from another address is closed at once (`client` event `refused`).
   */
  readonly allowedAddresses?: readonly string[] | undefined;
  /** Extra headers for the opening handshake (the protocol's handshake headers are added to them). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Reconnect backoff: exponential from `initialDelayMs` by `factor`, capped at `maxDelayMs`, with jitter. */
export interface ReconnectPolicy {
  /** Delay before the first attempt (default 500 ms). */
  readonly initialDelayMs?: number | undefined;
  /** Cap of the exponential delay (default 30 s). */
  readonly maxDelayMs?: number | undefined;
  /** Growth per attempt (default 2). */
  readonly factor?: number | undefined;
  /** Share of each delay that is random, 0–1 (default 1 = full jitter). */
  readonly jitter?: number | undefined;
  /** Attempts before giving up and going `closed` (default unlimited). */
  readonly maxAttempts?: number | undefined;
  /**
   * A reopened connection counts as back once it has stayed open this long (default 5 s): until then
   * the attempts keep counting, so a device that accepts and drops at once is retried with backoff,
   * and each such drop is reported through `error`.
   */
  readonly stableMs?: number | undefined;
}

/**
 * Options of a generated driver's constructor. `C` is the union of the protocol's connection keys,
 * `H` those of its HTTP connections (which take HttpConnectionOptions), `S` those of its SNMP
 * connections (which take SnmpConnectionOptions).
 */
export interface DriverOptions<C extends string, H extends C = never, S extends C = never> {
  /**
   * Every connection of the protocol by key. `false` leaves one out: the driver never opens it, its
   * state stays `closed`, and its pairs and sessions reject with ConnectionClosedError (a protocol with
   * a control and an events connection can be used for control alone).
   */
  readonly connections: { readonly [K in Exclude<C, H | S>]: ConnectionOptions | false } & { readonly [K in H]: HttpConnectionOptions | false } & {
    readonly [K in S]: SnmpConnectionOptions | false;
  };
  /** Timeout per attempt for pairs without their own (`Pair@timeout`). */
  readonly timeoutMs?: number | undefined;
  /** Retries for pairs without their own. */
  readonly retries?: number | undefined;
  /** Reconnect after a lost connection; default `false`, as DataMiner. `true` uses the default policy. */
  readonly reconnect?: false | true | ReconnectPolicy | undefined;
  /** Calls waiting per connection behind the one in flight (default 1000). */
  readonly maxQueue?: number | undefined;
  /** Largest incoming message in bytes (default 16 MiB); a larger one closes the socket with 1009. */
  readonly maxMessageBytes?: number | undefined;
  /** Ping interval that detects half-open sockets; a missed pong terminates the socket. 0 = off (default). */
  readonly heartbeatMs?: number | undefined;
  /**
   * Reject a call whose value lies outside its param's `Interprete/Range` or `Discreets` before it is
   * sent (default true). `false` sends such values unchanged; values that cannot be encoded at all
   * (too long, not a number, out of the raw type's range) are rejected either way.
   */
  readonly checkValues?: boolean | undefined;
  /** The clock (and random source) `driver.polling` schedules on; default the real ones. */
  readonly polling?: PollingOptions | undefined;
}

/** Throws a RangeError unless `value` is undefined or a finite number within [min, max]. */
export function checkRange(name: string, value: number | undefined, min: number, max: number = MAX_TIMER_MS): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a number from ${min} to ${max}, got ${value}`);
  }
}

/** Throws a RangeError unless `value` is undefined or an integer ≥ `min` (default 0). */
export function checkCount(name: string, value: number | undefined, min = 0): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
}

/**
 * The call options every kind of connection checks before it sends. `client` names a client of a
 * connection in server mode only (`listens`): elsewhere there are none, and a call naming one is a
 * mistake that must not go out anyway.
 */
export function checkCallOptions(options: CallOptions | undefined, connection: string, listens: boolean): void {
  checkRange('timeoutMs', options?.timeoutMs, 1);
  checkCount('retries', options?.retries);
  const client: unknown = options?.client;
  if (client === undefined) return;
  if (typeof client !== 'string') throw new TypeError(`options.client must be a string (IP:port), got ${String(client)}`);
  if (!listens) throw new TypeError(`options.client: connection '${connection}' is not in server mode (listen: true), so it has no clients`);
}

/** Validates the numeric driver options once, at construction. */
export function checkDriverOptions(options: DriverOptions<string, string, string>): void {
  checkRange('timeoutMs', options.timeoutMs, 1);
  checkCount('retries', options.retries);
  // 0 would make every call fail with QueueFullError.
  checkCount('maxQueue', options.maxQueue, 1);
  checkRange('maxMessageBytes', options.maxMessageBytes, 1, Number.MAX_SAFE_INTEGER);
  checkRange('heartbeatMs', options.heartbeatMs, 0);
  if (options.checkValues !== undefined && typeof options.checkValues !== 'boolean') {
    throw new TypeError(`checkValues must be a boolean, got ${String(options.checkValues)}`);
  }
}
