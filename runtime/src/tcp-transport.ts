/**
 * `tcp://host:port`: one node:net socket. The host is resolved on each connect (a new transport per
 * dial, as DataMiner resolves on each connect), TCP keep-alive is on, Nagle is off (one command is one
 * write; waiting to coalesce it only adds latency). Chunks go to the handler as they come: the link's
 * framer cuts them. In server mode the socket is one a listener accepted (`adoptTcpSocket`), the same
 * transport from then on.
 */
import { Socket } from 'node:net';
import { deferred, type Deferred } from './deferred.js';
import { CLOSE_TIMEOUT_MS, TCP_KEEPALIVE_MS } from './limits.js';
import { CloseCode, type SendListener, type Transport, type TransportHandler, type TransportOptions } from './transport.js';
import { hostAndPort } from './stream-url.js';

export function createTcpTransport(options: TransportOptions, handler: TransportHandler): Transport {
  const { host, port } = hostAndPort(options.url, 'tcp:');
  const transport = new TcpTransport(new Socket(), handler);
  transport.dial(host, port, options.connectTimeoutMs);
  return transport;
}

/** A transport over a socket a listener accepted (server mode): already connected, `opened` comes next tick. */
export function adoptTcpSocket(socket: Socket, handler: TransportHandler): Transport {
  const transport = new TcpTransport(socket, handler);
  transport.adopt();
  return transport;
}

class TcpTransport implements Transport {
  readonly #socket: Socket;
  readonly #handler: TransportHandler;
  #openTimer: NodeJS.Timeout | undefined;
  #closeTimer: NodeJS.Timeout | undefined;
  #closing: Deferred<void> | undefined;
  /** The handler has been told `closed`, or the owner closed: no more events go out. */
  #done = false;
  #open = false;

  constructor(socket: Socket, handler: TransportHandler) {
    this.#socket = socket;
    this.#handler = handler;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => this.#end(CloseCode.abnormal, error));
    socket.on('close', () => this.#onClose());
    socket.setNoDelay(true);
  }

  dial(host: string, port: number, connectTimeoutMs: number): void {
    this.#socket.on('connect', () => this.#onConnect());
    this.#socket.connect({ host, port });
    this.#openTimer = setTimeout(TcpTransport.#openTimedOut, connectTimeoutMs, this);
  }

  adopt(): void {
    process.nextTick(() => (this.#socket.destroyed ? undefined : this.#onConnect()));
  }

  get bufferedAmount(): number {
    return this.#socket.writableLength;
  }

  send(data: Uint8Array, _text: boolean, listener: SendListener | undefined): void {
    if (!this.#open || this.#socket.destroyed) {
      if (listener !== undefined) process.nextTick(notSent, listener);
      return;
    }
    if (listener === undefined) this.#socket.write(data);
    else this.#socket.write(data, (error) => listener.sent(error ?? undefined));
  }

  close(): Promise<void> {
    this.#done = true;
    clearTimeout(this.#openTimer);
    if (this.#socket.closed) return Promise.resolve();
    if (this.#closing === undefined) {
      this.#closing = deferred();
      this.#socket.end();
      this.#closeTimer = setTimeout(() => this.#socket.destroy(), CLOSE_TIMEOUT_MS);
    }
    return this.#closing.promise;
  }

  static #openTimedOut(transport: TcpTransport): void {
    transport.#openTimer = undefined;
    transport.#end(CloseCode.abnormal, new Error('TCP connect has timed out'));
    transport.#socket.destroy();
  }

  #onConnect(): void {
    clearTimeout(this.#openTimer);
    this.#openTimer = undefined;
    if (this.#done) return;
    this.#open = true;
    this.#socket.setKeepAlive(true, TCP_KEEPALIVE_MS);
    this.#handler.opened(this);
  }

  #onData(chunk: Buffer): void {
    if (!this.#done) this.#handler.received(this, chunk);
  }

  #onClose(): void {
    clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
    this.#closing?.resolve();
    // The peer ended the stream (FIN) without an error: a normal close.
    this.#end(CloseCode.normal, undefined);
  }

  #end(code: number, error: Error | undefined): void {
    clearTimeout(this.#openTimer);
    this.#openTimer = undefined;
    this.#open = false;
    if (this.#done) return;
    this.#done = true;
    this.#handler.closed(this, code, undefined, error);
    if (!this.#socket.destroyed) this.#socket.destroy();
  }
}

function notSent(listener: SendListener): void {
  listener.sent(new Error('TCP socket is not open'));
}
