/**
 * Checks of Timers, Groups, Triggers and Actions: duplicate ids, every id they name exists (PG0060 at the
 * reference's line:col), every Condition parses (PG0061) and names existing params, and one info
 * (PG0050) per construct the scheduler does not run, naming which ones.
 */
import { conditionParams } from './condition.js';
import type { ModelIndex } from './model-index.js';
import type { DiagnosticBag } from './diagnostics.js';
import type { ProtocolModel, Reference } from './model.js';
import type { ConditionModel, TriggerModel } from './polling-model.js';
import { runnablePairs } from './scope.js';
import type { SourceLines, SourceOffset } from './source-lines.js';
import { runnableSessions } from './scope-http.js';
import { polledSnmpParams } from './scope-snmp.js';
import { actionPlacement, firedEvent, groupTypes, itemRunsIn } from './polling-rules.js';

export function checkPolling(model: ProtocolModel, index: ModelIndex, bag: DiagnosticBag): void {
  const { timers, groups, triggers, actions, qactions } = model.polling;
  checkDuplicateIds(bag, model.lines, [['Timer', timers], ['Group', groups], ['Trigger', triggers], ['Action', actions]]);
  const ids: Record<'group' | 'pair' | 'session' | 'param' | 'action' | 'trigger' | 'timer', Ids> = {
    group: new Set(groups.map((group) => group.id)),
    pair: index.pairs,
    session: index.sessions,
    param: index.params,
    action: new Set(actions.map((action) => action.id)),
    trigger: new Set(triggers.map((trigger) => trigger.id)),
    timer: new Set(timers.map((timer) => timer.id)),
  };
  const mustExist = (kind: keyof typeof ids, reference: Reference, owner: string): void => {
    if (!ids[kind].has(reference.id)) bag.report('PG0060', reference.at, `${owner} names ${kind} ${reference.id}, which does not exist`);
  };
  const condition = (owner: string, item: ConditionModel | undefined): void => checkCondition(owner, item, ids.param, bag);
  for (const timer of timers) {
    for (const group of timer.groups) mustExist('group', group, `Timer ${timer.id}`);
    condition(`Timer ${timer.id}`, timer.condition);
    if (timer.dataDisplay) bag.report('PG0050', timer.dataDisplay, `Timer ${timer.id} Time@dataDisplay is ignored: a driver has no card to display`);
  }
  const runnable = { pairs: new Set(runnablePairs(model).map((pair) => pair.id)), sessions: new Set(runnableSessions(model).map(({ session }) => session.id)), params: polledSnmpParams(model) };
  const notRun: string[] = [];
  for (const group of groups) {
    if (!groupTypes.has(group.type)) bag.report('PG0060', group.typeAt, `Group ${group.id} Type "${group.type}" is not poll, poll action, poll trigger, action or trigger`);
    for (const item of group.items) {
      mustExist(item.kind, item, `Group ${group.id}`);
      if (!itemRunsIn(item, runnable)) notRun.push(`${item.kind} ${item.id} (Group ${group.id})`);
    }
    condition(`Group ${group.id}`, group.condition);
  }
  for (const trigger of triggers) {
    if (trigger.onId !== undefined && trigger.onId !== 'each') mustExistOn(trigger, ids, bag);
    for (const id of [...trigger.ids, ...trigger.elseIds]) mustExist(trigger.type === 'trigger' ? 'trigger' : 'action', id, `Trigger ${trigger.id}`);
    condition(`Trigger ${trigger.id}`, trigger.condition);
  }
  for (const action of actions) {
    const kind = action.on === 'group' || action.on === 'timer' ? action.on : action.on === 'parameter' ? 'param' : undefined;
    if (kind) for (const id of action.onIds) mustExist(kind, id, `Action ${action.id}`);
    if (action.typeId) mustExist('param', action.typeId, `Action ${action.id} Type@id`);
    condition(`Action ${action.id}`, action.condition);
  }
  reportNotRun(model, notRun, bag);
  if (qactions) bag.report('PG0050', qactions.at, `${qactions.count} QAction(s) (C#) are not run; do that work in your program`);
}

/** The ids of one kind of item: a set, or the model index's map. */
type Ids = Pick<ReadonlySet<number>, 'has'>;

function checkDuplicateIds(bag: DiagnosticBag, lines: SourceLines, kinds: [string, readonly { id: number; at: SourceOffset }[]][]): void {
  for (const [kind, items] of kinds) {
    const first = new Map<number, SourceOffset>();
    for (const item of items) {
      const earlier = first.get(item.id);
      if (earlier !== undefined) bag.report('PG0010', item.at, `duplicate ${kind} id ${item.id} (first defined at line ${lines.line(earlier)})`);
      else first.set(item.id, item.at);
    }
  }
}

/** `On@id` of a trigger names an item of its `On` kind (the kinds the scheduler knows). */
function mustExistOn(trigger: TriggerModel, ids: Record<string, Ids>, bag: DiagnosticBag): void {
  const kinds: Record<string, string> = { group: 'group', pair: 'pair', parameter: 'param', timer: 'timer' };
  const kind = kinds[trigger.on ?? ''];
  const reference = trigger.onId as Reference;
  if (kind && !ids[kind]?.has(reference.id)) bag.report('PG0060', reference.at, `Trigger ${trigger.id} On@id names ${kind} ${reference.id}, which does not exist`);
}

function checkCondition(owner: string, condition: ConditionModel | undefined, params: Ids, bag: DiagnosticBag): void {
  if (!condition) return;
  if (condition.tree === undefined) {
    bag.report('PG0061', condition.at, `${owner} Condition "${condition.text}" does not parse: ${condition.error ?? ''}`, 'operands are id:N, "text", empty, emptystring and numbers; AND and OR need spaces around them');
    return;
  }
  for (const id of conditionParams(condition.tree)) {
    if (!params.has(id)) bag.report('PG0024', condition.at, `${owner} Condition names param ${id}, which does not exist`);
  }
}

/** One info each for the triggers, actions and group items the scheduler does not run, naming them. */
function reportNotRun(model: ProtocolModel, items: readonly string[], bag: DiagnosticBag): void {
  const { triggers, actions } = model.polling;
  const list = (names: readonly string[]): string => (names.length > 8 ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more` : names.join(', '));
  const idleTriggers = triggers.filter((trigger) => trigger.on !== undefined && firedEvent(trigger) === undefined);
  if (idleTriggers[0]) {
    bag.report('PG0050', idleTriggers[0].at, `polling does not fire ${idleTriggers.length} trigger(s): ${list(idleTriggers.map((trigger) => `Trigger ${trigger.id} (${trigger.on} ${trigger.time ?? ''})`.replace(' )', ')')))}`);
  }
  const idleActions = actions.filter((action) => actionPlacement(action) === undefined && !routine(action.type));
  if (idleActions[0]) {
    bag.report('PG0050', idleActions[0].at, `polling does not run ${idleActions.length} action(s): ${list(idleActions.map((action) => `Action ${action.id} (${action.type ?? '?'} on ${action.on ?? '?'})`))}`);
  }
  const first = model.polling.groups.find((group) => group.items.length > 0);
  if (items.length > 0 && first) bag.report('PG0050', first.at, `polling skips ${items.length} group item(s) the driver cannot run: ${list(items)}`);
}

/** What the runtime does for every pair anyway: no info for them. */
function routine(type: string | undefined): boolean {
  return type === 'make' || type === 'read' || type === 'length' || type === 'crc' || type === 'clear on display';
}
