/**
 * Reads `Timers`, `Groups`, `Triggers` and `Actions` into the polling model. Like every reader it
 * judges nothing: ids and numbers it cannot read go to `unreadable`, conditions keep their parse error.
 *
 *   <Timer id="1"><Time initial="true">10000</Time><Interval>50</Interval><Content><Group>1</Group></Content></Timer>
 *   → { id: 1, time: 10000, initial: true, interval: 50, groups: [{ id: 1 }] }
 */
import { parseCondition } from './condition.js';
import type { Reference } from './model.js';
import type { ActionModel, ConditionModel, GroupItemKind, GroupItemModel, GroupModel, PollingModel, TimerModel, TriggerModel } from './polling-model.js';
import { parseUnsigned, readId, readReference, type UnreadableSink } from './read-util.js';
import { child, children, textAt, type XmlElement } from './xml.js';

export function readPolling(root: XmlElement, unreadable: UnreadableSink): PollingModel {
  const items = <T>(section: string, item: string, read: (element: XmlElement, id: number) => T): T[] => {
    const parent = child(root, section);
    if (!parent) return [];
    return children(parent, item).flatMap((element) => {
      const id = readId(element, item, unreadable);
      return id === undefined ? [] : [read(element, id)];
    });
  };
  const qactions = child(root, 'QActions');
  return {
    timers: items('Timers', 'Timer', (element, id) => readTimer(element, id, unreadable)),
    groups: items('Groups', 'Group', (element, id) => readGroup(element, id, unreadable)),
    triggers: items('Triggers', 'Trigger', (element, id) => readTrigger(element, id, unreadable)),
    actions: items('Actions', 'Action', (element, id) => readAction(element, id, unreadable)),
    qactions: qactions && { at: qactions.at, count: children(qactions, 'QAction').length },
  };
}

function readTimer(element: XmlElement, id: number, unreadable: UnreadableSink): TimerModel {
  const time = child(element, 'Time');
  const timeText = time?.text.trim().toLowerCase();
  const ms = timeText === 'loop' ? 0 : parseUnsigned(timeText);
  if (time && ms === undefined) unreadable.push({ expected: 'number', what: `Timer ${id} Time`, text: timeText, at: time.at });
  const interval = child(element, 'Interval');
  const intervalMs = interval ? parseUnsigned(interval.text) : 0;
  if (interval && intervalMs === undefined) unreadable.push({ expected: 'number', what: `Timer ${id} Interval`, text: interval.text.trim(), at: interval.at });
  const content = child(element, 'Content');
  return {
    at: element.at,
    id,
    name: textAt(element, 'Name') ?? '',
    time: ms,
    initial: readInitial(time?.attributes['initial']),
    dataDisplay: time?.attributes['dataDisplay'] === undefined ? undefined : time.attributeAt('dataDisplay'),
    interval: intervalMs ?? 0,
    groups: references(content ? children(content, 'Group') : [], `Timer ${id} Content/Group`, unreadable),
    condition: readCondition(element),
  };
}

/** `true` (or absent), `false`, or `random=a:b` / `random:a:b` in seconds. */
function readInitial(text: string | undefined): TimerModel['initial'] {
  const value = text?.trim().toLowerCase();
  if (value === 'false') return false;
  const random = value && /^random[=:](\d+):(\d+)$/.exec(value);
  if (random) return { randomMs: [Number(random[1]) * 1000, Number(random[2]) * 1000] };
  return true;
}

const itemKinds: Record<string, GroupItemKind> = { Pair: 'pair', Session: 'session', Param: 'param', Action: 'action', Trigger: 'trigger' };

