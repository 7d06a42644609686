/**
 * Triggers and the actions they run. `fire('group after', 12)` runs every trigger on that event and id
 * (or on `each`) whose condition holds, then its actions, or its `else` ids when the condition fails.
 * Actions only queue groups, clear a param's change memory or start and stop timers, so firing is
 * synchronous: it never waits for the groups it queues.
 *
 * Server mode: a `response after` fired by a client's message queues its groups for that client
 * (`fire(event, id, client)`), since DataMiner sends what an *after response* trigger runs to the client
 * that sent the data, and everything else to every client.
 */
import { perSpec } from '../per-spec.js';
import { byId } from '../spec.js';
import { conditionHolds, type ReadParam } from './condition.js';
import type { Placement } from './group-queue.js';
import type { ActionSpec, PollingSpec, TriggerEvent, TriggerSpec } from './spec.js';

/** What actions act on. */
export interface ActionTargets {
  /** `client`: the groups answer that client alone (server mode). */
  queue(group: number, placement: Placement, client: string | undefined): void;
  /** Forget the last value of a param, so the same value fires its change triggers again. */
  clearParam(param: number): void;
  timer(timer: number, run: boolean): void;
  /** Server mode: disconnect the client (`IP:port`) that param `param` holds from connection `connection`. */
  closeClient(connection: number, param: number): void;
}

/** Triggers that start triggers: deeper than this is a loop in the protocol, and stops. */
const MAX_TRIGGER_DEPTH = 16;

/** The plan's triggers by event and by id, and its actions by id: the spec's, shared by its drivers. */
const lookupsOf = perSpec((spec: PollingSpec) => {
  const byEvent = new Map<TriggerEvent, TriggerSpec[]>();
  for (const trigger of spec.triggers) {
    if (trigger.event === undefined) continue;
    const list = byEvent.get(trigger.event) ?? [];
    list.push(trigger);
    byEvent.set(trigger.event, list);
  }
  return { byEvent: byEvent as ReadonlyMap<TriggerEvent, readonly TriggerSpec[]>, triggers: byId(spec.triggers), actions: byId(spec.actions) };
});

export class Triggers {
  readonly #byEvent: ReadonlyMap<TriggerEvent, readonly TriggerSpec[]>;
  readonly #triggers: ReadonlyMap<number, TriggerSpec>;
  readonly #actions: ReadonlyMap<number, ActionSpec>;
  readonly #read: ReadParam;
  readonly #targets: ActionTargets;
  /** The client the trigger being fired answers (set only while `fire` runs). */
  #replyTo: string | undefined;

  constructor(spec: PollingSpec, read: ReadParam, targets: ActionTargets) {
    const lookups = lookupsOf(spec);
    this.#byEvent = lookups.byEvent;
    this.#triggers = lookups.triggers;
    this.#actions = lookups.actions;
    this.#read = read;
    this.#targets = targets;
  }

  /** Ids of the items `event` is watched on (param ids for `parameter change`). */
  watched(event: TriggerEvent): number[] {
    return (this.#byEvent.get(event) ?? []).flatMap((trigger) => (trigger.on === undefined ? [] : [trigger.on]));
  }

  /** Whether any trigger fires on `event`. */
  any(event: TriggerEvent): boolean {
    return (this.#byEvent.get(event)?.length ?? 0) > 0;
  }

  has(event: TriggerEvent, id?: number): boolean {
    return (this.#byEvent.get(event) ?? []).some((trigger) => trigger.on === undefined || trigger.on === id);
  }

  /**
   * Runs the triggers of `event` on item `id` (those with no `On@id` fire for every item); the groups
   * they queue answer `replyTo` alone when it is set.
   */
  fire(event: TriggerEvent, id?: number, replyTo?: string): void {
    const triggers = this.#byEvent.get(event);
    if (triggers === undefined) return;
    this.#replyTo = replyTo;
    try {
      for (const trigger of triggers) {
        if (trigger.on === undefined || trigger.on === id) this.#run(trigger, id, 0);
      }
    } finally {
      this.#replyTo = undefined;
    }
  }

  /** Runs trigger `id` as a group item or another trigger would. */
  runTrigger(id: number): void {
    const trigger = this.#triggers.get(id);
    if (trigger) this.#run(trigger, undefined, 0);
  }

  /** Runs action `id`; `subject` is the item that fired it, for an action without `On@id`. */
  runAction(id: number, subject?: number): void {
    const action = this.#actions.get(id);
    if (action === undefined || !conditionHolds(action.condition, this.#read)) return;
    // A `close` on protocol acts once, on what its Type names.
    if (action.on === 'protocol') return this.#act(action, 0);
    const targets = action.ids.length > 0 ? action.ids : subject === undefined ? [] : [subject];
    for (const target of targets) this.#act(action, target);
  }

  #run(trigger: TriggerSpec, subject: number | undefined, depth: number): void {
    if (depth >= MAX_TRIGGER_DEPTH) return;
    const ids = conditionHolds(trigger.condition, this.#read) ? trigger.ids : trigger.elseIds;
    for (const id of ids) {
      if (trigger.type === 'action') this.runAction(id, subject);
      else {
        const next = this.#triggers.get(id);
        if (next) this.#run(next, subject, depth + 1);
      }
    }
  }

  #act(action: ActionSpec, target: number): void {
    switch (action.type) {
      case 'close':
        if (action.param !== undefined) this.#targets.closeClient(action.connection ?? 0, action.param);
        return;
      case 'clear':
        this.#targets.clearParam(target);
        return;
      case 'start':
      case 'stop':
        this.#targets.timer(target, action.type === 'start');
        return;
      default:
        this.#targets.queue(target, action.type, this.#replyTo);
    }
  }
}
