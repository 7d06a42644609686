/**
 * A real node:http (or https) server for HTTP session tests, on 127.0.0.1 port 0: it records every
 * request exactly as it arrived (method, raw target, raw header lines, body, socket) and answers
 * through a handler the test replaces.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface Captured {
  readonly method: string;
  /** The request target as sent (`/a%20b?x=1`). */
  readonly target: string;
  /** Header lines in the order sent, names as sent. */
  readonly rawHeaders: readonly [string, string][];
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** Which TCP connection it came on (1, 2…). */
  readonly socket: number;
}

export type Handler = (request: Captured, response: ServerResponse) => void;

export class HttpTestServer {
  readonly requests: Captured[] = [];
  handler: Handler = (_request, response) => response.end('ok');
  readonly #server: Server;
  readonly #sockets = new Map<Socket, number>();

  static async start(tls?: { key: Buffer; cert: Buffer }): Promise<HttpTestServer> {
    const server = new HttpTestServer(tls);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  private constructor(tls: { key: Buffer; cert: Buffer } | undefined) {
    const listener = (request: IncomingMessage, response: ServerResponse): void => this.#receive(request, response);
    this.#server = tls ? createTlsServer(tls, listener) : createServer(listener);
    this.#server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.#sockets.set(socket, this.#sockets.size + 1);
    });
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** TCP connections accepted so far. */
  get connections(): number {
    return this.#sockets.size;
  }

  /** Destroys every open socket. */
  reset(): void {
    for (const socket of this.#sockets.keys()) socket.destroy();
  }

  async close(): Promise<void> {
    this.reset();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #receive(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = request.rawHeaders;
      const rawHeaders: [string, string][] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) rawHeaders.push([raw[i] as string, raw[i + 1] as string]);
      const captured: Captured = {
        method: request.method ?? '',
        target: request.url ?? '',
        rawHeaders,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        socket: this.#sockets.get(request.socket) ?? 0,
      };
      this.requests.push(captured);
      this.handler(captured, response);
    });
  }
}
