/**
 * `udp://host:port`: one node:dgram socket, bound to the local port when the connection sets one
 * (`LocalIPport`), else an ephemeral one. Each command is one datagram, sent to host:port (resolved on
 * each send, as DataMiner does); every datagram from that address is one chunk for the framer, so a
 * reply split over two datagrams still frames by the rules. Datagrams from elsewhere are ignored.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { CloseCode, type SendListener, type Transport, type TransportHandler, type TransportOptions } from './transport.js';
import { MAX_UDP_PAYLOAD } from './limits.js';
import { hostAndPort } from './stream-url.js';

/** Opens a UDP transport; `localPort` 0 binds an ephemeral port. */
export function createUdpTransport(options: TransportOptions, handler: TransportHandler, localPort: number): Transport {
  return new UdpTransport(options, handler, localPort);
}

class UdpTransport implements Transport {
  readonly maxSendBytes = MAX_UDP_PAYLOAD;
  readonly #socket: Socket;
  readonly #handler: TransportHandler;
  readonly #host: string;
  readonly #port: number;
  #done = false;
  #open = false;
  #closed: Promise<void> | undefined;

  constructor(options: TransportOptions, handler: TransportHandler, localPort: number) {
    const { host, port } = hostAndPort(options.url, 'udp:');
    this.#host = host;
    this.#port = port;
    this.#handler = handler;
    this.#socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    this.#socket.on('message', (data: Buffer, from: RemoteInfo) => this.#onMessage(data, from));
    this.#socket.on('error', (error) => this.#end(error));
    this.#socket.on('listening', () => this.#onListening());
    this.#socket.bind(localPort);
  }

  get bufferedAmount(): number {
    return this.#socket.getSendQueueSize?.() ?? 0;
  }

  send(data: Uint8Array, _text: boolean, listener: SendListener | undefined): void {
    if (!this.#open) {
      if (listener !== undefined) process.nextTick(notSent, listener);
      return;
    }
    this.#socket.send(data, this.#port, this.#host, (error) => {
      if (error !== null && error !== undefined) this.#end(error);
      listener?.sent(error ?? undefined);
    });
  }

  close(): Promise<void> {
    this.#done = true;
    this.#open = false;
    this.#closed ??= closeSocket(this.#socket);
    return this.#closed;
  }

  #onListening(): void {
    if (this.#done) return;
    this.#open = true;
    this.#handler.opened(this);
  }

  #onMessage(data: Buffer, from: RemoteInfo): void {
    if (this.#done || from.port !== this.#port) return;
    this.#handler.received(this, data);
  }

  #end(error: Error): void {
    this.#open = false;
    if (this.#done) return;
    this.#done = true;
    this.#handler.closed(this, CloseCode.abnormal, undefined, error);
    void this.close();
  }
}

/** Closes a datagram socket; resolves once closed (at once when it already was). */
export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      // ERR_SOCKET_DGRAM_NOT_RUNNING: closed already.
      resolve();
    }
  });
}

function notSent(listener: SendListener): void {
  listener.sent(new Error('UDP socket is not open'));
}
