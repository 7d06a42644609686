/**
 * How a running session or SNMP call is stopped (the caller's signal, `close()`): a plain slot rather than an
 * AbortSignal, whose listeners cost microseconds per request. The run rejects with `reason`.
 */
export class Cancellation {
  cancelled = false;
  reason: unknown = undefined;
  #running: { abort(reason: Error): void } | undefined;

  cancel(reason: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.reason = reason;
    this.#running?.abort(reason instanceof Error ? reason : new Error(String(reason)));
  }

  /** The request a cancel aborts now (undefined between requests). */
  watch(running: { abort(reason: Error): void } | undefined): void {
    this.#running = running;
  }
}
