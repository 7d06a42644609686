/**
 * What the scheduler runs, decided once for the check (infos) and the plan (the spec): which
 * trigger On/Time pairs it fires, which action types it performs, which group items a driver runs.
 */
import type { ActionSpec, TriggerEvent } from '@protogen-dm/runtime';
import type { ActionModel, GroupItemModel, TriggerModel } from './polling-model.js';

export const groupTypes: ReadonlySet<string> = new Set(['poll', 'poll action', 'poll trigger', 'action', 'trigger']);

/** `On` + `Time` → the event the scheduler fires it on; undefined when it does not. */
export function firedEvent(trigger: TriggerModel): TriggerEvent | undefined {
  const time = trigger.time === 'timeout after retries' ? 'timeout' : trigger.time;
  const event = `${trigger.on ?? ''} ${time ?? ''}`;
  return firedEvents.has(event) ? (event as TriggerEvent) : undefined;
}

const firedEvents: ReadonlySet<string> = new Set<TriggerEvent>(['protocol after startup', 'group before', 'group after', 'response after', 'pair succeeded', 'pair timeout', 'parameter change', 'timer before']);

const groupActions = new Set(['execute', 'execute next', 'add to execute', 'execute one', 'execute one top', 'execute one now']);

/** The runtime's spec of an action it performs, or undefined for one it does not. */
export function actionPlacement(action: ActionModel): ActionSpec['type'] | undefined {
  const type = action.type ?? '';
  if (action.on === 'group' && groupActions.has(type)) return type as ActionSpec['type'];
  if (action.on === 'parameter' && type === 'clear') return 'clear';
  if (action.on === 'timer' && (type === 'start' || type === 'stop')) return type;
  // Server mode: disconnect the client whose IP:port the Type@id param holds (closing a port is not run).
  if (action.on === 'protocol' && type === 'close' && action.typeId !== undefined) return 'close';
  return undefined;
}

/** The pairs and sessions a driver has methods for, and the SNMP params and tables `driver.snmp` reads. */
export interface Runnable {
  readonly pairs: ReadonlySet<number>;
  readonly sessions: ReadonlySet<number>;
  readonly params: ReadonlySet<number>;
}

/** Whether a driver runs this group item: pairs and HTTP sessions it has methods for, SNMP reads and tables, actions and triggers. */
export function itemRunsIn(item: GroupItemModel, runnable: Runnable): boolean {
  if (item.kind === 'pair') return runnable.pairs.has(item.id);
  if (item.kind === 'session') return runnable.sessions.has(item.id);
  if (item.kind === 'param') return runnable.params.has(item.id);
  return item.kind === 'action' || item.kind === 'trigger';
}
