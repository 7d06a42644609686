/**
 * The driver's one group execution queue, with DataMiner's placements:
 *
 * - `timer`: the very end, and not again while the group is already queued (a timer's own turn);
 * - `execute`: the end, but before every group a timer queued;
 * - `execute next`: the front (after the group that is running);
 * - `add to execute`: the very end, like a timer;
 * - `execute one` / `execute one now` / `execute one top`: as `execute` / `execute next` /
 *   `execute next`, only when the group is not queued yet (the running group does not count).
 *
 * Each entry carries a promise of its run, so a timer can wait for its last poll group.
 */
import { deferred, type Deferred } from '../deferred.js';

/** How a queued group ended: `undefined` when it ran or was skipped, the error when it failed or was dropped. */
export type Outcome = Error | undefined;

export type Placement = 'timer' | 'execute' | 'execute next' | 'add to execute' | 'execute one' | 'execute one now' | 'execute one top';

export interface QueuedGroup {
  readonly group: number;
  /** ms to wait between the group's pairs (the queuing timer's `Interval`). */
  readonly interval: number;
  /** Server mode: the client the group's pairs go to (an *after response* trigger's sender); else every client. */
  readonly client: string | undefined;
  readonly placement: Placement;
  readonly done: Deferred<Outcome>;
}

export class GroupQueue {
  readonly #entries: QueuedGroup[] = [];

  get length(): number {
    return this.#entries.length;
  }

  /** Queues `group`; returns the entry it is in (an existing one when the placement adds no duplicate). */
  add(group: number, placement: Placement, interval = 0, client?: string): QueuedGroup {
    const existing = onlyOnce(placement) ? this.#entries.find((entry) => entry.group === group && entry.client === client) : undefined;
    if (existing) return existing;
    const entry: QueuedGroup = { group, interval, client, placement, done: deferred<Outcome>() };
    this.#entries.splice(this.#indexFor(placement), 0, entry);
    return entry;
  }

  /** The next group to run, taken off the queue. */
  take(): QueuedGroup | undefined {
    return this.#entries.shift();
  }

  /** Empties the queue; returns what was in it. */
  drain(): QueuedGroup[] {
    return this.#entries.splice(0);
  }

  /** Group ids in queue order. */
  groups(): number[] {
    return this.#entries.map((entry) => entry.group);
  }

  #indexFor(placement: Placement): number {
    switch (placement) {
      case 'execute next':
      case 'execute one now':
      case 'execute one top':
        return 0;
      case 'execute':
      case 'execute one': {
        const firstTimer = this.#entries.findIndex((entry) => entry.placement === 'timer' || entry.placement === 'add to execute');
        return firstTimer < 0 ? this.#entries.length : firstTimer;
      }
      case 'timer':
      case 'add to execute':
        return this.#entries.length;
    }
  }
}

function onlyOnce(placement: Placement): boolean {
  return placement === 'timer' || placement.startsWith('execute one');
}
