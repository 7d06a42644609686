/**
 * Server mode over TCP (DataMiner's smart-serial IP `any`: devices connect to us). `{ url:
 * 'tcp://0.0.0.0:5100', listen: true }` binds that address (port 0: any free port, told through the
 * `listening` event) and takes the clients that connect, as DataMiner does:
 * - several at once, up to the protocol's `maxConcurrentConnections` (else MAX_SERVER_CLIENTS), and only
 *   from `allowedAddresses` when given; any other client is closed at once (`refused`);
 * - what the driver sends goes to every client, or to the one a call names (`CallOptions.client`);
 * - each client's bytes come with its name (`IP:port`), so the inbox frames and routes them apart.
 *
 * The connection's transport opens with its first client and closes after its last one left; the port
 * stays bound while the connection is wanted, so the connection's next transport waits on it at once.
 * Closing the connection closes the port and every client.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { clientName } from './client-name.js';
import type { ServerRules } from './server-rules.js';
import type { ClientChange } from './driver-events.js';
import { deferred } from './deferred.js';
import { hostAndPort } from './stream-url.js';
import { adoptTcpSocket } from './tcp-transport.js';
import { CloseCode, type Link, type SendListener, type Transport, type TransportHandler, type TransportOptions } from './transport.js';

/** The open function of a listening link: every transport of one connection shares its `TcpListener`. */
export function listeningOpen(rules: ServerRules): Link['open'] {
  let listener: TcpListener | undefined;
  return (options, handler) => {
    if (listener === undefined || listener.closed) listener = new TcpListener(options, rules, listener?.released);
    return new ListeningTransport(listener, handler);
  };
}

/** The bound socket and the connection's current transport. */
class TcpListener {
  readonly #server: Server;
  readonly #rules: ServerRules;
  /** Settles when the bind is over, bound or failed: a close waits for it, else the port would be bound after it. */
  readonly #binding: Promise<void>;
  /** Settles once this listener holds no port (closed or failed): the connection's next listener binds after it. */
  readonly #released = deferred<void>();
  #closing: Promise<void> | undefined;
  /** The connection's current transport: waiting for a first client, or holding some. */
  #current: ListeningTransport | undefined;
  closed = false;

  /** Binds once `previous` (a listener closed in the same tick, maybe still binding the same port) let go. */
  constructor(options: TransportOptions, rules: ServerRules, previous: Promise<void> = Promise.resolve()) {
    const { host, port } = hostAndPort(options.url, 'tcp:', true);
    this.#rules = rules;
    this.#server = createServer();
    this.#server.on('connection', (socket) => this.#connected(socket));
    this.#server.on('error', (error) => this.#failed(error));
    this.#binding = previous.then(() => this.#listen(host, port));
  }

  get released(): Promise<void> {
    return this.#released.promise;
  }

  /** `transport` is now the connection's (only the first is told `listening`: it comes once per bind). */
  attach(transport: ListeningTransport): void {
    this.#current = transport;
  }

  /** The connection closed its transport: the port closes too. Resolves once its clients' sockets ended. */
  close(): Promise<void> {
    this.closed = true;
    this.#current = undefined;
    this.#closing ??= this.#shut();
    return this.#closing;
  }

  #listen(host: string, port: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#server.once('error', () => resolve());
      this.#server.listen(port, host, () => {
        resolve();
        this.#current?.bound(this.#address());
      });
    });
  }

  async #shut(): Promise<void> {
    await this.#binding;
    if (!this.#server.listening) return this.#released.resolve();
    const ended = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#released.resolve();
    await ended;
  }

  #connected(socket: Socket): void {
    const address = socket.remoteAddress;
    if (address === undefined) {
      socket.destroy();
      return;
    }
    const name = clientName(address, socket.remotePort ?? 0);
    // A socket from the IP:port of a client we hold: that client's socket is gone (its reset is still on
    // its way), so it leaves first; else it would never be told gone. The last one leaving replaces `#current`.
    this.#current?.disconnect(name);
    const current = this.#current;
    if (current === undefined || this.closed) {
      socket.destroy();
      return;
    }
    const { allowed, maxClients } = this.#rules;
    if ((allowed !== undefined && !allowed.check(address, socket.remoteFamily === 'IPv6' ? 'ipv6' : 'ipv4')) || current.clientCount >= maxClients) {
      socket.destroy();
      current.refused(name);
      return;
    }
    current.accept(socket, name);
  }

  /** The port failed (in use, or later): it is let go, and the transport fails with it. */
  #failed(error: Error): void {
    const current = this.#current;
    void this.close();
    current?.failed(error);
  }

  #address(): { host: string; port: number } {
    const address = this.#server.address() as AddressInfo;
    return { host: address.address, port: address.port };
  }
}

/** The connection's transport: open while it holds at least one client, relaying each client's socket. */
class ListeningTransport implements Transport {
  readonly #listener: TcpListener;
  readonly #handler: TransportHandler;
  /** Clients accepted by name, whether their socket has opened yet or not. */
  readonly #clients = new Map<string, ClientSocket>();
  /** Some client's socket has opened: losing the last one ends this transport. */
  #open = false;
  /** `closed` was told, or the owner closed: nothing more goes out. */
  #done = false;

