/**
 * Runs one group: its condition, its `before` triggers, its items one at a time (between pairs the
 * previous pair's `Pair@next`, else the timer's `Interval`), its `after` triggers. A pair that fails fails the group
 * (after its `pair timeout` triggers); the scheduler reports it and goes on with the next group.
 */
import { PairTimeoutError } from '../errors.js';
import { perSpec } from '../per-spec.js';
import type { ProtocolSpec } from '../spec.js';
import { byId } from '../spec.js';
import type { Sleeps } from './clock.js';
import { conditionHolds } from './condition.js';
import type { PollingHost } from './host.js';
import type { GroupItemSpec, GroupSpec } from './spec.js';
import type { Triggers } from './triggers.js';

/** How a run ended without failing. */
export type RunResult = 'done' | 'skipped' | 'stopped';

/** Response key → id, and pair id → its response ids: the spec's, shared by its drivers. */
const lookupsOf = perSpec((spec: ProtocolSpec) => ({
  responseIds: new Map(spec.responses.map((response) => [response.key, response.id])) as ReadonlyMap<string, number>,
  pairResponses: new Map([...byId(spec.pairs)].map(([id, pair]) => [id, pair.responses])) as ReadonlyMap<number, readonly number[]>,
}));

export class GroupRunner {
  readonly #host: PollingHost;
  readonly #triggers: Triggers;
  readonly #sleeps: Sleeps;
  /** Response key → id, to tell which response a pair with several responses matched. */
  readonly #responseIds: ReadonlyMap<string, number>;
  readonly #pairResponses: ReadonlyMap<number, readonly number[]>;

  constructor(spec: ProtocolSpec, host: PollingHost, triggers: Triggers, sleeps: Sleeps) {
    this.#host = host;
    this.#triggers = triggers;
    this.#sleeps = sleeps;
    const lookups = lookupsOf(spec);
    this.#responseIds = lookups.responseIds;
    this.#pairResponses = lookups.pairResponses;
  }

  /** Runs `group`; `client` (server mode): its pairs go to that client alone, and what their replies trigger answers it too. */
  async run(group: GroupSpec, interval: number, client?: string): Promise<RunResult> {
    if (!conditionHolds(group.condition, (id) => this.#host.readParam(id))) return 'skipped';
    this.#triggers.fire('group before', group.id);
    // multipleGet: the group's params in one read, before its other items.
    const together = group.multipleGet === true && this.#host.readParams !== undefined;
    if (together) {
      const ids = group.items.flatMap((item) => (item.kind === 'param' ? [item.id] : []));
      if (ids.length > 0) await this.#host.readParams?.(ids);
    }
    // The wait before the next pair: the previous pair's `next`, else the timer's Interval.
    let wait = 0;
    for (const item of group.items) {
      if (together && item.kind === 'param') continue;
      if (item.kind === 'pair' && wait > 0 && !(await this.#sleeps.for(wait))) return 'stopped';
      await this.#runItem(item, client);
      if (item.kind === 'pair') wait = item.next ?? interval;
    }
    this.#triggers.fire('group after', group.id);
    return 'done';
  }

  /** Runs the content of an `action` or `trigger` group at once (a timer's turn, no queue). */
  runNow(group: GroupSpec): void {
    if (!conditionHolds(group.condition, (id) => this.#host.readParam(id))) return;
    for (const item of group.items) {
      if (item.kind === 'action') this.#triggers.runAction(item.id);
      else if (item.kind === 'trigger') this.#triggers.runTrigger(item.id);
    }
  }

  async #runItem(item: GroupItemSpec, client: string | undefined): Promise<void> {
    switch (item.kind) {
      case 'pair':
        return this.#runPair(item.id, client);
      case 'action':
        return this.#triggers.runAction(item.id);
      case 'trigger':
        return this.#triggers.runTrigger(item.id);
      default: {
        // A session or SNMP param: run when the driver offers that kind, else skipped (the generator said so).
        const runner = this.#host.items?.[item.kind];
        if (runner) await runner(item.id);
      }
    }
  }

  async #runPair(id: number, client: string | undefined): Promise<void> {
    let result: unknown;
    // Server mode: what the reply triggers answers the client that sent it (the one asked, or the first of all).
    let answeredBy: string | undefined;
    try {
      ({ value: result, client: answeredBy } = await this.#host.runPair(id, client));
    } catch (error) {
      if (error instanceof PairTimeoutError) this.#triggers.fire('pair timeout', id);
      throw error;
    }
    this.#triggers.fire('pair succeeded', id);
    const response = this.#matchedResponse(id, result);
    if (response !== undefined) this.#triggers.fire('response after', response, answeredBy ?? client);
  }

  /** The response a pair's result came from: its only one, or the one its `response` key names. */
  #matchedResponse(pair: number, result: unknown): number | undefined {
    const responses = this.#pairResponses.get(pair) ?? [];
    if (responses.length <= 1) return responses[0];
    const key = (result as { response?: unknown } | undefined)?.response;
    return typeof key === 'string' ? this.#responseIds.get(key) : undefined;
  }
}
