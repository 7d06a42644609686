/**
 * Routing of one incoming message on one connection (contract §4): the in-flight pair's responses in
 * order, then its bad-command responses, then every response of the connection as push data, else
 * unmatched. Nothing is dropped silently. The router decides; its sink acts.
 */
import type { Values } from './codec/index.js';
import type { PairPlan, ResponsePlan } from './plan.js';

/** What the router reports; one method per outcome so the hot path allocates nothing of its own. */
export interface RouteSink {
  /** A response of the in-flight pair matched. */
  replied(response: ResponsePlan, values: Values): void;
  /** A bad-command response of the in-flight pair matched. */
  refused(response: ResponsePlan, values: Values): void;
  /** A response of this connection matched outside any call. */
  pushed(response: ResponsePlan, values: Values): void;
  /** Nothing matched `bytes[start, end)`. */
  unmatched(bytes: Uint8Array, start: number, end: number): void;
}

/** Routes messages of one connection; its push list is fixed at construction. */
export class Router {
  readonly #push: readonly ResponsePlan[];
  readonly #sink: RouteSink;

  constructor(push: readonly ResponsePlan[], sink: RouteSink) {
    this.#push = push;
    this.#sink = sink;
  }

  /** Routes the message `bytes[start, end)`; `inFlight` is the pair waiting for a response on this connection, if any. */
  route(bytes: Uint8Array, start: number, end: number, inFlight: PairPlan | undefined): void {
    if (inFlight !== undefined) {
      for (const response of inFlight.responses) {
        const values = response.frame.match(bytes, start, end);
        if (values !== undefined) return this.#sink.replied(response, values);
      }
      for (const response of inFlight.badResponses) {
        const values = response.frame.match(bytes, start, end);
        if (values !== undefined) return this.#sink.refused(response, values);
      }
    }
    for (const response of this.#push) {
      const values = response.frame.match(bytes, start, end);
      if (values !== undefined) return this.#sink.pushed(response, values);
    }
    this.#sink.unmatched(bytes, start, end);
  }
}
