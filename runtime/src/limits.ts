/**
 * Every default and limit of the runtime in one place, so they are documented once and tests can refer
 * to them. Options named after each constant override it.
 */

/** A pair's timeout when neither the call, the pair, the driver options nor the connection says (DataMiner's default). */
export const DEFAULT_TIMEOUT_MS = 1500;

/** Resends after a timeout when nobody says otherwise. */
export const DEFAULT_RETRIES = 0;

/** Calls that may wait per connection behind the one in flight (`maxQueue`). */
export const DEFAULT_MAX_QUEUE = 1000;

/** Largest incoming message accepted (`maxMessageBytes`, enforced as ws `maxPayload`): 16 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * Server mode over TCP: clients connected at once when the protocol sets no `maxConcurrentConnections`
 * (DataMiner sets none; each client holds a socket and a framer of up to `maxMessageBytes`).
 */
export const MAX_SERVER_CLIENTS = 1024;

/** Server mode over UDP: senders whose partial frames are kept apart; the one heard from longest ago is forgotten first. */
export const MAX_UDP_SENDERS = 64;

/** A UDP datagram's largest payload over IPv4 (65 535 − 8 bytes of UDP header − 20 of IP header): one command is one datagram. */
export const MAX_UDP_PAYLOAD = 65_507;

/** Opening handshake deadline; a device that accepts TCP but never upgrades fails instead of hanging. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** TCP keep-alive probe delay of byte-stream sockets (node:net `setKeepAlive`). */
export const TCP_KEEPALIVE_MS = 30_000;

/** How long a graceful close waits for the peer's close frame before the socket is destroyed. */
export const CLOSE_TIMEOUT_MS = 2000;

/**
 * Bytes the socket may hold unsent before the queue stops handing it push commands and waits for the
 * previous write to complete (backpressure without losing order).
 */
export const SEND_HIGH_WATER_MARK = 1024 * 1024;

/** Pongs `ws` may hold unwritten before a ping flood ends the socket (ws's own default). */
export const MAX_PENDING_PONGS = 60;

/** Largest timer delay Node honours; longer ones fire at once, so options above it are rejected. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Reconnect backoff defaults (`reconnect: true`). */
export const DEFAULT_RECONNECT = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  /** 1 = full jitter: each delay is uniformly random between 0 and the exponential value. */
  jitter: 1,
  maxAttempts: Number.POSITIVE_INFINITY,
  /** A reopened connection counts as back once it has stayed open this long; until then attempts keep growing. */
  stableMs: 5000,
} as const;
