/**
 * The protocol model: what the XML says, in convenient shapes, with a source position on every node.
 * Only the readers (`read-*.ts`) know XML; everything after them works on this model. The model holds
 * no XML element, and readers judge nothing: text they could not read is kept (`unreadable`) for the
 * check stage, which reports every diagnostic.
 */
import type { PollingModel } from './polling-model.js';
import type { ArrayModel, ParamSnmpModel, SnmpSetModel } from './snmp-model.js';
import type { Position, SourceLines, SourceOffset } from './source-lines.js';

export interface Node {
  /** Where its element starts (`lines` of the protocol gives the line and column). */
  readonly at: SourceOffset;
}

export interface ProtocolModel extends Node {
  /** Path of the XML file as given (diagnostics and banners use it). */
  readonly file: string;
  /** Lines and columns of the offsets in this model. */
  readonly lines: SourceLines;
  /** Where `<Name>` is (the `<Protocol>` element when there is none). */
  readonly nameAt: SourceOffset;
  readonly name: string | undefined;
  readonly version: string;
  readonly description: string | undefined;
  readonly connections: readonly ConnectionModel[];
  readonly params: readonly ParamModel[];
  readonly commands: readonly CommandModel[];
  readonly responses: readonly ResponseModel[];
  readonly pairs: readonly PairModel[];
  readonly sessions: readonly SessionModel[];
  /** `Groups/Group` entries that run sessions, with the connection `Group@connection` names. */
  readonly sessionGroups: readonly SessionGroupModel[];
  /** Timers, Groups, Triggers and Actions (polling-model.ts). */
  readonly polling: PollingModel;
  /** Sections protogen keeps but does not run (QActions, Triggers, Actions, Groups, Timers, SNMP…). */
  readonly kept: readonly KeptSection[];
  /** Where a `<!DOCTYPE` is, if any (its entities are never expanded). */
  readonly doctype: Position | undefined;
  /** `Protocol/Type@options` has `unicode`: strings are not one byte per character. */
  readonly unicode: boolean;
  /** `Protocol/VendorOID` and `DeviceOID`: the prefix of `auto` and `composed` SNMP OIDs. */
  readonly vendorOid: string | undefined;
  readonly deviceOid: string | undefined;
  /** `Protocol@xmlns`. */
  readonly namespace: string | undefined;
  /** `Protocol/Type` when `Protocol/Connections` is present too (Connections wins). */
  readonly overriddenType: SourceOffset | undefined;
  /** Text where a number, id or reference was expected but could not be read. */
  readonly unreadable: readonly Unreadable[];
  /** Elements and values the DataMiner schema does not know where they are (read-schema.ts). */
  readonly strays: readonly Stray[];
}

/** An unknown child element of the element at `path` (`text` is its name), or unknown text of that element. */
export interface Stray extends Node {
  readonly kind: 'element' | 'value';
  /** Schema path, `Protocol/Pairs/Pair/Content` (see schema.ts). */
  readonly path: string;
  readonly text: string;
}

/** What a reader could not interpret; the check stage turns each into a diagnostic. */
export interface Unreadable extends Node {
  /** `id`: an element's id attribute (`text` undefined when absent); the others: text naming one. */
  readonly expected: 'id' | 'reference' | 'param id' | 'connection' | 'number' | 'timeout' | 'count';
  /** What holds the text: `Param`, `Content/Command`, `Interprete/Length`, `Pair 3 timeout`, `connection`. */
  readonly what: string;
  readonly text: string | undefined;
}

/** A section protogen does not run, summarised: one entry per child element. */
export interface KeptSection extends Node {
  readonly name: string;
  readonly items: readonly KeptItem[];
}

export interface KeptItem extends Node {
  /** Element name (`QAction`, `Timer`, `Action`…). */
  readonly name: string;
  readonly id: string | undefined;
  /** Text of its `Type` child (an Action's `read`, `make`…). */
  readonly type: string | undefined;
}

export type ConnectionKind = 'websocket' | 'http' | 'serial' | 'smart-serial' | 'snmp' | 'virtual' | 'other';

