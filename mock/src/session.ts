/**
 * One client socket of a mock connection: writes frames and owns its push stream, so a stream ends
 * with the socket that asked for it. The socket is a `Wire`: a WebSocket, a TCP socket, a UDP peer.
 */
import type { ConnectionSpec } from '@protogen-dm/runtime';

/** How a session reaches its client. */
export interface Wire {
  readonly open: boolean;
  /** Writes one frame; resolves true once it left, false if the socket was not open or failed. */
  write(bytes: Uint8Array, text: boolean): Promise<boolean>;
}

/** A client socket plus the state the mock keeps per socket. */
export class Session {
  readonly connection: ConnectionSpec;
  readonly wire: Wire;
  /** Frame type of the last command received: unprompted frames go out the same way. */
  lastText: boolean | undefined;
  #pushTimer: NodeJS.Timeout | undefined;
  #pushSequence = 0;

  constructor(connection: ConnectionSpec, wire: Wire) {
    this.connection = connection;
    this.wire = wire;
  }

  get open(): boolean {
    return this.wire.open;
  }

  /** Writes one frame; resolves true once it left, false if the socket was not open or failed. */
  send(bytes: Uint8Array, text: boolean): Promise<boolean> {
    return this.open ? this.wire.write(bytes, text) : Promise.resolve(false);
  }

  /** Calls `tick` with 1, 2, 3… now and then every `intervalMs`, until `stop()`. */
  startPush(intervalMs: number, tick: (sequence: number) => void): void {
    if (this.#pushTimer !== undefined) return;
    this.#pushTimer = setInterval(() => tick(this.#nextSequence()), intervalMs);
    tick(this.#nextSequence());
  }

  /** Ends the push stream; the socket stays as it is. */
  stop(): void {
    clearInterval(this.#pushTimer);
    this.#pushTimer = undefined;
  }

  #nextSequence(): number {
    this.#pushSequence += 1;
    return this.#pushSequence;
  }
}
