/**
 * The mock device: recognises each frame as a command of its connection, answers request pairs with
 * their first response, streams push responses after a push pair's command, and applies the faults a
 * test scripted. Everything it sends is built by the same codec the driver decodes with.
 */
import type { IncomingMessage } from 'node:http';
import { createCodec, type Codec } from '@protogen-dm/runtime/codec';
import type { ConnectionSpec, PairSpec, ProtocolSpec, ResponseSpec } from '@protogen-dm/runtime';
import { Endpoint, type EndpointHandler, type MockEndpoint } from './endpoint.js';
import { Faults } from './faults.js';
import { HttpSide } from './http/http-side.js';
import { frameLine } from './frame-log.js';
import { ProtocolMap, type AcceptedCommand } from './protocol-map.js';
import { frameValues } from './sample-values.js';
import type { Session } from './session.js';
import { SnmpSide } from './snmp/snmp-side.js';
import { TcpEndpoint } from './stream/tcp-endpoint.js';
import { UdpEndpoint } from './stream/udp-endpoint.js';
import { Timers } from './timers.js';
import type {
  ChunkSetting,
  ConnectionRef,
  DropSetting,
  Handshake,
  MockDevice,
  MockValues,
  ReceivedFrame,
  SnmpMockOptions,
} from './types.js';

/** Kept frames and handshakes: a long-running mock must not grow without bound. Oldest go first. */
export const MAX_RECORDED = 10_000;

/** Settled options of a device. */
export interface DeviceSettings {
  readonly host: string;
  /** Port per connection, in `spec.connections` order. */
  readonly ports: readonly number[];
  readonly pushIntervalMs: number;
  /** Serial and smart-serial connections listen on UDP (else TCP). */
  readonly udp: boolean;
  readonly snmp: SnmpMockOptions;
  readonly log: (line: string) => void;
}

/** `MockDevice` as built by `createMockDevice`; also the handler of its endpoints' sockets. */
export class Device implements MockDevice, EndpointHandler {
  readonly #map: ProtocolMap;
  readonly #codec: Codec;
  readonly #settings: DeviceSettings;
  readonly #faults = new Faults();
  readonly #timers = new Timers();
  readonly #overrides: MockValues = {};
  readonly #received: ReceivedFrame[] = [];
  readonly #handshakes: Handshake[] = [];
  readonly #endpoints: MockEndpoint[] = [];
  readonly http: HttpSide;
  readonly snmp: SnmpSide;
  #chunking: ChunkSetting = {};
  #closing: Promise<void> | undefined;

  /** Starts one server per connection; if one cannot listen, closes the others and rejects. */
  static async start(spec: ProtocolSpec, settings: DeviceSettings): Promise<Device> {
    const device = new Device(spec, settings);
    try {
      for (const [index, connection] of spec.connections.entries()) {
        const port = settings.ports[index] ?? 0;
        if (connection.kind === 'http') await device.http.listen(connection, settings.host, port);
        else if (connection.kind === 'snmp') await device.snmp.listen(connection, settings.host, port);
        else device.#endpoints.push(await device.#listen(connection, port));
      }
    } catch (error) {
      await device.close();
      throw error;
    }
    return device;
  }

