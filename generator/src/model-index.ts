/**
 * The model's items by id, built once per model and shared by every check pass and the plan (each used
 * to build its own id maps of a 20 000-param model). The first item of an id is the one kept, as
 * `byId` keeps it for the runtime; the later ones are listed for the check to report.
 *
 *   <Param id="5">…</Param> … <Param id="5">…</Param>
 *   → params.get(5) is the first; the second is in `duplicates` (PG0010, check.ts)
 */
import type { CommandModel, ConnectionModel, Node, PairModel, ParamModel, ProtocolModel, ResponseModel, SessionModel } from './model.js';

export interface ModelIndex {
  readonly connections: ReadonlyMap<number, ConnectionModel>;
  readonly params: ReadonlyMap<number, ParamModel>;
  readonly commands: ReadonlyMap<number, CommandModel>;
  readonly responses: ReadonlyMap<number, ResponseModel>;
  readonly pairs: ReadonlyMap<number, PairModel>;
  readonly sessions: ReadonlyMap<number, SessionModel>;
  /** Items whose id an earlier item of their kind has, in kind and model order. */
  readonly duplicates: readonly Duplicate[];
}

export interface Duplicate {
  /** `Param`, `Command`… as the XML names the element. */
  readonly kind: string;
  readonly item: Node & { readonly id: number };
  readonly first: Node;
}

/** A model is never changed once read: its index is built on first use. */
const indexes = new WeakMap<ProtocolModel, ModelIndex>();

export function modelIndex(model: ProtocolModel): ModelIndex {
  let index = indexes.get(model);
  if (index === undefined) indexes.set(model, (index = buildIndex(model)));
  return index;
}

function buildIndex(model: ProtocolModel): ModelIndex {
  const duplicates: Duplicate[] = [];
  const index = <T extends Node & { readonly id: number }>(kind: string, items: readonly T[]): ReadonlyMap<number, T> => {
    const first = new Map<number, T>();
    for (const item of items) {
      const earlier = first.get(item.id);
      if (earlier) duplicates.push({ kind, item, first: earlier });
      else first.set(item.id, item);
    }
    return first;
  };
  return {
    connections: index('Connection', model.connections),
    params: index('Param', model.params),
    commands: index('Command', model.commands),
    responses: index('Response', model.responses),
    pairs: index('Pair', model.pairs),
    sessions: index('Session', model.sessions),
    duplicates,
  };
}
