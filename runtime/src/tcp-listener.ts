/**
 * Server mode (DataMiner's smart-serial IP `any`: the device connects to us). `{ url: 'tcp://0.0.0.0:5100',
 * listen: true }` binds that address (port 0: any free port, told through the `listening` event) and
 * takes the device's connection as the connection's socket, framed and matched as a dialed one.
 *
 * One listening socket per connection, kept while the connection is wanted: each of the connection's
 * transports waits on it for the next device socket, so a device that drops and dials again finds the
 * same port. One device at a time: a newer device connection replaces the older one (a device that
 * rebooted dials again before its old socket is known dead). Closing the connection closes the port.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { hostAndPort } from './stream-url.js';
import { adoptTcpSocket } from './tcp-transport.js';
import { CloseCode, type Link, type SendListener, type Transport, type TransportHandler, type TransportOptions } from './transport.js';

/** The open function of a listening link: every transport of one connection shares its `TcpListener`. */
export function listeningOpen(): Link['open'] {
  let listener: TcpListener | undefined;
  return (options, handler) => {
    if (listener === undefined || listener.closed) listener = new TcpListener(options);
    return new ListeningTransport(listener, handler);
  };
}

/** The bound socket and the transport waiting for (or holding) the device. */
class TcpListener {
  readonly #server: Server;
  readonly #host: string;
  readonly #port: number;
  #bound = false;
  #failure: Error | undefined;
  /** The one transport of the connection: waiting for a device, or holding one. */
  #current: ListeningTransport | undefined;
  closed = false;

  constructor(options: TransportOptions) {
    const { host, port } = hostAndPort(options.url, 'tcp:', true);
    this.#host = host;
    this.#port = port;
    this.#server = createServer();
    this.#server.on('connection', (socket) => this.#connected(socket));
    this.#server.on('error', (error) => this.#failed(error));
  }

  /** `transport` is now the connection's; binds on the first call (and tells only that one: `listening` comes once per bind). */
  attach(transport: ListeningTransport): void {
    this.#current = transport;
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      process.nextTick(() => transport.failed(failure));
    } else if (!this.#bound && !this.#server.listening) {
      this.#server.listen(this.#port, this.#host, () => {
        this.#bound = true;
        this.#current?.bound(this.#address());
      });
    }
  }

  /** The connection closed its transport: the port closes too (and every device socket with it). */
  close(): Promise<void> {
    this.closed = true;
    this.#current = undefined;
    if (!this.#server.listening) return Promise.resolve();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #connected(socket: Socket): void {
    const current = this.#current;
    if (current === undefined || this.closed) {
      socket.destroy();
      return;
    }
    // A newer device replaces the one connected: its transport ends, and the connection's next one
    // (created synchronously while the connection handles that end) takes this socket.
    if (current.holdsDevice) current.replaced();
    const next = this.#current;
    if (next === undefined || next.holdsDevice) socket.destroy();
    else next.accept(socket);
  }

  #failed(error: Error): void {
    this.#failure = error;
    this.closed = true;
    this.#current?.failed(error);
  }

  #address(): { host: string; port: number } {
    const address = this.#server.address() as AddressInfo;
    return { host: address.address, port: address.port };
  }
}

/** A transport that waits for the device to connect; then the accepted socket's transport, relayed as this one. */
class ListeningTransport implements Transport, TransportHandler {
  readonly #listener: TcpListener;
  readonly #handler: TransportHandler;
  #device: Transport | undefined;
  /** The device socket has opened: its loss ends this transport (before that, a failed socket is forgotten). */
  #deviceOpen = false;
  /** `closed` was told, or the owner closed: nothing more goes out. */
  #done = false;

  constructor(listener: TcpListener, handler: TransportHandler) {
    this.#listener = listener;
    this.#handler = handler;
    listener.attach(this);
  }

  get holdsDevice(): boolean {
    return this.#device !== undefined;
  }

  get bufferedAmount(): number {
    return this.#device?.bufferedAmount ?? 0;
  }

  send(data: Uint8Array, text: boolean, listener: SendListener | undefined): void {
    if (this.#device !== undefined) this.#device.send(data, text, listener);
    else if (listener !== undefined) process.nextTick(() => listener.sent(new Error('no device is connected')));
  }

  async close(): Promise<void> {
    this.#done = true;
    const device = this.#device;
    this.#device = undefined;
    await Promise.all([device?.close(CloseCode.normal, 'driver closed'), this.#listener.close()]);
  }

  bound(address: { host: string; port: number }): void {
    if (!this.#done) this.#handler.listening?.(this, address);
  }

  accept(socket: Socket): void {
    if (this.#done) socket.destroy();
    else this.#device = adoptTcpSocket(socket, this);
  }

  failed(error: Error): void {
    this.#end(CloseCode.abnormal, error);
  }

  /** A newer device connected: this one's socket ends (the connection waits again and takes the new one). */
  replaced(): void {
    const device = this.#device;
    this.#device = undefined;
    this.#end(CloseCode.normal, undefined, 'replaced by a newer device connection');
    void device?.close(CloseCode.normal, 'replaced');
  }

  // TransportHandler of the device socket: relayed as this transport.

  opened(transport: Transport): void {
    if (transport !== this.#device || this.#done) return;
    this.#deviceOpen = true;
    this.#handler.opened(this);
  }

  received(transport: Transport, data: Uint8Array): void {
    if (transport === this.#device && !this.#done) this.#handler.received(this, data);
  }

  closed(transport: Transport, code: number, reason: string | undefined, error: Error | undefined): void {
    if (transport !== this.#device) return;
    this.#device = undefined;
    // A socket that failed before it opened is no device: keep waiting for one.
    if (this.#deviceOpen) this.#end(code, error, reason);
  }

  #end(code: number, error: Error | undefined, reason?: string): void {
    if (this.#done) return;
    this.#done = true;
    this.#handler.closed(this, code, reason, error);
  }
}