export interface ConnectionModel extends Node {
  readonly id: number;
  readonly name: string;
  readonly kind: ConnectionKind;
  /** The XML type text (`http`, `serial single`, `SmartSerial`…). */
  readonly type: string;
  readonly port: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly retries: number | undefined;
  readonly statusParam: Reference | undefined;
  readonly handshakeSession: Reference | undefined;
  /** `serial single`, `smart-serial single`, `Serial@single="true"`: a socket of its own. */
  readonly single: boolean;
  /** `LocalIPport/DefaultValue` (UDP). */
  readonly localPort: number | undefined;
  /** Port types the wizard allows (`PortTypeIP`, `PortTypeUDP`, `PortTypeSerial` not disabled). */
  readonly portTypes: { readonly tcp: boolean; readonly udp: boolean; readonly serial: boolean };
  /** Smart-serial `maxReceiveBuffer:X`. */
  readonly maxReceiveBuffer: number | undefined;
  /** Smart-serial server mode `maxConcurrentConnections:N`, where it is written. */
  readonly maxConnections: MaxConnections | undefined;
  /**
   * Smart-serial server mode: the params that take each connecting and each leaving client's `IP:port`
   * (`notifyConnectionPIDs:x,y`; `NotifyConnectionPIDs/Connections` and `/Disconnections`).
   */
  readonly clientParams: { readonly connected: Reference | undefined; readonly disconnected: Reference | undefined } | undefined;
  /** Framing options protogen does not apply (`packetinfo`, `smartipheader`, `stuffing`). */
  readonly notRun: readonly string[];
}

/** `maxConcurrentConnections:N` / `CommunicationOptions/MaxConcurrentConnections`: clients a server takes at once. */
export interface MaxConnections extends Node {
  readonly count: number;
}

/** An id written somewhere in the XML that must name something else. */
export interface Reference extends Node {
  readonly id: number;
}

export interface DiscreteModel extends Node {
  readonly display: string;
  readonly value: string;
}

export interface ExceptionModel extends Node {
  readonly match: string;
  readonly value: string;
  readonly display: string;
}

/**
 * The facts an Interprete or a Param only sometimes has are optional (`?:`): the reader leaves them out
 * when the XML does not give them (read-util `withDefined`), as the model lives to the end of the run.
 */
export interface InterpreteModel extends Node {
  /** Where the children that diagnostics point at are, when present (offsets, not an object per Interprete). */
  readonly rawTypeAt: SourceOffset | undefined;
  readonly lengthTypeAt: SourceOffset | undefined;
  readonly lengthAt?: SourceOffset | undefined;
  readonly valueAt?: SourceOffset | undefined;
  readonly rawType: string | undefined;
  readonly type: string | undefined;
  readonly lengthType: string | undefined;
  readonly lengthTypeId?: Reference | undefined;
  readonly times?: number | undefined;
  readonly length?: number | undefined;
  readonly value?: string | undefined;
  readonly defaultValue?: string | undefined;
  readonly base?: number | undefined;
  readonly endian?: string | undefined;
  readonly decimals?: number | undefined;
  readonly factor?: number | undefined;
  readonly low?: number | undefined;
  readonly high?: number | undefined;
  readonly exceptions: readonly ExceptionModel[];
  readonly trim?: string | undefined;
  readonly filter: boolean;
  /** Elements present that the codec does not apply (Sequence, Scale, Others, …). */
  readonly unsupported: readonly (Node & { readonly name: string })[];
}

export interface ParamModel extends Node {
  readonly id: number;
  /** `<Name>` text, '' when there is none (the naming rules then name it `param<id>`; so for every `name` here). */
  readonly name: string;
  readonly description: string | undefined;
  /** `Param/Type` text. */
  readonly role: string;
  /** `dynamic ip N`: the connection whose URL this param holds. */
  readonly dynamicIp?: Reference | undefined;
  /** `Type@options headerTrailerLink=N`: the smart-serial frame delimiter this header/trailer belongs to. */
  readonly headerTrailerLink?: number | undefined;
  /** `Type@options connection=N`: the only connection whose framing this header/trailer affects. */
  readonly onlyConnection?: number | undefined;
  readonly interprete: InterpreteModel | undefined;
  readonly measurementType: string | undefined;
  readonly discretes: readonly DiscreteModel[];
  readonly units: string | undefined;
  readonly displayLow: number | undefined;
  readonly displayHigh: number | undefined;
  /** `Length/Content/Param`: 0-based positions. */
  readonly lengthPositions?: readonly number[] | undefined;
  readonly crcType?: (Node & { readonly type: string }) | undefined;
  readonly crcPositions?: readonly number[] | undefined;
  /** `Param/SNMP` (snmp-model.ts). */
  readonly snmp?: ParamSnmpModel | undefined;
  /** `snmpSet*` options or `snmpSetAndGet`. */
  readonly snmpSet?: SnmpSetModel | undefined;
  /** `ArrayOptions` columns of an `array` param. */
  readonly array?: ArrayModel | undefined;
}

