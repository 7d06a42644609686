/**
 * The request queue of one SNMP connection: one request at a time, in call order, except that a set
 * goes before every queued get (DataMiner sends sets first). A queued call leaves the queue when its
 * signal aborts; the running one is cancelled (it rejects with the signal's reason). `rejectAll`
 * empties the queue and cancels the running call.
 */
import { QueueFullError } from '../errors.js';
import { unwatchAbort, watchAbort, type Abortable } from '../signals.js';

/** What a call does once it is its turn; `cancel` ends it early with `reason`. */
export interface SnmpWork<T> {
  readonly kind: 'set' | 'get';
  run(): Promise<T>;
  cancel(reason: unknown): void;
}

interface Job extends Abortable {
  readonly work: SnmpWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export class SnmpQueue {
  readonly #connection: string;
  readonly #limit: number;
  readonly #waiting: Job[] = [];
  #running: Job | undefined;

  constructor(connection: string, limit: number) {
    this.#connection = connection;
    this.#limit = limit;
  }

  /** Queues `work`; rejects at once when `signal` is aborted or the queue is full. */
  add<T>(work: SnmpWork<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    if (this.#waiting.length >= this.#limit) return Promise.reject(new QueueFullError(this.#connection, this.#limit));
    return new Promise<T>((resolve, reject) => {
      const job: Job = { work, resolve: resolve as (value: unknown) => void, reject, aborted: (reason) => this.#abort(job, reason) };
      if (signal !== undefined) {
        watchAbort(signal, job);
        job.resolve = (value) => (unwatchAbort(signal, job), resolve(value as T));
        job.reject = (error) => (unwatchAbort(signal, job), reject(error));
      }
      // A set goes behind the queued sets, before the first queued get.
      const at = work.kind === 'set' ? this.#waiting.findIndex((queued) => queued.work.kind === 'get') : -1;
      this.#waiting.splice(at === -1 ? this.#waiting.length : at, 0, job);
      void this.#pump();
    });
  }

  /** Rejects every queued call with `error` and cancels the running one. */
  rejectAll(error: Error): void {
    for (const job of this.#waiting.splice(0)) job.reject(error);
    this.#running?.work.cancel(error);
  }

  #abort(job: Job, reason: unknown): void {
    const index = this.#waiting.indexOf(job);
    if (index >= 0) {
      this.#waiting.splice(index, 1);
      job.reject(reason);
    } else if (job === this.#running) job.work.cancel(reason);
  }

  async #pump(): Promise<void> {
    if (this.#running !== undefined) return;
    for (let job = this.#waiting.shift(); job !== undefined; job = this.#waiting.shift()) {
      this.#running = job;
      try {
        job.resolve(await job.work.run());
      } catch (error) {
        job.reject(error);
      } finally {
        this.#running = undefined;
      }
    }
  }
}