  private constructor(spec: ProtocolSpec, settings: DeviceSettings) {
    this.#map = new ProtocolMap(spec);
    this.#codec = createCodec(spec);
    this.#settings = settings;
    this.http = new HttpSide(spec, this.#overrides, this.#timers, settings.log);
    const snmpSide = { overrides: this.#overrides, faults: this.#faults, timers: this.#timers, log: settings.log };
    this.snmp = new SnmpSide(spec, snmpSide, settings.snmp);
  }

  /** A WebSocket server, or for serial and smart-serial a TCP (UDP) server framing commands by their layouts. */
  #listen(connection: ConnectionSpec, port: number): Promise<MockEndpoint> {
    const { host } = this.#settings;
    if (connection.kind !== 'serial' && connection.kind !== 'smart-serial') return Endpoint.listen(connection, host, port, this);
    const commands = this.#map.accepted(connection.id).map((accepted) => this.#codec.command(accepted.command.id));
    const chunking = (): ChunkSetting => this.#chunking;
    return this.#settings.udp
      ? UdpEndpoint.listen(connection, host, port, commands, chunking, this)
      : TcpEndpoint.listen(connection, host, port, commands, chunking, this);
  }

  get ports(): readonly number[] {
    return this.#map.spec.connections.map((connection) => this.#portOf(connection.id));
  }

  get handshakes(): readonly Handshake[] {
    return [...this.#handshakes];
  }

  url(connection: ConnectionRef): string {
    const host = this.#settings.host.includes(':') ? `[${this.#settings.host}]` : this.#settings.host;
    const spec = this.#map.connection(connection);
    if (spec.kind === 'http') return `http://${host}:${this.#portOf(spec.id)}`;
    if (spec.kind === 'snmp') return `udp://${host}:${this.#portOf(spec.id)}`;
    const endpoint = this.#endpoint(connection);
    if (endpoint.connection.kind === undefined) return `ws://${host}:${endpoint.port}/`;
    return `${this.#settings.udp ? 'udp' : 'tcp'}://${host}:${endpoint.port}`;
  }

  dial(connection: ConnectionRef, url: string): Promise<void> {
    const endpoint = this.#endpoint(connection);
    if (!(endpoint instanceof TcpEndpoint || endpoint instanceof UdpEndpoint)) {
      return Promise.reject(new Error(`connection ${endpoint.connection.id} does not dial: only serial and smart-serial connections do`));
    }
    const scheme = endpoint instanceof TcpEndpoint ? 'tcp:' : 'udp:';
    const parsed = new URL(url);
    if (parsed.protocol !== scheme || parsed.port === '') return Promise.reject(new TypeError(`${url}: this mock connection dials ${scheme}//host:port`));
    return endpoint.dial(parsed.hostname.replace(/^\[(.*)\]$/, '$1'), Number(parsed.port));
  }

  set(values: MockValues): void {
    Object.assign(this.#overrides, values);
    this.snmp.changed();
  }

  async push(response: string | number, values: MockValues = {}, connection?: ConnectionRef): Promise<number> {
    const spec = this.#map.response(response);
    const endpoint = this.#endpoint(connection ?? spec.connection);
    const bytes = this.#build(spec, { ...this.#overrides, ...values }, 0);
    return this.#broadcast(endpoint, bytes, undefined);
  }

  delay(ms: number): void {
    this.#faults.setDelay(ms);
  }

  chunking(setting: ChunkSetting): void {
    for (const [name, value] of Object.entries(setting)) {
      if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0)) throw new RangeError(`chunking.${name} must be a whole number >= 0, got ${String(value)}`);
    }
    this.#chunking = { ...setting };
  }

  drop(setting: DropSetting): void {
    this.#faults.setDrop(setting);
  }

  async closeConnections(connection?: ConnectionRef, code = 1000): Promise<void> {
    if (!isSendableCloseCode(code)) throw new RangeError(`${code} is not a close code a server may send`);
    await Promise.all(this.#selected(connection).map((endpoint) => endpoint.closeSockets(code)));
  }

  reset(connection?: ConnectionRef): void {
    const http = connection === undefined ? this.http.endpoints : [this.http.endpoint(this.#map.connection(connection).id) ?? []].flat();
    for (const endpoint of http) endpoint.resetSockets();
    if (http.length === 0 || connection === undefined) for (const endpoint of this.#selected(connection)) endpoint.resetSockets();
  }

  async sendRaw(data: Uint8Array | string, connection?: ConnectionRef): Promise<number> {
    const endpoint = this.#endpoint(connection ?? this.#firstConnection().id);
    const text = typeof data === 'string';
    const bytes = text ? new TextEncoder().encode(data) : data;
    return this.#broadcast(endpoint, bytes, text);
  }

  received(connection?: ConnectionRef): readonly ReceivedFrame[] {
    if (connection === undefined) return [...this.#received];
    const id = this.#map.connection(connection).id;
    return this.#received.filter((frame) => frame.connection === id);
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // EndpointHandler: what happens on the sockets.

  opened(session: Session, request: IncomingMessage | undefined): void {
    const id = session.connection.id;
    if (request === undefined) {
      this.#settings.log(`[conn ${id}] client connected`);
      // A smart-serial device sends when it likes: it starts pushing as soon as a client is there.
      if (session.connection.kind === 'smart-serial' && this.#map.pushed(id).length > 0) {
        session.startPush(this.#settings.pushIntervalMs, (sequence) => this.#pushNext(session, sequence));
      }
      return;
    }
    const path = request.url ?? '/';
    record(this.#handshakes, { connection: id, path, headers: { ...request.headers } });
    this.#settings.log(`[conn ${id}] client connected: ${path}`);
  }

  message(session: Session, bytes: Uint8Array, text: boolean): void {
    const id = session.connection.id;
    const match = this.#recognise(id, bytes);
    record(this.#received, {
      connection: id,
      text,
      bytes,
      ...(match === undefined ? {} : { command: match.accepted.command.key, values: match.values }),
    });
    this.#settings.log(frameLine(id, 'in', text, bytes, match?.accepted.command.key ?? 'unknown, ignored'));
    if (match === undefined) return;
    session.lastText = text;
    const pair = match.accepted.answering[0];
    if (pair !== undefined) this.#answer(session, pair, text);
    if (match.accepted.startsPush) session.startPush(this.#settings.pushIntervalMs, (sequence) => this.#pushNext(session, sequence));
  }

  closed(session: Session, code: number): void {
    this.#settings.log(`[conn ${session.connection.id}] client disconnected (${code})`);
  }

  failed(connection: ConnectionSpec, error: Error): void {
    this.#settings.log(`[conn ${connection.id}] error: ${error.message}`);
  }

  // Behaviour.

  /** The first command of the connection whose layout accepts the bytes. */
  #recognise(connection: number, bytes: Uint8Array): { accepted: AcceptedCommand; values: MockValues } | undefined {
    for (const accepted of this.#map.accepted(connection)) {
      const values = this.#codec.command(accepted.command.id).match(bytes);
      if (values !== undefined) return { accepted, values };
    }
    return undefined;
  }

  #answer(session: Session, pair: PairSpec, text: boolean): void {
    const response = this.#map.answerOf(pair);
    if (response === undefined) return;
    const plan = this.#faults.next();
    if (plan.drop) {
      this.#settings.log(`[conn ${session.connection.id}] answer to ${pair.key} dropped`);
      return;
    }
    const send = (): void => void this.#sendBuilt(session, response, 0, text);
    if (plan.delayMs > 0) this.#timers.after(plan.delayMs, send);
    else send();
  }

  /** One tick of a push stream: the connection's push responses take turns. */
  #pushNext(session: Session, sequence: number): void {
    const pushed = this.#map.pushed(session.connection.id);
    const response = pushed[(sequence - 1) % Math.max(pushed.length, 1)];
    if (response === undefined) {
      session.stop();
      return;
    }
    const text = session.lastText ?? this.#map.prefersText(session.connection.id);
    void this.#sendBuilt(session, response, sequence, text).then((sent) => {
      if (!sent) session.stop();
    });
  }

  /** Builds a response from the current values and sends it; a build failure is logged, not thrown. */
  async #sendBuilt(session: Session, response: ResponseSpec, sequence: number, text: boolean): Promise<boolean> {
    let bytes: Uint8Array;
    try {
      bytes = this.#build(response, this.#overrides, sequence);
    } catch (error) {
      this.#settings.log(`[conn ${session.connection.id}] cannot build ${response.key}: ${(error as Error).message}`);
      return false;
    }
    return this.#send(session, bytes, text);
  }

  #build(response: ResponseSpec, overrides: Readonly<MockValues>, sequence: number): Uint8Array {
    const values = frameValues(this.#map.params(response), overrides, sequence);
    return this.#codec.response(response.id).build(values);
  }

  /** Sends to every open socket of the endpoint; `text` undefined = each socket's usual frame type. */
  async #broadcast(endpoint: MockEndpoint, bytes: Uint8Array, text: boolean | undefined): Promise<number> {
    const id = endpoint.connection.id;
    const results = await Promise.all(
      endpoint.sessions.map((session) => this.#send(session, bytes, text ?? session.lastText ?? this.#map.prefersText(id))),
    );
    return results.filter(Boolean).length;
  }

  async #send(session: Session, bytes: Uint8Array, text: boolean): Promise<boolean> {
    if (!session.open) return false;
    this.#settings.log(frameLine(session.connection.id, 'out', text, bytes));
    return session.send(bytes, text);
  }

  async #shutdown(): Promise<void> {
    this.#timers.stop();
    await Promise.all([...this.#endpoints.map((endpoint) => endpoint.close()), this.http.close(), this.snmp.close()]);
  }

  #portOf(id: number): number {
    return (this.#endpoints.find((candidate) => candidate.connection.id === id) ?? this.http.endpoint(id) ?? this.snmp.agent(id))?.port ?? 0;
  }

  #endpoint(connection: ConnectionRef): MockEndpoint {
    const id = this.#map.connection(connection).id;
    const endpoint = this.#endpoints.find((candidate) => candidate.connection.id === id);
    if (endpoint === undefined) throw new Error(`connection ${id} is not listening`);
    return endpoint;
  }

  /** Endpoints with sockets: an SNMP agent has none to close or reset. */
  #selected(connection: ConnectionRef | undefined): MockEndpoint[] {
    if (connection === undefined) return [...this.#endpoints];
    return this.#map.connection(connection).kind === 'snmp' ? [] : [this.#endpoint(connection)];
  }

  #firstConnection(): ConnectionSpec {
    const first = this.#map.spec.connections[0];
    if (first === undefined) throw new Error(`protocol '${this.#map.spec.name}' has no WebSocket connection`);
    return first;
  }
}

function record<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_RECORDED) list.splice(0, list.length - MAX_RECORDED);
}

/** Codes a server may put in a close frame (RFC 6455 §7.4; 1005/1006/1015 are never sent). */
function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}
