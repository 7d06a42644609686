/**
 * The WebSocket link: a message link over the `ws` package (one frame is one message, so no framer).
 * Handlers are shared by every socket, never closures per message; every timer it starts (heartbeat,
 * close deadline) it clears. It answers pings itself, so a ping flood ends the socket with a cause.
 */
import WebSocket from 'ws';
import { deferred, type Deferred } from './deferred.js';
import { CLOSE_TIMEOUT_MS, MAX_PENDING_PONGS } from './limits.js';
import { CloseCode, type Link, type SendListener, type Transport, type TransportHandler, type TransportOptions } from './transport.js';

/** The transport a `ws` socket belongs to, for the shared event handlers. */
const owner = Symbol('protogen transport');
type Owned = WebSocket & { [owner]: WsTransport };

const TEXT = { binary: false } as const;
const BINARY = { binary: true } as const;

/**
 * A `Sec-WebSocket-Protocol` handshake header must reach `ws` as its `protocols` argument: sent as a
 * plain header, `ws` rejects the server's answer ("Server sent a subprotocol but none was requested").
 */
function splitSubprotocols(all: Readonly<Record<string, string>> | undefined): {
  headers: Record<string, string> | undefined;
  protocols: string[];
} {
  if (all === undefined) return { headers: undefined, protocols: [] };
  const headers: Record<string, string> = {};
  let protocols: string[] = [];
  for (const [name, value] of Object.entries(all)) {
    if (name.toLowerCase() === 'sec-websocket-protocol') protocols = value.split(',').map((protocol) => protocol.trim()).filter(Boolean);
    else headers[name] = value;
  }
  return { headers, protocols };
}

/** Opens a `ws` WebSocket; throws for a URL or header `ws` rejects. */
export function createWsTransport(options: TransportOptions, handler: TransportHandler): Transport {
  return new WsTransport(options, handler);
}

/** `ws://` and `wss://` connections. */
export const webSocketLink: Link = { open: createWsTransport, framer: undefined };

class WsTransport implements Transport {
  readonly #ws: WebSocket;
  readonly #handler: TransportHandler;
  readonly #heartbeatMs: number;
  #heartbeat: NodeJS.Timeout | undefined;
  #alive = true;
  /** The handler has been told `closed`, or the owner closed: no more events go out. */
  #done = false;
  #closeTimer: NodeJS.Timeout | undefined;
  /** Opening handshake deadline. Ours, not ws's `handshakeTimeout`, which keeps a timer object per socket for life. */
  #openTimer: NodeJS.Timeout | undefined;
  #closing: Deferred<void> | undefined;
  #isClosed = false;
  /** Pongs handed to `ws` whose write has not completed. */
  #pendingPongs = 0;
  #pongWritten: (() => void) | undefined;

