/**
 * What a connection needs from the thing that carries its bytes, whatever the kind (WebSocket today;
 * TCP, UDP, a serial port later). A `Link` opens transports; a transport is one socket.
 *
 * Two kinds of link:
 * - message links (WebSocket): every `received` is one whole message, routed as it is;
 * - byte-stream links (TCP, UDP, serial): `received` is a chunk with no message boundaries; the link's
 *   `Framer` turns chunks into candidate messages, asking the in-flight pair's responses when one is
 *   complete (`FrameCodec.measure`).
 */
import type { ClientChange } from './driver-events.js';
import type { PairPlan } from './plan.js';

/** Close codes the runtime produces or interprets (RFC 6455 §7.4.1; other links reuse them). */
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

/** What a transport needs to open. Fields a kind has no use for (headers on TCP) are ignored. */
export interface TransportOptions {
  readonly url: string;
  /** Opening-handshake headers (WebSocket). */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** Largest incoming message (or buffered frame); a larger one ends the transport with 1009. */
  readonly maxMessageBytes: number;
  /** Keep-alive interval (0 = none); a missed answer ends the transport. */
  readonly heartbeatMs: number;
  /** Deadline of the opening (handshake, TCP connect). */
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
  /** A message (message links) or a chunk (byte-stream links); in server mode, from `client` (`IP:port`). */
  received(transport: Transport, data: Uint8Array, client?: string): void;
  /** Server mode: the transport's listening socket is bound to `address` and waits for the device. */
  listening?(transport: Transport, address: { readonly host: string; readonly port: number }): void;
  /**
   * Server mode: `client` (`IP:port`) connected, left, or was refused. A transport opens after its first
   * client's `connected` and closes after its last client's `disconnected`.
   */
  client?(transport: Transport, client: string, change: ClientChange): void;
  /** `reason` is absent when the peer gave none; `error` is set when the transport failed. */
  closed(transport: Transport, code: number, reason: string | undefined, error: Error | undefined): void;
}

/** One socket. Never throws from its methods; failures arrive through `closed`. */
export interface Transport {
  /** Bytes written but not yet handed to the operating system. */
  readonly bufferedAmount: number;
  /**
   * Sends one message (text or binary where the kind knows the difference); `listener` learns when it
   * left. Server mode: to `client` only when given, else to every client. `data` may be shared by
   * several calls (a pair's command bytes are reused, command-bytes.ts): it is never written into.
   */
  send(data: Uint8Array, text: boolean, listener: SendListener | undefined, client?: string): void;
  /** The largest command it sends whole (UDP: one datagram); a larger one is refused before it is queued. */
  readonly maxSendBytes?: number;
  /** Server mode with several clients: the clients a send to every client reaches (each owes its reply). */
  recipients?(): readonly string[];
  /** The connection has nothing in flight and owes no reply (a shared socket lets another connection send). */
  idle?(): void;
  /** Server mode: ends `client`'s socket (TCP) or forgets the sender (UDP); it is told `disconnected` as for a client that left. */
  disconnect?(client: string): void;
  /** Closes gracefully; resolves once the socket is closed (destroyed after a deadline). Never rejects. */
  close(code: number, reason: string): Promise<void>;
}

/** Opens a transport that reports to `handler`. May throw for a malformed URL or header. */
export type TransportFactory = (options: TransportOptions, handler: TransportHandler) => Transport;

/** Receives the candidate messages a framer cuts. */
export interface FrameSink {
  /**
   * The candidate message `bytes[start, end)`. `bytes` may be the framer's buffer, valid during the
   * call only: frames are routed in place, without a view or copy each.
   */
  message(bytes: Uint8Array, start: number, end: number): void;
  /**
   * A reply the expected pair's layouts say is whole (serial): routed like `message`; when nothing
   * matches it (a failed length or crc check), the call's attempt fails now instead of at its timeout.
   */
  reply(bytes: Uint8Array, start: number, end: number): void;
  /** Bytes the framer threw away (flushed before a send, outside any frame, past the cap): reported, never routed. */
  discarded(bytes: Uint8Array): void;
}

/** Cuts the chunks of one byte-stream transport into candidate messages. One framer per transport. */
export interface Framer {
  /** A chunk arrived; `expecting` is the pair whose responses may come now. Calls `sink` per message. */
  push(chunk: Uint8Array, expecting: PairPlan | undefined, sink: FrameSink): void;
  /** A command is about to be sent (a serial framer drops what is buffered, as DataMiner does). */
  sending(): void;
  /** The in-flight pair's time is up: hand over what is buffered, if anything, as one message. */
  end(expecting: PairPlan | undefined, sink: FrameSink): void;
  /** The transport is gone: clear timers; nothing more reaches the sink. */
  stop(): void;
}

/** One kind of connection's way to its device. */
export interface Link {
  readonly open: TransportFactory;
  /** Server mode: the device dials us, so a lost device is waited for again at once (no backoff, whatever `reconnect` says). */
  readonly listens?: true;
  /** Byte-stream links: a new framer for each transport (it bounds its buffer by `maxMessageBytes`). Message links have none. */
  readonly framer: ((options: TransportOptions) => Framer) | undefined;
}
