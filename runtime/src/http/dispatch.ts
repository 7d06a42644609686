import type { Dispatcher } from 'undici';
import { MessageTooLargeError } from '../errors.js';
import type { OutgoingRequest } from './request.js';

/** A response as a session stores it. */
export interface Received {
  readonly status: number;
  readonly statusLine: string;
  readonly headers: Dispatcher.ResponseData['headers'];
  readonly body: string;
}

/**
 * One request through `dispatcher.dispatch`, undici's handler API under `request()`: it reports the
 * reason phrase and gives an abort function without an AbortSignal (a signal per request cost more CPU
 * than the rest of a session call on loopback, measured). Collects the body up to `maxBodyBytes`.
 */
export class Exchange implements Dispatcher.DispatchHandler {
  readonly #maxBodyBytes: number;
  readonly #connection: string;
  #controller: Dispatcher.DispatchController | undefined;
  /** An abort that came before the request started. */
  #aborted: Error | undefined;
  #status = 0;
  #statusLine = '';
  #headers: Received['headers'] = {};
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #resolve: (received: Received) => void = ignore;
  #reject: (error: unknown) => void = ignore;

  constructor(maxBodyBytes: number, connection: string) {
    this.#maxBodyBytes = maxBodyBytes;
    this.#connection = connection;
  }

  run(dispatcher: Dispatcher, outgoing: OutgoingRequest): Promise<Received> {
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      dispatcher.dispatch({ origin: outgoing.origin, path: outgoing.path, method: outgoing.method as Dispatcher.HttpMethod, headers: outgoing.headers, body: outgoing.body ?? null }, this);
    });
  }

  abort(reason: Error): void {
    if (this.#controller === undefined) this.#aborted = reason;
    else this.#controller.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#aborted !== undefined) controller.abort(this.#aborted);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: Received['headers'], message?: string): void {
    this.#status = status;
    this.#statusLine = `HTTP/1.1 ${status} ${message ?? ''}`.trimEnd();
    this.#headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#size += chunk.length;
    if (this.#size > this.#maxBodyBytes) controller.abort(new MessageTooLargeError(this.#connection, this.#maxBodyBytes));
    else this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
    this.#resolve({ status: this.#status, statusLine: this.#statusLine, headers: this.#headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#reject(error);
  }
}

function ignore(): void {}
