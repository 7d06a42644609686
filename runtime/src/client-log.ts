/**
 * What a connection in server mode tells about its clients: the `client` event, and DataMiner's
 * connects/disconnects log (`notifyConnectionPIDs:x,y`; NotifyConnectionPIDs/Connections and
 * /Disconnections), whose string params take each connecting and each leaving client's `IP:port`:
 *
 *   client 10.0.0.7:50211 connects   → params.clientConnected = '10.0.0.7:50211', event ('connected')
 *   client 10.0.0.7:50211 leaves     → params.clientDisconnected = '10.0.0.7:50211', event ('disconnected')
 */
import type { ClientChange, DriverEvents } from './driver-events.js';
import type { Emitter } from './events.js';
import type { ParamSink } from './param-store.js';
import type { ConnectionSpec, ParamSpec } from './spec.js';

export class ClientLog<C extends string> {
  readonly #connection: C;
  readonly #params: ParamSink<C>;
  readonly #events: Emitter<DriverEvents<C>>;
  /** Keys of the params that log connects and disconnects, when the protocol names them. */
  readonly #connected: string | undefined;
  readonly #disconnected: string | undefined;

  constructor(spec: ConnectionSpec, params: ParamSink<C>, param: (id: number) => ParamSpec, events: Emitter<DriverEvents<C>>) {
    this.#connection = spec.key as C;
    this.#params = params;
    this.#events = events;
    const { connected, disconnected } = spec.clientParams ?? {};
    this.#connected = connected === undefined ? undefined : param(connected).key;
    this.#disconnected = disconnected === undefined ? undefined : param(disconnected).key;
  }

  /** `client` connected, left or was refused: its param first (a `client` listener reads it updated), then the event. */
  changed(client: string, change: ClientChange): void {
    const key = change === 'connected' ? this.#connected : change === 'disconnected' ? this.#disconnected : undefined;
    if (key !== undefined) this.#params.store(key, client, this.#connection, undefined);
    this.#events.emit('client', this.#connection, client, change);
  }
}

/** `spec` without its status param: in server mode NotifyConnectionPIDs logs clients, not a 1/0 open state. */
export function withoutStatusParam(spec: ConnectionSpec): ConnectionSpec {
  const { statusParam: _logsClients, ...rest } = spec;
  return rest;
}