  constructor(listener: TcpListener, handler: TransportHandler) {
    this.#listener = listener;
    this.#handler = handler;
    listener.attach(this);
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** The slowest client's backlog: backpressure waits for it. */
  get bufferedAmount(): number {
    let most = 0;
    for (const client of this.#clients.values()) most = Math.max(most, client.transport.bufferedAmount);
    return most;
  }

  send(data: Uint8Array, text: boolean, listener: SendListener | undefined, client?: string): void {
    const targets = this.#targets(client);
    if (targets.length === 0) {
      if (listener !== undefined) process.nextTick(() => listener.sent(new Error(client === undefined ? 'no client is connected' : `client ${client} is not connected`)));
      return;
    }
    const each = listener === undefined || targets.length === 1 ? listener : new Broadcast(targets.length, listener);
    for (const target of targets) target.transport.send(data, text, each);
  }

  recipients(): readonly string[] {
    return this.#targets(undefined).map((client) => client.name);
  }

  /** The open clients a send goes to: the one named, else all. */
  #targets(name: string | undefined): ClientSocket[] {
    if (name === undefined) return [...this.#clients.values()].filter((client) => client.open);
    const client = this.#clients.get(name);
    return client?.open === true ? [client] : [];
  }

  disconnect(name: string): void {
    const client = this.#clients.get(name);
    if (client === undefined) return;
    // A socket its owner closes tells nothing more: the client leaves here, as one that hung up.
    void client.transport.close(CloseCode.normal, 'disconnected by the driver');
    this.clientClosed(client, CloseCode.normal, 'disconnected by the driver', undefined);
  }

  async close(): Promise<void> {
    this.#done = true;
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all([...clients.map((client) => client.transport.close(CloseCode.normal, 'driver closed')), this.#listener.close()]);
  }

  bound(address: { host: string; port: number }): void {
    if (!this.#done) this.#handler.listening?.(this, address);
  }

  accept(socket: Socket, name: string): void {
    if (this.#done) {
      socket.destroy();
      return;
    }
    const client = new ClientSocket(this, name);
    this.#clients.set(name, client);
    client.transport = adoptTcpSocket(socket, client);
  }

  refused(name: string): void {
    if (!this.#done) this.#handler.client?.(this, name, 'refused');
  }

  failed(error: Error): void {
    this.#end(CloseCode.abnormal, error, undefined);
  }

  // Told by each client's socket.

  clientOpened(client: ClientSocket): void {
    if (this.#done || this.#clients.get(client.name) !== client) return;
    client.open = true;
    this.#tell(client.name, 'connected');
    if (this.#open || this.#done) return;
    this.#open = true;
    this.#handler.opened(this);
  }

  clientReceived(client: ClientSocket, data: Uint8Array): void {
    if (!this.#done && client.open) this.#handler.received(this, data, client.name);
  }

  clientClosed(client: ClientSocket, code: number, reason: string | undefined, error: Error | undefined): void {
    if (this.#clients.get(client.name) !== client) return;
    this.#clients.delete(client.name);
    // A socket that failed before it opened was never a client anyone heard of.
    if (client.open) this.#tell(client.name, 'disconnected');
    if (this.#open && this.#clients.size === 0) this.#end(code, error, reason);
  }

  #tell(name: string, change: ClientChange): void {
    if (!this.#done) this.#handler.client?.(this, name, change);
  }

  #end(code: number, error: Error | undefined, reason: string | undefined): void {
    if (this.#done) return;
    this.#done = true;
    // The port failed under clients still connected: they go with it.
    for (const client of this.#clients.values()) void client.transport.close(CloseCode.abnormal, 'listener failed');
    this.#clients.clear();
    this.#handler.closed(this, code, reason, error);
  }
}

/** One accepted client: its socket's transport, whose events it relays with its name. */
class ClientSocket implements TransportHandler {
  readonly #owner: ListeningTransport;
  readonly name: string;
  /** Set right after construction: the adopted socket reports to this object. */
  transport!: Transport;
  open = false;

  constructor(owner: ListeningTransport, name: string) {
    this.#owner = owner;
    this.name = name;
  }

  opened(): void {
    this.#owner.clientOpened(this);
  }

  received(_transport: Transport, data: Uint8Array): void {
    this.#owner.clientReceived(this, data);
  }

  closed(_transport: Transport, code: number, reason: string | undefined, error: Error | undefined): void {
    this.#owner.clientClosed(this, code, reason, error);
  }
}

/** One send to several clients: its listener learns once, when every write is done (an error only if every write failed). */
class Broadcast implements SendListener {
  #pending: number;
  #delivered = false;
  #error: Error | undefined;
  readonly #listener: SendListener;

  constructor(count: number, listener: SendListener) {
    this.#pending = count;
    this.#listener = listener;
  }

  sent(error: Error | undefined): void {
    if (error === undefined) this.#delivered = true;
    else this.#error ??= error;
    if (--this.#pending === 0) this.#listener.sent(this.#delivered ? undefined : this.#error);
  }
}
