/**
 * The model of `Timers`, `Groups`, `Triggers` and `Actions` (read-polling.ts reads it, check-polling.ts
 * checks it, plan-polling.ts turns it into the runtime's `PollingSpec`).
 */
import type { ConditionSpec } from '@protogen-dm/runtime';
import type { SourceOffset } from './source-lines.js';

// model.ts imports this file, so the two node shapes are restated here rather than imported back.
interface Node {
  readonly at: SourceOffset;
}

interface Reference extends Node {
  readonly id: number;
}

export interface PollingModel {
  readonly timers: readonly TimerModel[];
  readonly groups: readonly GroupModel[];
  readonly triggers: readonly TriggerModel[];
  readonly actions: readonly ActionModel[];
  /** Where `<QActions>` is and how many it holds (C#, never run). */
  readonly qactions: (Node & { readonly count: number }) | undefined;
}

/** A `Condition`, parsed; `error` says why it does not parse. */
export interface ConditionModel extends Node {
  readonly text: string;
  readonly tree: ConditionSpec | undefined;
  readonly error: string | undefined;
}

export interface TimerModel extends Node {
  readonly id: number;
  readonly name: string;
  /** `Time` in ms, 0 for `loop`; undefined when unreadable. */
  readonly time: number | undefined;
  readonly initial: true | false | { readonly randomMs: readonly [number, number] };
  /** `Time@dataDisplay`, which has no meaning without a UI. */
  readonly dataDisplay: SourceOffset | undefined;
  readonly interval: number;
  readonly groups: readonly Reference[];
  readonly condition: ConditionModel | undefined;
}

export type GroupItemKind = 'pair' | 'session' | 'param' | 'action' | 'trigger';

export interface GroupItemModel extends Reference {
  readonly kind: GroupItemKind;
  /** `Pair@next`, ms. */
  readonly next: number | undefined;
}

export interface GroupModel extends Node {
  readonly id: number;
  readonly name: string;
  /** `Type` text, lower case; `poll` when absent. */
  readonly type: string;
  readonly typeAt: SourceOffset;
  readonly items: readonly GroupItemModel[];
  readonly condition: ConditionModel | undefined;
  /** `Group@connection`: the connection its SNMP params go out on. */
  readonly connection: Reference | undefined;
  /** `Content@multipleGet="true"`: its SNMP params in one PDU. */
  readonly multipleGet: boolean;
}

export interface TriggerModel extends Node {
  readonly id: number;
  /** `On` text, lower case. */
  readonly on: string | undefined;
  /** `On@id`: a number, `each` or absent. */
  readonly onId: Reference | 'each' | undefined;
  /** `Time` text, lower case. */
  readonly time: string | undefined;
  /** `Type` text, lower case (`action` or `trigger`). */
  readonly type: string;
  readonly ids: readonly Reference[];
  readonly elseIds: readonly Reference[];
  readonly condition: ConditionModel | undefined;
}

export interface ActionModel extends Node {
  readonly id: number;
  /** `On` text, lower case. */
  readonly on: string | undefined;
  readonly onIds: readonly Reference[];
  /** `Type` text, lower case. */
  readonly type: string | undefined;
  /** `Type@id`: the param a `close` action reads the client (`IP:port`) to disconnect from. */
  readonly typeId: Reference | undefined;
  /** `Type@nr`: the connection a `close` action works on (default 0). */
  readonly typeNr: number | undefined;
  readonly condition: ConditionModel | undefined;
}
