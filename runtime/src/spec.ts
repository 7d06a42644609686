/**
 * The protocol as data: what a generated module hands to the runtime.
 *
 * The generator normalises every XML quirk before it writes a spec (hex `Value`s become plain hex,
 * `Connection:N` options become numbers, positions stay 0-based), so the runtime never sees XML.
 * Everything here is plain JSON data: the generated module carries it as JSON text and turns it into a
 * `ProtocolSpec` with `protocolFromJson` (protocol-json.ts).
 */
import type { SessionSpec } from './http/spec.js';

export type * from './http/spec.js';
import type { PollingSpec } from './polling/spec.js';
import type { SnmpConnectionSpec, SnmpSpec } from './snmp/spec.js';

export type * from './snmp/spec.js';

/** `Interprete/RawType`: how a value is written on the wire. */
export type RawType =
  | 'other'
  | 'text'
  | 'numeric text'
  | 'unsigned number'
  | 'signed number'
  | 'double'
  | 'bcd';

/** `Interprete/LengthType`: where a value ends. */
export type LengthType = 'fixed' | 'next param' | 'last next param' | 'other param';

/** `Param/Type`, the role a parameter plays inside commands and responses. */
export type ParamRole =
  | 'read'
  | 'write'
  | 'fixed'
  | 'header'
  | 'trailer'
  | 'length'
  | 'crc'
  | 'dummy'
  | 'bus'
  | 'other';

/** Items (params, commands, responses…) by id; the first of a repeated id wins. */
export function byId<T extends { readonly id: number }>(items: readonly T[]): ReadonlyMap<number, T> {
  const map = new Map<number, T>();
  for (const item of items) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}

/** Roles whose bytes are a constant of the protocol (`Interprete/Value`). */
export const constantRoles: ReadonlySet<ParamRole> = new Set(['fixed', 'header', 'trailer']);

/**
 * Roles whose value is a constant or computed (length, checksum): they never carry data, so they are
 * never a method argument, a result member or a mock value.
 */
export const structuralRoles: ReadonlySet<ParamRole> = new Set([...constantRoles, 'length', 'crc']);

/** The byte a fixed-length field is padded with, as DataMiner does: `0` for numeric text, a space for text. */
export function fillByte(raw: RawType): number {
  if (raw === 'numeric text') return 0x30;
  return raw === 'other' || raw === 'text' ? 0x20 : 0x00;
}

/** CRC algorithms the codec implements (`Param/CRC/Type`); any other is a generation-time error. */
export const supportedCrcTypes = ['sum', 'exor', '2comp', 'crc16', 'crc-ccitt', 'modbus'] as const;
export type CrcType = (typeof supportedCrcTypes)[number];

export interface CrcSpec {
  readonly type: CrcType;
  /** 0-based positions, in the command or response, of the params the checksum covers. */
  readonly positions: readonly number[];
}

/** An `Interprete/Exceptions/Exception`: incoming text `match` is stored as `value`. */
export interface ExceptionSpec {
  readonly match: string;
  readonly value: string | number;
  readonly display: string;
}

export interface ParamSpec {
  readonly id: number;
  /** camelCase member name in the generated `Params` interface. */
  readonly key: string;
  readonly role: ParamRole;
  /** `Interprete/Type`: `double` → number, anything else → string. */
  readonly value: 'string' | 'number';
  readonly raw: RawType;
  readonly lengthType: LengthType;
  /** Byte length for `fixed`. */
  readonly length?: number;
  /** `other param`: the id of the param holding the length in bytes. */
  readonly lengthParam?: number;
  /** `next param` / `last next param` `@times`: skip this many − 1 occurrences of the delimiter. */
  readonly times?: number;
  /** The constant of a fixed/header/trailer param, as lower-case hex bytes (`0d0a`). */
  readonly constant?: string;
  /** `Interprete/Base` for numeric text (2–36). */
  readonly base?: number;
  /** `Interprete/Endian`; absent = little (bytes not reversed). */
  readonly endian?: 'big';
  readonly decimals?: number;
  readonly factor?: number;
  /** `Interprete/Range`: decoded values outside are ignored; sent values outside are refused (`checkValues`). */
  readonly low?: number;
  readonly high?: number;
  readonly exceptions?: readonly ExceptionSpec[];
  readonly trim?: 'left' | 'right' | 'both';
  readonly filter?: boolean;
  /** A `length` param: the 0-based positions it counts (absent = every param but length params). */
  readonly lengthOf?: readonly number[];
  readonly crc?: CrcSpec;
  /**
   * How strings travel (contract §9): absent = UTF-8 (WebSocket frames, JSON); `latin1` = one byte per
   * character, so every byte 0x00–0xFF round-trips (params of serial and smart-serial frames in a
   * protocol that is not Unicode).
   */
  readonly encoding?: 'latin1';
  /** `Interprete/DefaultValue`, already typed. */
  readonly defaultValue?: string | number;
  /** Values of the `Measurement/Discreets`, in XML order (the mock answers with them; sending checks them). */
  readonly discretes?: readonly (string | number)[];
}

