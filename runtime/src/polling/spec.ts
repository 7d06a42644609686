/**
 * The polling plan as data (`ProtocolSpec.polling`): Timers, Groups, Triggers and Actions, reduced by the
 * generator to what the scheduler runs. Ids are the XML ids; `key` of a group is the camelCase name
 * `driver.polling.runGroup(key)` takes.
 */

/** A parsed `Condition`: `id:12 == 1 AND id:13 != empty` → `{ op: 'AND', left: {…}, right: {…} }`. */
export type ConditionSpec =
  | { readonly op: 'number'; readonly value: number }
  | { readonly op: 'string'; readonly value: string }
  | { readonly op: 'param'; readonly id: number }
  | { readonly op: 'empty' }
  | { readonly op: 'emptystring' }
  | { readonly op: BinaryOperator; readonly left: ConditionSpec; readonly right: ConditionSpec };

export const binaryOperators = ['OR', 'AND', '==', '!=', '>', '<', '>=', '<=', '|', '^', '&', '+', '-', '*', '/'] as const;
export type BinaryOperator = (typeof binaryOperators)[number];

/** `Group/Type`: poll types go through the group queue; `action`/`trigger` run at once on a timer's turn. */
export type GroupType = 'poll' | 'poll action' | 'poll trigger' | 'action' | 'trigger';

/** One item of `Group/Content`, in XML order. A kind without a runner in the driver is skipped. */
export type GroupItemSpec =
  | { readonly kind: 'pair'; readonly id: number; /** `Pair@next`: ms to wait after it. */ readonly next?: number }
  | { readonly kind: 'session' | 'param' | 'action' | 'trigger'; readonly id: number };

export interface GroupSpec {
  readonly id: number;
  readonly key: string;
  readonly type: GroupType;
  readonly items: readonly GroupItemSpec[];
  readonly condition?: ConditionSpec;
  /** `Content@multipleGet`: the group's SNMP params go out in one PDU per connection. */
  readonly multipleGet?: true;
}

export interface TimerSpec {
  readonly id: number;
  readonly name: string;
  /** `Time` in ms; 0 for `loop` (the next cycle starts as soon as the last one ends). */
  readonly time: number;
  /** `Time@initial`: start with `polling.start()` (true), on a `start` action (false), or after a random number of ms. */
  readonly initial: true | false | { readonly randomMs: readonly [number, number] };
  /** `Interval`: ms between the timer's groups and between the pairs of each group. */
  readonly interval: number;
  readonly groups: readonly number[];
  readonly condition?: ConditionSpec;
}

/** The `Trigger@On`/`Time` combinations the scheduler fires. */
export type TriggerEvent =
  | 'protocol after startup'
  | 'group before'
  | 'group after'
  | 'response after'
  | 'pair succeeded'
  | 'pair timeout'
  | 'parameter change'
  | 'timer before';

export interface TriggerSpec {
  readonly id: number;
  /** Absent for a trigger only other triggers and trigger groups run. */
  readonly event?: TriggerEvent;
  /** `On@id`: the group, response, pair, param or timer id; absent = `each`. */
  readonly on?: number;
  /** `Type`: the ids are actions or triggers. */
  readonly type: 'action' | 'trigger';
  readonly ids: readonly number[];
  /** `Content/Id@else="true"`: run when the condition is false. */
  readonly elseIds: readonly number[];
  readonly condition?: ConditionSpec;
}

/** Action types the scheduler runs; every other type is left out of the spec (with an info). */
export type ActionType =
  | 'execute'
  | 'execute next'
  | 'add to execute'
  | 'execute one'
  | 'execute one top'
  | 'execute one now'
  | 'clear'
  | 'start'
  | 'stop'
  | 'close';

export interface ActionSpec {
  readonly id: number;
  /** `On`: what the action works on. */
  readonly on: 'group' | 'parameter' | 'timer' | 'protocol';
  /** `On@id`, `;`-separated; empty = the item that fired the trigger. */
  readonly ids: readonly number[];
  readonly type: ActionType;
  /** `close` (server mode): the param holding the `IP:port` of the client to disconnect (`Type@id`). */
  readonly param?: number;
  /** `close`: the connection it works on (`Type@nr`, default 0). */
  readonly connection?: number;
  readonly condition?: ConditionSpec;
}

export interface PollingSpec {
  readonly timers: readonly TimerSpec[];
  readonly groups: readonly GroupSpec[];
  readonly triggers: readonly TriggerSpec[];
  readonly actions: readonly ActionSpec[];
}
