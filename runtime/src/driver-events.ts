/** The events a driver emits and the states a connection goes through. */

/**
 * `connecting` while dialing, `open`, `reconnecting` while waiting to dial again after a loss (or after
 * the dynamic-ip param changed), `closed` before `connect()`, after `close()` and when a lost connection
 * will not come back.
 */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'reconnecting';

/** Listener signatures of `driver.on(...)`. */
export interface DriverEvents<C extends string> {
  /** A connection changed state. */
  state: (connection: C, state: ConnectionState) => void;
  /** A message arrived that neither the pair in flight nor any response of the connection accepted. */
  unmatched: (connection: C, bytes: Uint8Array) => void;
  /**
   * Something failed with no call to reject: a socket error, an oversized message, a reconnect that gave
   * up, a listener that threw. Never thrown when nobody listens.
   */
  error: (error: Error) => void;
}
