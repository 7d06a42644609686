/**
 * What the scheduler needs from a driver: run a pair with values, read and watch params by id, and
 * optionally more kinds of group item (an HTTP session, an SNMP param get). A kind the driver does not
 * offer is skipped, so adding one is adding one runner here, not a special case in the scheduler.
 */
import type { GroupItemSpec } from './spec.js';

/** Runs one group item of a kind the driver offers; resolves with what it returned. */
export type ItemRunner = (id: number) => Promise<unknown>;

/** What a pair resolved with and, in server mode, the client whose reply it was (its triggers answer that client). */
export interface PairAnswer {
  readonly value: unknown;
  readonly client?: string | undefined;
}

export interface PollingHost {
  /**
   * Runs pair `id` with its command values taken from the params (current value, else `DefaultValue`);
   * `client` (server mode) sends it to that client alone.
   */
  runPair(id: number, client?: string): Promise<PairAnswer>;
  /** Current value of param `id`, or undefined. */
  readParam(id: number): unknown;
  /** Calls `listener` for every value param `id` takes; returns the unsubscribe function. */
  watchParam(id: number, listener: (value: unknown) => void): () => void;
  /**
   * Calls `listener` with the id of every response that arrives as push data (no pair waited for it)
   * and, in server mode, the client that sent it; returns the unsubscribe function. A response a
   * polled pair got is told by that pair's result.
   */
  watchPushes?(listener: (response: number, client: string | undefined) => void): () => void;
  /** Server mode: disconnects `client` (`IP:port`) from connection `connection` (DataMiner's `close` action); unknown ones are left alone. */
  closeClient?(connection: number, client: string): void;
  /** Runners of the item kinds beyond pairs that this driver offers. */
  readonly items?: Partial<Record<Exclude<GroupItemSpec['kind'], 'pair' | 'action' | 'trigger'>, ItemRunner>>;
  /** Reads the `param` items of a `multipleGet` group at once (one PDU per connection); absent = one by one. */
  readonly readParams?: (ids: readonly number[]) => Promise<unknown>;
}