export interface CommandModel extends Node {
  readonly id: number;
  readonly name: string;
  readonly description: string | undefined;
  readonly params: readonly Reference[];
  readonly text: boolean;
}

export interface ResponseModel extends Node {
  readonly id: number;
  readonly name: string;
  readonly description: string | undefined;
  readonly params: readonly Reference[];
  /** `options="Connection:N"`, positioned at the attribute. */
  readonly connection: Reference | undefined;
  /** `Content@optional`, which the matcher does not apply. */
  readonly optionalContent: SourceOffset | undefined;
}

export interface PairModel extends Node {
  readonly id: number;
  readonly name: string;
  readonly description: string | undefined;
  readonly command: Reference | undefined;
  readonly responses: readonly Reference[];
  readonly badResponses: readonly Reference[];
  readonly connection: Reference | undefined;
  readonly timeoutMs: number | undefined;
  readonly retries: number | undefined;
  /** `options="receiveInterval:N"`: on a byte stream, match after N ms of silence. */
  readonly receiveIntervalMs: number | undefined;
  /** `options="ignoreTimeout"`: never puts the element in timeout (protogen has no element timeout). */
  readonly ignoreTimeout: boolean;
}

export interface SessionModel extends Node {
  readonly id: number;
  readonly name: string;
  readonly connectionCount: number;
  readonly pathParam: Reference | undefined;
  /** `param` is undefined for a literal header (which a handshake cannot use). */
  readonly headers: readonly (Node & { readonly name: string; readonly param: Reference | undefined })[];
  /** The session read in full, as an HTTP session method runs it (read-http.ts). */
  readonly http: HttpSessionModel;
}

// HTTP sessions read in full (read-http.ts): what a session method sends and stores. Attribute values
// that name params are param ids (`statusCode="200"` is param 200), never literals.

/** A value written literally (element text) or read from a param (`@pid`). */
export interface HttpValueModel extends Node {
  /** `Header@key` / `Parameter@key`; empty for `Data`. */
  readonly key: string;
  readonly literal: string | undefined;
  readonly param: Reference | undefined;
}

/** `Session/Connection`: one request and what its response stores. */
export interface HttpExchangeModel extends Node {
  readonly id: number | undefined;
  readonly name: string | undefined;
  readonly timeoutMs: number | undefined;
  /** `Request@verb` as written (default `GET`), and where it is. */
  readonly verb: string;
  readonly verbAt: SourceOffset;
  /** `Request@url`, a literal path or URL. */
  readonly url: string | undefined;
  /** `Request@pid`, the param holding the path. */
  readonly pathParam: Reference | undefined;
  readonly headers: readonly HttpValueModel[];
  readonly data: HttpValueModel | undefined;
  /** `Parameters/Parameter`, undefined when there is no `Parameters` element. */
  readonly parameters: readonly HttpValueModel[] | undefined;
  /** `Response@statusCode`: the param that gets the status line. */
  readonly statusParam: Reference | undefined;
  /** `Response/Headers/Header`: response header → param. */
  readonly responseHeaders: readonly (Node & { readonly key: string; readonly param: Reference | undefined })[];
  readonly contentParam: Reference | undefined;
}

export interface HttpSessionModel {
  readonly exchanges: readonly HttpExchangeModel[];
  readonly timeoutMs: number | undefined;
  readonly ignoreTimeout: boolean;
  readonly keepAlive: boolean;
  readonly loginMethod: string | undefined;
  readonly userParam: Reference | undefined;
  readonly passwordParam: Reference | undefined;
  /** `@proxyServer`, parsed but not applied (the `proxy` connection option is). */
  readonly proxyServer: string | undefined;
}

/** A group holding `Content/Session` entries. */
export interface SessionGroupModel extends Node {
  readonly sessions: readonly Reference[];
  /** `Group@connection`. */
  readonly connection: Reference | undefined;
}
