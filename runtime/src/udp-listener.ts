/**
 * Server mode over UDP (DataMiner's smart-serial IP `any` on a UDP port): `{ url: 'udp://0.0.0.0:5100',
 * listen: true }` binds that address and takes datagrams from anyone. DataMiner keeps the address of
 * the client that sent last and sends its commands there; so does this transport, unless a call names
 * another sender (`CallOptions.client`).
 *
 * UDP has no connection: a sender is a client from its first datagram on (`connected`; the transport
 * opens with the first one) and stays one until the driver closes, or until MAX_UDP_SENDERS newer
 * senders have pushed it out (`disconnected`), since each sender's partial frames are kept apart.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { MAX_UDP_PAYLOAD, MAX_UDP_SENDERS } from './limits.js';
import { hostAndPort } from './stream-url.js';
import { clientName } from './client-name.js';
import { CloseCode, type SendListener, type Transport, type TransportHandler, type TransportOptions } from './transport.js';
import { closeSocket } from './udp-transport.js';

export function createUdpListener(options: TransportOptions, handler: TransportHandler): Transport {
  return new UdpListener(options, handler);
}

class UdpListener implements Transport {
  readonly maxSendBytes = MAX_UDP_PAYLOAD;
  readonly #socket: Socket;
  readonly #handler: TransportHandler;
  /** Senders by name, least recently heard first (a Map keeps insertion order). */
  readonly #senders = new Map<string, RemoteInfo>();
  /** The sender heard from last: where a command that names no client goes. */
  #last: RemoteInfo | undefined;
  #done = false;
  #closed: Promise<void> | undefined;

  constructor(options: TransportOptions, handler: TransportHandler) {
    const { host, port } = hostAndPort(options.url, 'udp:', true);
    this.#handler = handler;
    this.#socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    this.#socket.on('message', (data: Buffer, from: RemoteInfo) => this.#onMessage(data, from));
    this.#socket.on('error', (error) => this.#end(error));
    this.#socket.on('listening', () => this.#onListening());
    this.#socket.bind(port, host);
  }

  get bufferedAmount(): number {
    return this.#socket.getSendQueueSize?.() ?? 0;
  }

  send(data: Uint8Array, _text: boolean, listener: SendListener | undefined, client?: string): void {
    const target = client === undefined ? this.#last : this.#senders.get(client);
    if (this.#done || target === undefined) {
      if (listener !== undefined) process.nextTick(() => listener.sent(new Error(client === undefined ? 'no client has sent anything yet' : `client ${client} has sent nothing`)));
      return;
    }
    this.#socket.send(data, target.port, target.address, (error) => {
      if (error !== null && error !== undefined) this.#end(error);
      listener?.sent(error ?? undefined);
    });
  }

  /** Forgets a sender (it is a client again from its next datagram); the last heard of the rest is answered. */
  disconnect(name: string): void {
    if (!this.#senders.delete(name)) return;
    this.#last = [...this.#senders.values()].at(-1);
    this.#handler.client?.(this, name, 'disconnected');
  }

  close(): Promise<void> {
    this.#done = true;
    this.#closed ??= closeSocket(this.#socket);
    return this.#closed;
  }

  #onListening(): void {
    if (this.#done) return;
    const address = this.#socket.address();
    this.#handler.listening?.(this, { host: address.address, port: address.port });
  }

  #onMessage(data: Buffer, from: RemoteInfo): void {
    if (this.#done) return;
    const name = clientName(from.address, from.port);
    const known = this.#senders.delete(name);
    this.#senders.set(name, from);
    this.#last = from;
    if (!known) this.#joined(name);
    if (!this.#done) this.#handler.received(this, data, name);
  }

  /** A new sender: the oldest goes when there are too many; the first one opens the transport. */
  #joined(name: string): void {
    const first = this.#senders.size === 1;
    if (this.#senders.size > MAX_UDP_SENDERS) {
      const [oldest] = this.#senders.keys();
      if (oldest !== undefined) {
        this.#senders.delete(oldest);
        this.#handler.client?.(this, oldest, 'disconnected');
      }
    }
    this.#handler.client?.(this, name, 'connected');
    if (first && !this.#done) this.#handler.opened(this);
  }

  #end(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#handler.closed(this, CloseCode.abnormal, undefined, error);
    void this.close();
  }
}
