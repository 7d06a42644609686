/**
 * A real `ws` server for runtime tests, scriptable from the test: it records every frame (with its
 * opcode) and every opening handshake, replies through a handler, pushes, closes and terminates.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws';

/** One frame the server received. */
export interface Frame {
  readonly text: string;
  readonly bytes: Buffer;
  readonly isBinary: boolean;
  readonly socket: WebSocket;
}

/** One opening handshake the server accepted. */
export interface Handshake {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** Answers a received frame; `reply(frame, text)` sends back on the frame's socket. */
export type FrameHandler = (frame: Frame, server: TestServer) => void;

export class TestServer {
  readonly port: number;
  readonly frames: Frame[] = [];
  readonly handshakes: Handshake[] = [];
  /** Close codes of client sockets, in the order they closed. */
  readonly closes: number[] = [];
  readonly sockets = new Set<WebSocket>();
  /** Replies to frames; replace it per test. */
  handler: FrameHandler | undefined;
  readonly #wss: WebSocketServer;
  #waiters: (() => boolean)[] = [];

  private constructor(wss: WebSocketServer) {
    this.#wss = wss;
    this.port = (wss.address() as AddressInfo).port;
    wss.on('connection', this.#onConnection.bind(this));
  }

  /** Starts a server on 127.0.0.1 (`port` 0 = any free port). */
  static start(port = 0, options: ServerOptions = {}): Promise<TestServer> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ host: '127.0.0.1', port, ...options });
      wss.once('error', reject);
      wss.once('listening', () => resolve(new TestServer(wss)));
    });
  }

  /** `ws://127.0.0.1:<port><path>` */
  url(path = ''): string {
    return `ws://127.0.0.1:${this.port}${path}`;
  }

  /** Sends `data` on `socket` as text (string) or binary (Buffer). */
  send(socket: WebSocket, data: string | Buffer): void {
    socket.send(data, { binary: typeof data !== 'string' });
  }

  /** Sends `data` to every connected client. */
  push(data: string | Buffer): void {
    for (const socket of this.sockets) this.send(socket, data);
  }

  /** Closes every client socket with a close frame. */
  closeClients(code = 1000, reason = ''): void {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  /** Destroys every client socket without a close frame. */
  terminateClients(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /** Resolves once `check` returns something other than undefined, re-checked on every server event. */
  waitFor<T>(check: () => T | undefined): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      this.#waiters.push(() => {
        const value = check();
        if (value === undefined) return false;
        resolve(value);
        return true;
      });
    });
  }

  /** Resolves with the first `count` frames once that many have arrived. */
  waitForFrames(count: number): Promise<Frame[]> {
    return this.waitFor(() => (this.frames.length >= count ? this.frames.slice(0, count) : undefined));
  }

  /** Resolves with the `count`-th accepted socket (1-based). */
  waitForConnections(count: number): Promise<void> {
    return this.waitFor(() => (this.handshakes.length >= count ? true : undefined)).then(() => undefined);
  }

  /** Terminates every client and stops listening. */
  close(): Promise<void> {
    this.terminateClients();
    return new Promise((resolve) => this.#wss.close(() => resolve()));
  }

  #onConnection(socket: WebSocket, request: { url?: string; headers: IncomingHttpHeaders }): void {
    this.sockets.add(socket);
    this.handshakes.push({ url: request.url ?? '', headers: request.headers });
    socket.on('message', (data: Buffer, isBinary: boolean) => this.#onMessage(socket, data, isBinary));
    socket.on('close', (code: number) => {
      this.sockets.delete(socket);
      this.closes.push(code);
      this.#changed();
    });
    socket.on('error', () => undefined);
    this.#changed();
  }

  #onMessage(socket: WebSocket, bytes: Buffer, isBinary: boolean): void {
    const frame: Frame = { text: bytes.toString('utf8'), bytes, isBinary, socket };
    this.frames.push(frame);
    this.handler?.(frame, this);
    this.#changed();
  }

  #changed(): void {
    this.#waiters = this.#waiters.filter((waiter) => !waiter());
  }
}

/** Replies to `P:<x>` with `R:<x>` (the echo spec's ping pair). */
export const echo: FrameHandler = (frame, server) => {
  if (frame.text.startsWith('P:')) server.send(frame.socket, `R:${frame.text.slice(2)}`);
};
