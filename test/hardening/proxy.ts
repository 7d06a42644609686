/**
 * A small fault-injecting TCP proxy for wire-fault tests. It listens on 127.0.0.1 and forwards the raw
 * bytes of every accepted socket to a real server on 127.0.0.1 (never anywhere else), one `Link` per
 * client connection. Each direction of a link is a `Pipe` the test can steer:
 *
 *   forward (default) · pause (stop reading: TCP backpressure) · blackhole (read and discard: a
 *   half-open path where nothing arrives and nothing errors) · throttle (chunks of n bytes every d ms) ·
 *   cut (forward the first n bytes of the next chunk, then end or reset both sockets) · inject (write
 *   raw bytes of the test's own, e.g. a malformed WebSocket frame)
 *
 * and the link as a whole can be reset (RST to the client via `socket.resetAndDestroy()`) or ended.
 * Links opened later follow `proxy.mode` and `proxy.onLink`, so a reconnecting client can be sent to a
 * healthy path, or a handshake can be broken.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

const LOOPBACK = '127.0.0.1';

export type PipeMode = 'forward' | 'pause' | 'blackhole';

/** How a cut ends the link: `end` sends FIN to the client (a clean TCP close mid-frame), `reset` an RST. */
export type CutKind = 'end' | 'reset';

/** One direction of a link: bytes read from `from` are written to `to`, as the mode says. */
export class Pipe {
  readonly #from: Socket;
  readonly #to: Socket;
  readonly #link: Link;
  #mode: PipeMode = 'forward';
  #throttle: { readonly bytes: number; readonly delayMs: number } | undefined;
  #cut: { readonly after: number; readonly kind: CutKind } | undefined;
  /** Bytes waiting to be written by the throttle, in order. */
  #backlog: Buffer[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** Bytes read from `from` so far (whatever the mode did with them). */
  bytesRead = 0;
  /** Bytes written to `to` so far (forwarded or injected). */
  bytesWritten = 0;

  constructor(from: Socket, to: Socket, link: Link) {
    this.#from = from;
    this.#to = to;
    this.#link = link;
    from.on('data', this.#onData.bind(this));
  }

  get mode(): PipeMode {
    return this.#mode;
  }

  /** Forward, pause (stop reading) or blackhole (read and drop). */
  set(mode: PipeMode): this {
    this.#mode = mode;
    if (mode === 'pause') this.#from.pause();
    else this.#from.resume();
    return this;
  }

  /** From now on, forward at most `bytes` bytes every `delayMs` (0 bytes = no throttle). */
  throttle(bytes: number, delayMs: number): this {
    this.#throttle = bytes > 0 ? { bytes, delayMs } : undefined;
    return this;
  }

  /** On the next chunk, forward only its first `after` bytes, then end (`end`) or reset the link. */
  cutNext(after: number, kind: CutKind = 'end'): this {
    this.#cut = { after, kind };
    return this;
  }

  /** Writes bytes of the test's own into this direction, in order after anything backlogged. */
  inject(bytes: Buffer): this {
    this.#write(bytes);
    return this;
  }

  #onData(chunk: Buffer): void {
    this.bytesRead += chunk.length;
    if (this.#mode === 'blackhole') return;
    const cut = this.#cut;
    if (cut !== undefined) {
      this.#cut = undefined;
      this.#to.write(chunk.subarray(0, cut.after), () => this.#link.kill(cut.kind));
      this.bytesWritten += Math.min(cut.after, chunk.length);
      return;
    }
    this.#write(chunk);
  }

  #write(bytes: Buffer): void {
    if (this.#throttle === undefined && this.#backlog.length === 0) {
      this.bytesWritten += bytes.length;
      this.#to.write(bytes);
      return;
    }
    this.#backlog.push(bytes);
    this.#timer ??= setTimeout(this.#drip.bind(this), 0);
  }

  /** Writes the next throttled slice of the backlog. */
  #drip(): void {
    this.#timer = undefined;
    if (this.#to.destroyed) {
      this.#backlog = [];
      return;
    }
    const limit = this.#throttle?.bytes ?? Number.POSITIVE_INFINITY;
    let budget = limit;
    while (budget > 0 && this.#backlog.length > 0) {
      const head = this.#backlog[0] as Buffer;
      const slice = head.subarray(0, budget);
      this.#to.write(slice);
      this.bytesWritten += slice.length;
      budget -= slice.length;
      if (slice.length === head.length) this.#backlog.shift();
      else this.#backlog[0] = head.subarray(slice.length);
    }
    if (this.#backlog.length > 0) this.#timer = setTimeout(this.#drip.bind(this), this.#throttle?.delayMs ?? 0);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#backlog = [];
  }
}

