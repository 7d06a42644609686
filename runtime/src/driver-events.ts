/** The events a driver emits and the states a connection goes through. */

/**
 * `connecting` while dialing, `open`, `reconnecting` while waiting to dial again after a loss (or after
 * the dynamic-ip param changed), `closed` before `connect()`, after `close()` and when a lost connection
 * will not come back.
 */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'reconnecting';

/**
 * Server mode: a client (`IP:port`) `connected`, `disconnected`, or was `refused` (closed at once: over
 * the protocol's `maxConcurrentConnections`, or not in the connection's `allowedAddresses`).
 */
export type ClientChange = 'connected' | 'disconnected' | 'refused';

/** Listener signatures of `driver.on(...)`. */
export interface DriverEvents<C extends string> {
  /** A connection changed state. */
  state: (connection: C, state: ConnectionState) => void;
  /**
   * Server mode (`listen: true`): the connection's port is bound and waits for the device to connect
   * (once per `connect()`; with port 0, `address.port` is the one the system chose).
   */
  listening: (connection: C, address: { readonly host: string; readonly port: number }) => void;
  /**
   * Server mode: a client (`IP:port`) connected, disconnected or was refused. Every `connected` is
   * followed by one `disconnected`, also when the driver closes.
   */
  client: (connection: C, client: string, change: ClientChange) => void;
  /**
   * A message arrived that neither the pair in flight nor any response of the connection accepted; in
   * server mode `client` (`IP:port`) sent it.
   */
  unmatched: (connection: C, bytes: Uint8Array, client: string | undefined) => void;
  /**
   * Something failed with no call to reject: a socket error, an oversized message, a reconnect that gave
   * up, a listener that threw. Never thrown when nobody listens.
   */
  error: (error: Error) => void;
}
