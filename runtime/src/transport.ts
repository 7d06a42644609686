/**
 * The socket seen by a connection. Kept this small so that a browser / Node 22 `WebSocket` transport can
 * replace `ws` later; `ws-transport.ts` is the implementation used today.
 */

/** WebSocket close codes the runtime produces or interprets (RFC 6455 §7.4.1). */
export const CloseCode = {
  normal: 1000,
  /** The peer broke the WebSocket framing rules (reserved opcode or bits, a masked server frame…). */
  protocolError: 1002,
  /** The socket ended without a close frame (error, refused, heartbeat). */
  abnormal: 1006,
  /** A text message that is not valid UTF-8. */
  invalidData: 1007,
  /** A message split into more fragments than the receiver keeps. */
  policyViolation: 1008,
  /** A message exceeded the receiver's limit. */
  tooBig: 1009,
} as const;

/** What a transport needs to open. */
export interface TransportOptions {
  readonly url: string;
  /** Opening-handshake headers. */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** Largest incoming message; a larger one closes the socket with 1009. */
  readonly maxMessageBytes: number;
  /** Ping interval (0 = none); a missed pong ends the transport. */
  readonly heartbeatMs: number;
  /** Deadline of the opening handshake. */
  readonly connectTimeoutMs: number;
}

/** Told when one write has left for the socket, or failed. */
export interface SendListener {
  sent(error: Error | undefined): void;
}

/**
 * Events of one transport, each passing the transport so a connection can ignore a socket it has
 * already replaced. `closed` comes exactly once, as soon as the transport is unusable, unless the owner
 * called `close()` first.
 */
export interface TransportHandler {
  opened(transport: Transport): void;
  received(transport: Transport, data: Uint8Array): void;
  /** `error` is set when the transport failed rather than being closed by the peer. */
  closed(transport: Transport, code: number, reason: string, error: Error | undefined): void;
}

/** One socket. Never throws from its methods; failures arrive through `closed`. */
export interface Transport {
  /** Bytes written but not yet handed to the operating system. */
  readonly bufferedAmount: number;
  /** Sends one frame, text or binary; `listener` (optional) learns when the write completed. */
  send(data: Uint8Array, text: boolean, listener: SendListener | undefined): void;
  /** Closes gracefully; resolves once the socket is closed (destroyed after a deadline). Never rejects. */
  close(code: number, reason: string): Promise<void>;
}

/** Opens a transport that reports to `handler`. May throw for a malformed URL or header. */
export type TransportFactory = (options: TransportOptions, handler: TransportHandler) => Transport;