export interface CommandSpec {
  readonly id: number;
  readonly key: string;
  /** Param ids in `Content` order. */
  readonly params: readonly number[];
  /** `WebSocketMessageType` is `text`: sent as a UTF-8 text frame; otherwise binary. */
  readonly text: boolean;
}

export interface ResponseSpec {
  readonly id: number;
  readonly key: string;
  readonly params: readonly number[];
  /** `options="Connection:N"`; none = 0. */
  readonly connection: number;
}

export interface PairSpec {
  readonly id: number;
  /** The generated method's name. */
  readonly key: string;
  readonly command: number;
  readonly responses: readonly number[];
  readonly badResponses: readonly number[];
  /** `options="connection:N"`; none = 0. */
  readonly connection: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  /** `Pair@options receiveInterval:N` (byte streams): match what arrived after N ms of silence. */
  readonly receiveIntervalMs?: number;
  /** Where the pair is declared (`protocol.xml:118`); runtime errors about the pair quote it. */
  readonly source?: string;
}

export interface HandshakeSpec {
  /** Param whose value is the request path (`Request@pid` or `@url`). */
  readonly pathParam?: number;
  readonly headers: readonly { readonly name: string; readonly param: number }[];
}

/** A smart-serial frame delimiter (`headerTrailerLink`): a header and its trailer, or a trailer alone (hex). */
export interface DelimiterSpec {
  readonly header?: string;
  readonly trailer: string;
}

export interface ConnectionSpec {
  readonly id: number;
  /**
   * Absent = WebSocket; `http` = an HTTP connection (sessions); `serial`/`smart-serial` = a byte stream
   * (`tcp://`, `udp://`), framed per contract §9; `snmp` = an SNMP agent (`udp://`, §11).
   */
  readonly kind?: 'http' | 'serial' | 'smart-serial' | 'snmp';
  /** SNMP connections: version and the params that hold communities. */
  readonly snmp?: SnmpConnectionSpec;
  /** `serial single`/`smart-serial single`: never shares its socket. */
  readonly single?: true;
  /** UDP: the local port to bind (`LocalIPport`). */
  readonly localPort?: number;
  /** Smart-serial: the header/trailer pairs that cut frames, in link order; none = raw chunks. */
  readonly delimiters?: readonly DelimiterSpec[];
  /** Smart-serial raw chunks: forwarded when this many bytes are buffered (`maxReceiveBuffer:X`). */
  readonly maxReceiveBuffer?: number;
  /** Smart-serial server mode over TCP: clients connected at once (`maxConcurrentConnections:N`). */
  readonly maxConcurrentConnections?: number;
  /**
   * Smart-serial server mode: string params that take each connecting (`connected`) and each leaving
   * (`disconnected`) client's `IP:port` (`notifyConnectionPIDs:x,y`, `NotifyConnectionPIDs`).
   */
  readonly clientParams?: { readonly connected?: number; readonly disconnected?: number };
  /** camelCase key in the driver's `connections` option. */
  readonly key: string;
  readonly name: string;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly port?: number;
  /** `NotifyConnectionPIDs/Connections`: takes 1 on open, 0 on close. */
  readonly statusParam?: number;
  /** Param with `Type@options="dynamic ip N"`: its value is this connection's URL. */
  readonly dynamicIpParam?: number;
  readonly handshake?: HandshakeSpec;
}

export interface ProtocolSpec {
  readonly name: string;
  readonly version: string;
  /** The connections the runtime drives (WebSocket, HTTP, serial, smart-serial), in id order. */
  readonly connections: readonly ConnectionSpec[];
  readonly params: readonly ParamSpec[];
  readonly commands: readonly CommandSpec[];
  readonly responses: readonly ResponseSpec[];
  readonly pairs: readonly PairSpec[];
  /** HTTP sessions that have a method; absent when there are none. */
  readonly sessions?: readonly SessionSpec[];
  /** Timers, groups, triggers and actions `driver.polling` runs; absent when the protocol has none. */
  readonly polling?: PollingSpec;
  /** Params by OID, tables and trap receivers; absent when the protocol has no SNMP connection. */
  readonly snmp?: SnmpSpec;
}
