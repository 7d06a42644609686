/** The HTTP connections of one mock device: their servers, the session scripts, the requests received. */
import type { ConnectionSpec, ProtocolSpec, SessionSpec } from '@protogen-dm/runtime';
import type { Timers } from '../timers.js';
import type { ConnectionRef, HttpMock, MockValues, ReceivedRequest, SessionScript } from '../types.js';
import { HttpEndpoint, type HttpDeviceSide } from './endpoint.js';

const MAX_RECORDED = 10_000;

export class HttpSide implements HttpMock, HttpDeviceSide {
  readonly endpoints: HttpEndpoint[] = [];
  readonly #spec: ProtocolSpec;
  readonly #scripts = new Map<number, SessionScript>();
  readonly #received: ReceivedRequest[] = [];
  readonly #timers: Timers;
  readonly #log: (line: string) => void;
  readonly overrides: Readonly<MockValues>;

  constructor(spec: ProtocolSpec, overrides: Readonly<MockValues>, timers: Timers, log: (line: string) => void) {
    this.#spec = spec;
    this.overrides = overrides;
    this.#timers = timers;
    this.#log = log;
  }

  async listen(connection: ConnectionSpec, host: string, port: number): Promise<void> {
    this.endpoints.push(await HttpEndpoint.listen(this.#spec, connection, host, port, this));
  }

  endpoint(id: number): HttpEndpoint | undefined {
    return this.endpoints.find((endpoint) => endpoint.connection.id === id);
  }

  // HttpMock

  script(session: string | number, script: SessionScript | undefined): void {
    const found = (this.#spec.sessions ?? []).find((candidate) => (typeof session === 'number' ? candidate.id === session : candidate.key === session));
    if (found === undefined) throw new Error(`protocol '${this.#spec.name}' has no HTTP session ${JSON.stringify(session)}`);
    if (script === undefined) this.#scripts.delete(found.id);
    else this.#scripts.set(found.id, { ...script });
  }

  received(connection?: ConnectionRef): readonly ReceivedRequest[] {
    if (connection === undefined) return [...this.#received];
    const id = typeof connection === 'number' ? connection : this.#spec.connections.find((candidate) => candidate.key === connection)?.id;
    return this.#received.filter((request) => request.connection === id);
  }

  // HttpDeviceSide

  scriptOf(session: SessionSpec): SessionScript | undefined {
    return this.#scripts.get(session.id);
  }

  dropped(session: SessionSpec): void {
    const script = this.#scripts.get(session.id);
    if (script !== undefined && typeof script.drop === 'number') this.#scripts.set(session.id, { ...script, drop: script.drop - 1 });
  }

  record(request: ReceivedRequest): void {
    this.#received.push(request);
    if (this.#received.length > MAX_RECORDED) this.#received.splice(0, this.#received.length - MAX_RECORDED);
  }

  log(line: string): void {
    this.#log(line);
  }

  after(ms: number, run: () => void): void {
    this.#timers.after(ms, run);
  }

  async close(): Promise<void> {
    await Promise.all(this.endpoints.map((endpoint) => endpoint.close()));
  }
}
