/** The mock device's public types; the implementation is device.ts, the entry point index.ts. */

/** Values keyed by `ParamSpec.key`, as the codec builds and matches them. */
export type MockValues = Record<string, string | number>;

/** A connection named by its id (`0`) or its camelCase key (`'webSocketConnection'`). */
export type ConnectionRef = number | string;

export interface MockDeviceOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /**
   * Port of the first connection; the i-th WebSocket connection of the spec listens on `port + i`.
   * `0` gives every connection an ephemeral port. Default: each connection's `IPport` default from the
   * XML, else 8050 + i; an SNMP connection an ephemeral port (its 161 takes privileges to bind).
   */
  readonly port?: number;
  /** Period of the pushes started by a push pair's command; default 1000 ms. */
  readonly pushIntervalMs?: number;
  /** Serve serial and smart-serial connections over UDP instead of TCP. */
  readonly udp?: boolean;
  /** SNMP connections: communities, v3 user, trap target. */
  readonly snmp?: SnmpMockOptions;
  /** Receives one line per frame in and out (and per socket opened or closed). Default: silent. */
  readonly log?: (line: string) => void;
}

/** One frame a client sent to the mock. */
export interface ReceivedFrame {
  /** Id of the connection it arrived on. */
  readonly connection: number;
  /** Whether it came as a text frame. */
  readonly text: boolean;
  readonly bytes: Uint8Array;
  /** Key of the command it matched; absent for a frame no command of the connection accepts. */
  readonly command?: string;
  /** The matched command's values (keyed by param key). */
  readonly values?: MockValues;
}

