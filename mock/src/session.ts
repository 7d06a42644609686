/**
 * One client socket of a mock connection: writes frames and owns its push stream, so a stream ends
 * with the socket that asked for it.
 */
import WebSocket from 'ws';
import type { ConnectionSpec } from '@protogen-dm/runtime';

/** A client socket plus the state the mock keeps per socket. */
export class Session {
  readonly connection: ConnectionSpec;
  readonly socket: WebSocket;
  /** Frame type of the last command received: unprompted frames go out the same way. */
  lastText: boolean | undefined;
  #pushTimer: NodeJS.Timeout | undefined;
  #pushSequence = 0;

  constructor(connection: ConnectionSpec, socket: WebSocket) {
    this.connection = connection;
    this.socket = socket;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Writes one frame; resolves true once it left, false if the socket was not open or failed. */
  send(bytes: Uint8Array, text: boolean): Promise<boolean> {
    if (!this.open) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.socket.send(bytes, { binary: !text }, (error) => resolve(!error));
    });
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
