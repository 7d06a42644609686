/**
 * Error classes a driver rejects with or emits. Each carries the fields a caller needs to react without
 * parsing the message: the pair and connection involved, the limit or timeout that was hit.
 */

/** A pair got no response within its timeout, after every retry. */
export class PairTimeoutError extends Error {
  override readonly name = 'PairTimeoutError';
  /** The pair's key (the generated method name). */
  readonly pair: string;
  readonly pairId: number;
  /** The connection key the command went out on. */
  readonly connection: string;
  /** The timeout of each attempt. */
  readonly timeoutMs: number;
  /** How many times the command was sent (1 + retries). */
  readonly attempts: number;
  /** Where the pair is declared in the protocol XML (`protocol.xml:118`), when the spec says. */
  readonly source: string | undefined;

  constructor(pair: string, pairId: number, connection: string, timeoutMs: number, attempts: number, source?: string) {
    const where = source === undefined ? '' : ` (${source})`;
    super(
      `Pair '${pair}' (${pairId})${where} got no response on connection '${connection}' ` +
        `within ${timeoutMs} ms after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
    );
    this.pair = pair;
    this.pairId = pairId;
    this.connection = connection;
    this.timeoutMs = timeoutMs;
    this.attempts = attempts;
    this.source = source;
  }
}

/** The connection is not open, or closed while the call was pending or queued. */
export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
  readonly connection: string;
  /** Close code (RFC 6455 numbering, which every link uses), when the socket reported one. */
  readonly code: number | undefined;
  /** Close reason; absent when the peer gave none (always for 1006). */
  readonly reason: string | undefined;

  constructor(connection: string, detail: string, code?: number, reason?: string, options?: ErrorOptions) {
    const suffix = code === undefined ? '' : ` (code ${code}${reason ? `: ${reason}` : ''})`;
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`Connection '${connection}' ${detail}${suffix}${why}`, options);
    this.connection = connection;
    this.code = code;
    this.reason = reason;
  }
}

/** A connection could not be opened (refused, handshake rejected, timed out). The cause says why. */
export class ConnectError extends Error {
  override readonly name = 'ConnectError';
  readonly connection: string;
  readonly url: string;

  constructor(connection: string, url: string, options?: ErrorOptions) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`Connection '${connection}' could not be opened to ${url}${why}`, options);
    this.connection = connection;
    this.url = url;
  }
}

/** The connection's call queue already holds `limit` calls waiting behind the one in flight. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  readonly connection: string;
  readonly limit: number;

  constructor(connection: string, limit: number) {
    super(`Connection '${connection}' already has ${limit} calls queued (maxQueue)`);
    this.connection = connection;
    this.limit = limit;
  }
}

/**
 * The device answered with one of the pair's `ResponseOnBadCommand`s. `values` holds what it said.
 * A generated module exports it typed per pair: `SetLabelBadCommand = BadCommandError<'setLabel', {…}>`.
 */
export class BadCommandError<P extends string = string, V extends object = Readonly<Record<string, string | number>>> extends Error {
  override readonly name = 'BadCommandError';
  /** The pair's method name. */
  readonly pair: P;
  readonly pairId: number;
  readonly connection: string;
  /** The bad-command response's key and id. */
  readonly response: string;
  readonly responseId: number;
  /** The parsed values of the bad-command response, keyed by param key. */
  readonly values: V;
  readonly source: string | undefined;

  constructor(pair: P, pairId: number, connection: string, response: string, responseId: number, values: V, source?: string) {
    const where = source === undefined ? '' : ` (${source})`;
    super(`Pair '${pair}' (${pairId})${where} was refused by the device: response '${response}' (${responseId})`);
    this.pair = pair;
    this.pairId = pairId;
    this.connection = connection;
    this.response = response;
    this.responseId = responseId;
    this.values = values;
    this.source = source;
  }
}

/** An incoming message exceeded `maxMessageBytes`; the socket was closed with code 1009. */
export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
  readonly connection: string;
  readonly limit: number;

  constructor(connection: string, limit: number, options?: ErrorOptions) {
    super(`Connection '${connection}' received a message larger than ${limit} bytes (maxMessageBytes); socket closed`, options);
    this.connection = connection;
    this.limit = limit;
  }
}

/**
 * An SNMP agent answered with an error status (`noSuchName`, `readOnly`, `genErr`…), or a v2c/v3 agent
 * had no object or instance for an OID (`noSuchObject`, `noSuchInstance`).
 */
export class SnmpError extends Error {
  override readonly name = 'SnmpError';
  readonly connection: string;
  /** The status in SNMP's own spelling: `noSuchName`, `badValue`, `readOnly`, `genErr`, `noSuchObject`… */
  readonly status: string;
  /** The OID the agent named (its error index), when it named one. */
  readonly oid: string | undefined;
  /** Param keys the status concerns (the varbind the error index names, or every key without a value). */
  readonly keys: readonly string[];

  constructor(connection: string, status: string, oid: string | undefined, keys: readonly string[]) {
    const what = keys.length > 0 ? ` for ${keys.map((key) => `'${key}'`).join(', ')}` : '';
    super(`SNMP agent of connection '${connection}' answered ${status}${oid === undefined ? '' : ` (${oid})`}${what}`);
    this.connection = connection;
    this.status = status;
    this.oid = oid;
    this.keys = keys;
  }
}
