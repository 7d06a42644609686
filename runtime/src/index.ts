/**
 * `@protogen-dm/runtime`: what generated drivers import. The driver base class, its option and event
 * types, the param store, the error classes, and the spec types a generated module declares its
 * protocol with.
 */
export { Driver } from './driver.js';
export type { ClientChange, ConnectionState, DriverEvents } from './driver-events.js';
export type { CallOptions, ConnectionOptions, DriverOptions, ReconnectPolicy } from './options.js';
export type { HttpConnectionOptions } from './http/options.js';
export type { SnmpApi, SnmpAuthProtocol, SnmpConnectionOptions, SnmpPrivProtocol, SnmpTrap, SnmpUser } from './snmp/api.js';
export { HttpStatusError } from './http/status-error.js';
export type { ParamChange, ParamStore } from './param-store.js';
export {
  BadCommandError,
  ConnectError,
  ConnectionClosedError,
  MessageTooLargeError,
  PairTimeoutError,
  QueueFullError,
  SnmpError,
} from './errors.js';
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_MAX_QUEUE,
  DEFAULT_RECONNECT,
  DEFAULT_RETRIES,
  DEFAULT_TIMEOUT_MS,
  MAX_SERVER_CLIENTS,
  MAX_UDP_SENDERS,
} from './limits.js';
export { protocolFromJson } from './protocol-json.js';
export { supportedCrcTypes } from './spec.js';
export type * from './spec.js';
export { Polling, PollingStoppedError, type PollingEvents, type PollingOptions, type PollingState } from './polling/polling.js';
export { realClock, type Clock } from './polling/clock.js';
export type * from './polling/spec.js';