/** One proxied connection: the client's socket, the proxy's socket to the server, and both directions. */
export class Link {
  readonly client: Socket;
  readonly server: Socket;
  /** Server → client. */
  readonly toClient: Pipe;
  /** Client → server. */
  readonly toServer: Pipe;
  #closed = false;
  readonly #onClosed: () => void;

  constructor(client: Socket, server: Socket, mode: PipeMode, onClosed: () => void) {
    this.client = client;
    this.server = server;
    this.#onClosed = onClosed;
    this.toClient = new Pipe(server, client, this).set(mode);
    this.toServer = new Pipe(client, server, this).set(mode);
    // A peer's FIN or error ends the other side too, like a real path would.
    for (const socket of [client, server]) {
      socket.on('error', () => this.kill('end'));
      socket.on('end', () => this.kill('end'));
      socket.on('close', () => this.kill('end'));
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Both directions at once. */
  set(mode: PipeMode): this {
    this.toClient.set(mode);
    this.toServer.set(mode);
    return this;
  }

  /** Ends the link: `end` closes the client's TCP connection with FIN, `reset` with RST. */
  kill(kind: CutKind): void {
    if (this.#closed) return;
    this.#closed = true;
    this.toClient.stop();
    this.toServer.stop();
    if (kind === 'reset') this.client.resetAndDestroy();
    else this.client.end(() => this.client.destroy());
    this.server.destroy();
    this.#onClosed();
  }

  /** Sends RST to the client (ECONNRESET on its side) and drops the server side. */
  reset(): void {
    this.kill('reset');
  }
}

/** The proxy: accepts on 127.0.0.1, dials the target on 127.0.0.1 for each client. */
export class FaultProxy {
  readonly port: number;
  readonly links: Link[] = [];
  /** The mode new links start in. */
  mode: PipeMode = 'forward';
  /** Called with each new link before any byte moves (to reset it, or answer in the server's place). */
  onLink: ((link: Link) => void) | undefined;
  readonly #server: Server;
  readonly #targetPort: number;
  #waiters: (() => boolean)[] = [];

  private constructor(server: Server, targetPort: number) {
    this.#server = server;
    this.#targetPort = targetPort;
    this.port = (server.address() as AddressInfo).port;
    server.on('connection', this.#onConnection.bind(this));
  }

  /** Starts a proxy on 127.0.0.1 (any free port) in front of `127.0.0.1:targetPort`. */
  static start(targetPort: number): Promise<FaultProxy> {
    return new Promise((resolve, reject) => {
      const server = createServer({ noDelay: true });
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => resolve(new FaultProxy(server, targetPort)));
    });
  }

  /** `ws://127.0.0.1:<proxy port><path>` */
  url(path = ''): string {
    return `ws://${LOOPBACK}:${this.port}${path}`;
  }

  /** The most recent link. */
  get last(): Link {
    const link = this.links.at(-1);
    if (link === undefined) throw new Error('the proxy has accepted no connection yet');
    return link;
  }

  /** Resolves with the `count`-th link (1-based) once it exists. */
  waitForLink(count: number): Promise<Link> {
    return this.#waitFor(() => this.links[count - 1]);
  }

  /** Resolves once `link` has closed. */
  waitForClose(link: Link): Promise<void> {
    return this.#waitFor(() => (link.closed ? true : undefined)).then(() => undefined);
  }

  /** Ends every link and stops listening. */
  close(): Promise<void> {
    for (const link of this.links) link.kill('end');
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #onConnection(client: Socket): void {
    client.setNoDelay(true);
    // A socket still connecting queues what is written to it, so the client's bytes can flow at once.
    const server = connect({ host: LOOPBACK, port: this.#targetPort, noDelay: true });
    const link = new Link(client, server, this.mode, this.#changed.bind(this));
    this.links.push(link);
    this.onLink?.(link);
    this.#changed();
  }

  #waitFor<T>(check: () => T | undefined): Promise<T> {
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

  #changed(): void {
    this.#waiters = this.#waiters.filter((waiter) => !waiter());
  }
}
