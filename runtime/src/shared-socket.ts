/**
 * `serial` connections (not `serial single`) to the same host:port share one socket in a process, as
 * DataMiner shares one port between elements, and run one exchange at a time on it. Each connection's
 * transport is a handle. The handle whose command went out last owns the socket until its connection
 * is idle (no call in flight, no reply owed); a command of another handle waits until then (spending
 * its own timeout waiting). What arrives goes to the owner, else to the first handle, whose framer
 * reports it. The socket opens with the first handle and closes with the last.
 *
 *   two drivers, serial to tcp://10.0.0.5:4001 → one TCP connection; A's exchange, then B's
 */
import type { SendListener, Transport, TransportFactory, TransportHandler, TransportOptions } from './transport.js';

const sockets = new Map<string, SharedSocket>();

/** A handle on the process-wide socket to `options.url`, opening it (with `open`) if there is none. */
export function openShared(options: TransportOptions, handler: TransportHandler, open: TransportFactory): Transport {
  let socket = sockets.get(options.url);
  if (socket === undefined) {
    socket = new SharedSocket(options, open);
    sockets.set(options.url, socket);
  }
  return socket.attach(handler);
}


interface Waiting {
  readonly handle: Handle;
  readonly data: Uint8Array;
  readonly text: boolean;
  readonly listener: SendListener | undefined;
}

class Handle implements Transport {
  readonly socket: SharedSocket;
  readonly handler: TransportHandler;

  constructor(socket: SharedSocket, handler: TransportHandler) {
    this.socket = socket;
    this.handler = handler;
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  send(data: Uint8Array, text: boolean, listener: SendListener | undefined): void {
    this.socket.send(this, data, text, listener);
  }

  idle(): void {
    this.socket.idle(this);
  }

  close(): Promise<void> {
    return this.socket.detach(this);
  }
}

class SharedSocket implements TransportHandler {
  readonly #url: string;
  readonly #transport: Transport;
  readonly #handles = new Set<Handle>();
  readonly #waiting: Waiting[] = [];
  #owner: Handle | undefined;
  #open = false;

  constructor(options: TransportOptions, open: TransportFactory) {
    this.#url = options.url;
    this.#transport = open(options, this);
  }

  get bufferedAmount(): number {
    return this.#transport.bufferedAmount;
  }

  attach(handler: TransportHandler): Handle {
    const handle = new Handle(this, handler);
    this.#handles.add(handle);
    if (this.#open) queueMicrotask(() => this.#handles.has(handle) && handler.opened(handle));
    return handle;
  }

  send(handle: Handle, data: Uint8Array, text: boolean, listener: SendListener | undefined): void {
    if (this.#owner !== undefined && this.#owner !== handle) {
      this.#waiting.push({ handle, data, text, listener });
      return;
    }
    this.#owner = handle;
    this.#transport.send(data, text, listener);
  }

  /** `handle`'s connection has nothing in flight: the next waiting command goes out. */
  idle(handle: Handle): void {
    if (this.#owner !== handle) return;
    this.#owner = undefined;
    const next = this.#waiting.shift();
    if (next !== undefined) this.send(next.handle, next.data, next.text, next.listener);
  }

  detach(handle: Handle): Promise<void> {
    if (!this.#handles.delete(handle)) return Promise.resolve();
    this.#drop((waiting) => waiting.handle === handle);
    this.idle(handle);
    if (this.#handles.size > 0) return Promise.resolve();
    this.#forget();
    return this.#transport.close(1000, 'last connection closed');
  }

  // TransportHandler of the real socket.

  opened(): void {
    this.#open = true;
    for (const handle of [...this.#handles]) handle.handler.opened(handle);
  }

  received(_transport: Transport, data: Uint8Array): void {
    const to = this.#owner ?? this.#handles.values().next().value;
    to?.handler.received(to, data);
  }

  closed(_transport: Transport, code: number, reason: string | undefined, error: Error | undefined): void {
    this.#forget();
    this.#open = false;
    this.#drop(() => true);
    const handles = [...this.#handles];
    this.#handles.clear();
    for (const handle of handles) handle.handler.closed(handle, code, reason, error);
  }

  /** Removes waiting commands; their listeners learn they were never sent. */
  #drop(which: (waiting: Waiting) => boolean): void {
    for (let i = this.#waiting.length - 1; i >= 0; i--) {
      const waiting = this.#waiting[i];
      if (waiting === undefined || !which(waiting)) continue;
      this.#waiting.splice(i, 1);
      waiting.listener?.sent(new Error('the shared socket closed before the command was sent'));
    }
  }

  #forget(): void {
    if (sockets.get(this.#url) === this) sockets.delete(this.#url);
  }
}
