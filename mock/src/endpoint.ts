/**
 * The WebSocket server of one mock connection: listens, accepts any path and any headers, turns each
 * socket into a `Session` and reports what happens on it. Like most servers, it accepts the first
 * subprotocol a client offers (a client that offers one requires an answer).
 */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { ConnectionSpec } from '@protogen-dm/runtime';
import { Session, type Wire } from './session.js';

/** Largest frame the mock accepts; a larger one closes that socket with 1009 (ws does this). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** How long a graceful close may take before the socket is destroyed. */
const CLOSE_DEADLINE_MS = 1000;

/** What an endpoint reports; each call is about one session of `connection`. */
export interface EndpointHandler {
  /** `request` is the WebSocket opening handshake; byte streams have none. */
  opened(session: Session, request: IncomingMessage | undefined): void;
  message(session: Session, bytes: Uint8Array, text: boolean): void;
  closed(session: Session, code: number): void;
  /** A server or socket error: reported, never thrown. */
  failed(connection: ConnectionSpec, error: Error): void;
}

/** One listening server of a connection (WebSocket here; TCP and UDP in stream/). */
export interface MockEndpoint {
  readonly connection: ConnectionSpec;
  readonly port: number;
  /** Sessions whose socket is open. */
  readonly sessions: Session[];
  /** Closes every socket gracefully (a close frame with `code` where the kind has one). */
  closeSockets(code: number): Promise<void>;
  /** Destroys every socket at once, like a TCP reset. */
  resetSockets(): void;
  /** Closes the sockets, then the server. */
  close(): Promise<void>;
}

/** A `ws` socket as a session's wire. */
class WsWire implements Wire {
  readonly socket: WebSocket;

  constructor(socket: WebSocket) {
    this.socket = socket;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  write(bytes: Uint8Array, text: boolean): Promise<boolean> {
    return new Promise((resolve) => {
      this.socket.send(bytes, { binary: !text }, (error) => resolve(!error));
    });
  }
}

/** One listening WebSocket server and its open sessions. */
export class Endpoint implements MockEndpoint {
  readonly connection: ConnectionSpec;
  readonly port: number;
  readonly #server: WebSocketServer;
  readonly #handler: EndpointHandler;
  readonly #sessions = new Map<Session, WebSocket>();

  /** Starts listening. @throws the listen error (address in use, permission) as a rejection. */
  static async listen(connection: ConnectionSpec, host: string, port: number, handler: EndpointHandler): Promise<Endpoint> {
    const server = new WebSocketServer({
      host,
      port,
      perMessageDeflate: false,
      maxPayload: MAX_FRAME_BYTES,
      handleProtocols: firstProtocol,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return new Endpoint(connection, server, handler);
  }

  private constructor(connection: ConnectionSpec, server: WebSocketServer, handler: EndpointHandler) {
    this.connection = connection;
    this.#server = server;
    this.#handler = handler;
    this.port = (server.address() as AddressInfo).port;
    server.on('error', (error) => handler.failed(connection, error));
    server.on('connection', (socket, request) => this.#accept(socket, request));
  }

  /** Sessions whose socket is open. */
  get sessions(): Session[] {
    return [...this.#sessions.keys()].filter((session) => session.open);
  }

  /** Sends a close frame on every socket; destroys those that do not finish closing in time. */
  async closeSockets(code: number): Promise<void> {
    await Promise.all([...this.#sessions.values()].map((socket) => closeGracefully(socket, code)));
  }

  /** Destroys every socket at once, without a close frame. */
  resetSockets(): void {
    for (const socket of this.#sessions.values()) socket.terminate();
  }

  /** Closes the sockets (1001 going away), then the server. */
  async close(): Promise<void> {
    for (const session of this.#sessions.keys()) session.stop();
    await this.closeSockets(1001);
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const session = new Session(this.connection, new WsWire(socket));
    this.#sessions.set(session, socket);
    socket.on('message', (data: RawData, isBinary: boolean) => this.#onMessage(session, data, isBinary));
    // ws closes the socket after an error (bad frame, too big); the close event follows.
    socket.on('error', (error) => this.#handler.failed(this.connection, error));
    socket.on('close', (code: number) => {
      session.stop();
      this.#sessions.delete(session);
      this.#handler.closed(session, code);
    });
    this.#handler.opened(session, request);
  }

  /** A handler bug must not become an uncaught exception inside `ws`: it is reported instead. */
  #onMessage(session: Session, data: RawData, isBinary: boolean): void {
    try {
      this.#handler.message(session, toBytes(data), !isBinary);
    } catch (error) {
      this.#handler.failed(this.connection, error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function closeGracefully(socket: WebSocket, code: number): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const deadline = setTimeout(() => socket.terminate(), CLOSE_DEADLINE_MS);
    socket.once('close', () => {
      clearTimeout(deadline);
      resolve();
    });
    if (socket.readyState !== WebSocket.CLOSING) socket.close(code);
  });
}

/** A private copy of the frame's bytes: `ws` may hand out views of pooled buffers. */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data);
}

function firstProtocol(protocols: ReadonlySet<string>): string | false {
  for (const protocol of protocols) return protocol;
  return false;
}
