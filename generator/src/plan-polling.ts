/**
 * The polling plan: the model's Timers, Groups, Triggers and Actions → the runtime's `PollingSpec`
 * and the union of group keys `runGroup` takes. Group keys follow the naming rules (`Status Poll` →
 * `statusPoll`); only what the scheduler runs goes into the spec (check-polling.ts said what not).
 *
 *   <Group id="1"><Name>Status Poll</Name><Content><Pair next="100">3</Pair></Content></Group>
 *   → { id: 1, key: 'statusPoll', type: 'poll', items: [{ kind: 'pair', id: 3, next: 100 }] }
 */
import type { ActionSpec, ConditionSpec, GroupItemSpec, GroupSpec, PollingSpec, TimerSpec, TriggerSpec } from '@protogen-dm/runtime';
import type { ProtocolModel } from './model.js';
import { NameScope } from './names.js';
import type { ConditionModel, GroupModel } from './polling-model.js';
import { actionPlacement, firedEvent, itemRunsIn, type Runnable } from './polling-rules.js';

export interface PlannedPolling {
  /** Undefined when the protocol has no timers and no groups. */
  readonly spec: PollingSpec | undefined;
  /** Group keys in id order, for the `runGroup` union. */
  readonly groupKeys: readonly string[];
}

export function planPolling(model: ProtocolModel, runnable: Runnable): PlannedPolling {
  const { timers, groups, triggers, actions } = model.polling;
  if (timers.length === 0 && groups.length === 0) return { spec: undefined, groupKeys: [] };
  const keys = new NameScope().assign(groups, 'group', 'camel');
  const planned = groups.map((group) => groupSpec(group, keys.of(group.id), runnable));
  return {
    spec: {
      timers: timers.map(timerSpec),
      groups: planned,
      triggers: triggers.flatMap((trigger): TriggerSpec[] => {
        const event = firedEvent(trigger);
        // A trigger with an On the scheduler does not fire still runs when another trigger or a group names it.
        if (trigger.on !== undefined && event === undefined) return [];
        const spec: TriggerSpec = { id: trigger.id, type: trigger.type === 'trigger' ? 'trigger' : 'action', ids: trigger.ids.map((id) => id.id), elseIds: trigger.elseIds.map((id) => id.id) };
        return [withCondition({ ...spec, ...(event && { event }), ...(typeof trigger.onId === 'object' && { on: trigger.onId.id }) }, trigger.condition)];
      }),
      actions: actions.flatMap((action): ActionSpec[] => {
        const type = actionPlacement(action);
        const on = action.on === 'group' || action.on === 'parameter' || action.on === 'timer' || action.on === 'protocol' ? action.on : undefined;
        if (type === undefined || on === undefined) return [];
        const spec: ActionSpec = { id: action.id, on, ids: action.onIds.map((id) => id.id), type };
        // `close`: the param that holds the client's IP:port, on connection Type@nr (default 0).
        const close = type === 'close' && action.typeId ? { param: action.typeId.id, connection: action.typeNr ?? 0 } : {};
        return [withCondition<ActionSpec>({ ...spec, ...close }, action.condition)];
      }),
    },
    groupKeys: [...planned].sort((a, b) => a.id - b.id).map((group) => group.key),
  };
}

function timerSpec(timer: ProtocolModel['polling']['timers'][number]): TimerSpec {
  const spec: TimerSpec = { id: timer.id, name: timer.name, time: timer.time ?? 0, initial: timer.initial, interval: timer.interval, groups: timer.groups.map((group) => group.id) };
  return withCondition(spec, timer.condition);
}

function groupSpec(group: GroupModel, key: string, runnable: Runnable): GroupSpec {
  const items = group.items.filter((item) => itemRunsIn(item, runnable)).map((item): GroupItemSpec =>
    item.kind === 'pair' ? { kind: 'pair', id: item.id, ...(item.next !== undefined && { next: item.next }) } : { kind: item.kind, id: item.id },
  );
  const spec: GroupSpec = { id: group.id, key, type: group.type as GroupSpec['type'], items };
  return withCondition<GroupSpec>(group.multipleGet ? { ...spec, multipleGet: true } : spec, group.condition);
}

function withCondition<T extends { readonly condition?: ConditionSpec }>(spec: T, condition: ConditionModel | undefined): T {
  return condition?.tree === undefined ? spec : { ...spec, condition: condition.tree };
}