  constructor(options: TransportOptions, handler: TransportHandler) {
    this.#handler = handler;
    this.#heartbeatMs = options.heartbeatMs;
    const { headers, protocols } = splitSubprotocols(options.headers);
    this.#ws = new WebSocket(options.url, protocols, {
      ...(headers === undefined ? {} : { headers }),
      maxPayload: options.maxMessageBytes,
      // Compression costs CPU and memory per message; device protocols gain nothing from it.
      perMessageDeflate: false,
      // ws would terminate a ping flood without saying why; #onPing does the same with a cause.
      autoPong: false,
    });
    // The handlers are shared by every socket and find their transport on it: a thousand drivers
    // should not carry five bound functions each.
    (this.#ws as Owned)[owner] = this;
    this.#ws.on('open', WsTransport.#opened);
    this.#ws.on('message', WsTransport.#message);
    this.#ws.on('ping', WsTransport.#ping);
    if (this.#heartbeatMs > 0) this.#ws.on('pong', WsTransport.#pong);
    this.#ws.on('error', WsTransport.#error);
    this.#ws.on('close', WsTransport.#closed);
    this.#openTimer = setTimeout(WsTransport.#openTimedOut, options.connectTimeoutMs, this);
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  send(data: Uint8Array, text: boolean, listener: SendListener | undefined): void {
    const options = text ? TEXT : BINARY;
    if (this.#ws.readyState !== WebSocket.OPEN) {
      // `ws` throws while connecting; answer asynchronously like it does when closing.
      if (listener !== undefined) process.nextTick(notifyNotOpen, listener, this.#ws.readyState);
      return;
    }
    if (listener === undefined) this.#ws.send(data, options);
    // Node calls write callbacks with `null` on success.
    else this.#ws.send(data, options, (error) => listener.sent(error ?? undefined));
  }

  close(code: number, reason: string): Promise<void> {
    this.#done = true;
    this.#stopTimers();
    if (this.#isClosed) return Promise.resolve();
    if (this.#closing === undefined) {
      this.#closing = deferred();
      this.#ws.close(code, reason);
      this.#closeTimer = setTimeout(this.#onCloseTimeout.bind(this), CLOSE_TIMEOUT_MS);
    }
    return this.#closing.promise;
  }

  static #opened(this: WebSocket): void {
    (this as Owned)[owner].#onOpen();
  }

  static #message(this: WebSocket, data: WebSocket.RawData): void {
    (this as Owned)[owner].#onMessage(data);
  }

  static #ping(this: WebSocket, data: Buffer): void {
    (this as Owned)[owner].#onPing(data);
  }

  static #pong(this: WebSocket): void {
    (this as Owned)[owner].#onPong();
  }

  static #error(this: WebSocket, error: Error): void {
    (this as Owned)[owner].#onError(error);
  }

  static #closed(this: WebSocket, code: number, reason: Buffer): void {
    (this as Owned)[owner].#onClose(code, reason);
  }

  static #openTimedOut(transport: WsTransport): void {
    transport.#openTimer = undefined;
    transport.#end(CloseCode.abnormal, undefined, new Error('Opening handshake has timed out'));
    transport.#ws.terminate();
  }

  #onOpen(): void {
    clearTimeout(this.#openTimer);
    this.#openTimer = undefined;
    if (this.#done) return;
    if (this.#heartbeatMs > 0) this.#heartbeat = setInterval(this.#onHeartbeat.bind(this), this.#heartbeatMs);
    this.#handler.opened(this);
  }

  #onMessage(data: WebSocket.RawData): void {
    this.#alive = true;
    if (this.#done) return;
    // binaryType is the default 'nodebuffer': every message is one Buffer, a Uint8Array (no copy).
    this.#handler.received(this, data as Buffer);
  }

  #onPong(): void {
    this.#alive = true;
  }

  #onError(error: Error): void {
    // ws closes the socket itself after an error; report it now so pending calls fail at once, with the
    // close code ws sent the peer (not 1006, which would hide that the peer's bytes were at fault).
    this.#end(failureCode((error as { code?: unknown }).code), undefined, error);
  }

  #onClose(code: number, reason: Buffer): void {
    this.#isClosed = true;
    clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
    this.#closing?.resolve();
    this.#end(code, reason.length === 0 ? undefined : reason.toString(), undefined);
  }

  /** Answers a ping; more than MAX_PENDING_PONGS unwritten answers is a flood that ends the socket. */
  #onPing(data: Buffer): void {
    this.#alive = true;
    if (this.#done || this.#ws.readyState !== WebSocket.OPEN) return;
    if (this.#pendingPongs >= MAX_PENDING_PONGS) {
      this.#end(CloseCode.abnormal, undefined, new Error(`The peer sent more than ${MAX_PENDING_PONGS} pings without reading their pongs (ping flood)`));
      this.#ws.terminate();
      return;
    }
    this.#pendingPongs++;
    this.#ws.pong(data, true, (this.#pongWritten ??= this.#onPongWritten.bind(this)));
  }

  #onPongWritten(): void {
    this.#pendingPongs--;
  }

  #onHeartbeat(): void {
    if (!this.#alive) {
      this.#end(CloseCode.abnormal, undefined, new Error(`No pong within ${this.#heartbeatMs} ms (heartbeat)`));
      this.#ws.terminate();
      return;
    }
    this.#alive = false;
    this.#ws.ping();
  }

  #onCloseTimeout(): void {
    this.#closeTimer = undefined;
    this.#ws.terminate();
  }

  /** Tells the handler once that this transport is finished. */
  #end(code: number, reason: string | undefined, error: Error | undefined): void {
    this.#stopTimers();
    if (this.#done) return;
    this.#done = true;
    this.#handler.closed(this, code, reason, error);
  }

  /** Stops the heartbeat and the opening deadline (the close deadline runs until the socket closes). */
  #stopTimers(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    clearTimeout(this.#openTimer);
    this.#openTimer = undefined;
  }
}

/**
 * The close code `ws` fails a connection with, by its documented error code: every `WS_ERR_*` is about
 * what the peer sent. Any other error (refused, reset, handshake) is an abnormal closure.
 */
function failureCode(code: unknown): number {
  switch (code) {
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
    case 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH':
      return CloseCode.tooBig;
    case 'WS_ERR_INVALID_UTF8':
      return CloseCode.invalidData;
    case 'WS_ERR_TOO_MANY_BUFFERED_PARTS':
      return CloseCode.policyViolation;
    default:
      return typeof code === 'string' && code.startsWith('WS_ERR_') ? CloseCode.protocolError : CloseCode.abnormal;
  }
}

function notifyNotOpen(listener: SendListener, readyState: number): void {
  listener.sent(new Error(`WebSocket is not open (readyState ${readyState})`));
}