function readGroup(element: XmlElement, id: number, unreadable: UnreadableSink): GroupModel {
  const type = child(element, 'Type');
  const content = child(element, 'Content');
  const items: GroupItemModel[] = [];
  for (const item of content?.children ?? []) {
    const kind = itemKinds[item.name];
    const reference = kind && readReference(item, `Group ${id} Content/${item.name}`, unreadable);
    if (!kind || !reference) continue;
    const next = item.attributes['next'];
    items.push({ id: reference.id, at: reference.at, kind, next: kind === 'pair' && next !== undefined ? parseUnsigned(next) : undefined });
  }
  const connectionText = element.attributes['connection'];
  const connection = parseUnsigned(connectionText);
  if (connectionText !== undefined && connection === undefined) unreadable.push({ expected: 'connection', what: 'Group@connection', text: connectionText, at: element.attributeAt('connection') });
  return {
    at: element.at,
    id,
    name: textAt(element, 'Name') ?? '',
    type: type?.text.trim().toLowerCase() || 'poll',
    typeAt: (type ?? element).at,
    items,
    condition: readCondition(element),
    connection: connection === undefined ? undefined : { id: connection, at: element.attributeAt('connection') },
    multipleGet: content?.attributes['multipleGet']?.trim().toLowerCase() === 'true',
  };
}

function readTrigger(element: XmlElement, id: number, unreadable: UnreadableSink): TriggerModel {
  const on = child(element, 'On');
  const onIdText = on?.attributes['id']?.trim();
  const onId = onIdText === undefined ? undefined : onIdText.toLowerCase() === 'each' ? 'each' : on && idReference(on, onIdText, `Trigger ${id} On@id`, unreadable);
  const content = child(element, 'Content');
  const ids = content ? children(content, 'Id') : [];
  const isElse = (item: XmlElement): boolean => item.attributes['else']?.trim().toLowerCase() === 'true';
  return {
    at: element.at,
    id,
    on: on?.text.trim().toLowerCase(),
    onId,
    time: textAt(element, 'Time')?.toLowerCase(),
    type: textAt(element, 'Type')?.toLowerCase() ?? 'action',
    ids: references(ids.filter((item) => !isElse(item)), `Trigger ${id} Content/Id`, unreadable),
    elseIds: references(ids.filter(isElse), `Trigger ${id} Content/Id`, unreadable),
    condition: readCondition(element),
  };
}

function readAction(element: XmlElement, id: number, unreadable: UnreadableSink): ActionModel {
  const on = child(element, 'On');
  const onIds = (on?.attributes['id'] ?? '').split(';').map((text) => text.trim()).filter((text) => text !== '');
  const type = child(element, 'Type');
  const typeId = type?.attributes['id'];
  return {
    at: element.at,
    id,
    on: on?.text.trim().toLowerCase(),
    onIds: on ? onIds.flatMap((text) => idReference(on, text, `Action ${id} On@id`, unreadable) ?? []) : [],
    type: textAt(element, 'Type')?.toLowerCase(),
    typeId: type && typeId !== undefined ? idReference(type, typeId, `Action ${id} Type@id`, unreadable) : undefined,
    typeNr: parseUnsigned(type?.attributes['nr']),
    condition: readCondition(element),
  };
}

/** One id of an element's `id` attribute (`On@id`, `Type@id`) as a positioned reference. */
function idReference(element: XmlElement, text: string, what: string, unreadable: UnreadableSink): Reference | undefined {
  const id = parseUnsigned(text);
  const at = element.attributeAt('id');
  if (id === undefined) unreadable.push({ expected: 'reference', what, text, at });
  return id === undefined ? undefined : { id, at };
}

function references(elements: readonly XmlElement[], what: string, unreadable: UnreadableSink): Reference[] {
  return elements.flatMap((element) => readReference(element, what, unreadable) ?? []);
}

function readCondition(element: XmlElement): ConditionModel | undefined {
  const condition = child(element, 'Condition');
  const text = condition?.text.trim();
  if (!condition || !text) return undefined;
  const parsed = parseCondition(text);
  return { at: condition.at, text, tree: parsed.ok ? parsed.tree : undefined, error: parsed.ok ? undefined : parsed.error };
}