/** The opening handshake of one socket a client opened. */
export interface Handshake {
  readonly connection: number;
  /** Request path and query, `/feed?x=1`. */
  readonly path: string;
  /** Request headers, lower-case names as Node reports them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/**
 * How the mock writes frames on serial and smart-serial connections, to test a driver against the
 * awkward devices that exist. Default: each frame in one write.
 */
export interface ChunkSetting {
  /** Split each frame into this many writes (at most one byte each). */
  readonly pieces?: number;
  /** Pause between the pieces of a frame, ms. */
  readonly delayMs?: number;
  /** Write this many frames as one chunk (a frame waits at most 50 ms for the others). */
  readonly together?: number;
}

/** How many upcoming answers to drop: a count, every answer, or none (stop dropping). */
export type DropSetting = number | 'all' | 'none';

/** How the mock answers one HTTP session's requests from now on (each field optional). */
export interface SessionScript {
  /** Status code instead of 200. */
  readonly status?: number;
  /** Extra response headers (they win over the response-header params). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Body instead of the content param's value. */
  readonly body?: string;
  /** Answer this many ms late. */
  readonly delayMs?: number;
  /** Drop (close the socket without answering) the next n requests, or every one. */
  readonly drop?: number | 'all';
}

/** One HTTP request a client sent to the mock. */
export interface ReceivedRequest {
  readonly connection: number;
  /** Key of the session whose request it matched; absent when none did (answered 404). */
  readonly session: string | undefined;
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  /** Request headers, lower-case names as Node reports them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: string;
}

/** The HTTP connections of a mock device: scripting per session and the requests received. */
export interface HttpMock {
  /** Scripts a session (by key or id); `undefined` answers normally again. */
  script(session: string | number, script: SessionScript | undefined): void;
  /** Requests received on one HTTP connection (default all), oldest first; the last 10,000 are kept. */
  received(connection?: ConnectionRef): readonly ReceivedRequest[];
}

/** A running mock device: one WebSocket or HTTP server per connection of the protocol. */
export interface MockDevice {
  /** Listening ports, in the order of `spec.connections`. */
  readonly ports: readonly number[];
  /** Opening handshakes of the sockets accepted so far, oldest first; the last 10,000 are kept. */
  readonly handshakes: readonly Handshake[];
  /**
   * `ws://host:port/` of a WebSocket connection (any path is accepted, so a handshake path may be
   * appended); `http://host:port` of an HTTP one; `tcp://host:port` (or `udp://`) of a serial or
   * smart-serial one; `udp://host:port` of an SNMP agent.
   */
  url(connection: ConnectionRef): string;
  /**
   * A serial or smart-serial connection dials a driver that listens (server mode, DataMiner's IP `any`):
   * over TCP at `tcp://host:port`, the socket served like an accepted one, resolving once connected
   * (call it again for one more client); over UDP (`{ udp: true }`) at `udp://host:port`, the driver
   * becomes a peer that pushes and answers go to (a UDP listener knows the mock from its first datagram).
   */
  dial(connection: ConnectionRef, url: string): Promise<void>;
  /** Values (param key → value) used in every answer and push from now on, over defaults and samples. */
  set(values: MockValues): void;
  /**
   * Sends one frame of a response (by key or id) now, to every open socket of `connection` (default:
   * the response's own `Connection:N`). Resolves with the number of sockets it was written to.
   */
  push(response: string | number, values?: MockValues, connection?: ConnectionRef): Promise<number>;
  /** Answers every later command (and SNMP PDU) `ms` late (0 = on time again). Pushes and traps are not delayed. */
  delay(ms: number): void;
  /** Serial and smart-serial connections: how frames are written from now on (`{}` = one write each). */
  chunking(setting: ChunkSetting): void;
  /** Drops the next `n` answers, SNMP ones too (`'all'`: every answer, `'none'`: stop dropping). Pushes still go out. */
  drop(setting: DropSetting): void;
  /** Closes the sockets of one connection (default all) with a close frame; the servers keep listening. SNMP has no sockets to close. */
  closeConnections(connection?: ConnectionRef, code?: number): Promise<void>;
  /** Destroys the sockets of one connection (default all, HTTP ones too) without a close frame, like a TCP reset. */
  reset(connection?: ConnectionRef): void;
  /**
   * Sends arbitrary bytes (binary frame) or a string (text frame) to every open socket of a connection
   * (default the first). Returns the number of sockets it was written to.
   */
  sendRaw(data: Uint8Array | string, connection?: ConnectionRef): Promise<number>;
  /** The HTTP connections: per-session scripting and the requests received. */
  readonly http: HttpMock;
  /** The SNMP connections: scripts per OID or param, table rows, traps, the PDUs received. */
  readonly snmp: SnmpMock;
  /** Frames received so far on one connection (default all), oldest first; the last 10,000 are kept. */
  received(connection?: ConnectionRef): readonly ReceivedFrame[];
  /** Closes every socket and server and clears every timer. Safe to call twice. */
  close(): Promise<void>;
  /** `close()`, so that `await using mock = await createMockDevice(...)` works. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** An SNMPv3 user (USM) the mock's agents accept. No `authKey` = noAuthNoPriv; no `privKey` = authNoPriv. */
export interface SnmpMockUser {
  readonly name: string;
  /** Default `sha`. */
  readonly authProtocol?: 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  readonly authKey?: string;
  /** Default `aes`. */
  readonly privProtocol?: 'des' | 'aes' | 'aes256b' | 'aes256r';
  readonly privKey?: string;
}

/** How the SNMP connections of a mock device authenticate and where their traps go. */
export interface SnmpMockOptions {
  /** Community that reads (default `public`). */
  readonly getCommunity?: string;
  /** Community that reads and sets (default `private`). */
  readonly setCommunity?: string;
  /** The v3 user (default `protogen`, SHA `protogen-auth`, AES `protogen-priv`: authPriv). */
  readonly user?: SnmpMockUser;
  /** `host:port` that `snmp.sendTrap` sends to when the call gives none. */
  readonly trapTarget?: string;
}

/** One request PDU an SNMP connection of the mock received (before any drop or delay). */
export interface ReceivedPdu {
  readonly connection: number;
  readonly version: 'v1' | 'v2c' | 'v3';
  readonly type: 'get' | 'getNext' | 'getBulk' | 'set';
  /** The OIDs of the PDU's varbinds, in order. */
  readonly oids: readonly string[];
  /** v1/v2c: the community it came with. */
  readonly community?: string;
  /** v3: the USM user name. */
  readonly user?: string;
  /** GetBulk only. */
  readonly nonRepeaters?: number;
  readonly maxRepetitions?: number;
}

/** How the mock answers the PDUs that touch one OID (or param) from now on. */
export interface SnmpScript {
  /** Answer this many ms late. */
  readonly delayMs?: number;
  /** Do not answer the next n PDUs that touch it, or any. */
  readonly drop?: number | 'all';
}

/** Where and how `snmp.sendTrap` sends. */
export interface SnmpTrapOptions {
  /** `host:port`; default the `trapTarget` of the mock's options. */
  readonly target?: string;
  /** The trap OID; default the receiver's TrapOID with its wildcard filled with `1`. */
  readonly oid?: string;
  /** `v2c` (default; with the get community) or `v3` (with the mock's user). */
  readonly version?: 'v2c' | 'v3';
}

/** The SNMP connections of a mock device: scripting, table rows, traps and the PDUs received. */
export interface SnmpMock {
  /** Communities and user the agents accept. */
  readonly getCommunity: string;
  readonly setCommunity: string;
  readonly user: SnmpMockUser;
  /**
   * Scripts the PDUs that touch a param (key or id; a table param covers its cells) or an OID
   * (dotted, an instance or a prefix); `undefined` answers normally again.
   */
  script(target: string | number, script: SnmpScript | undefined): void;
  /**
   * Rows of a table param (key or id) from now on, keyed by column key; a missing cell takes its
   * sample. The key column (the first) gives the row's OID suffix: an `instance` one holds it (`'1'`,
   * `'3.7'`); another key's value is it when it is one (an ifIndex 4 → `.4`), else the row's position
   * (1, 2, …) is; a key a row leaves out holds its position. `undefined`: three sample rows again.
   */
  rows(table: string | number, rows: readonly MockValues[] | undefined): void;
  /**
   * Sends the trap of a trap receiver param (key or id) now, its `setBindings` positions filled with
   * the bound params' values (`bindings` over `set()` values over samples). Resolves once it is sent.
   */
  sendTrap(trap: string | number, bindings?: MockValues, options?: SnmpTrapOptions): Promise<void>;
  /** PDUs received on one SNMP connection (default all), oldest first; the last 10,000 are kept. */
  received(connection?: ConnectionRef): readonly ReceivedPdu[];
}
