/**
 * The model's items by id, built once for every check pass (each used to build its own id sets of a
 * 20 000-param model), and the duplicate ids found while building it. The first item of an id is the
 * one kept, as `byId` keeps it for the runtime.
 *
 *   <Param id="5">…</Param> … <Param id="5">…</Param>
 *   → PG0010 duplicate Param id 5 (first defined at line 12); params.get(5) is the first
 */
import type { DiagnosticBag } from './diagnostics.js';
import type { CommandModel, ConnectionModel, Node, PairModel, ParamModel, ProtocolModel, ResponseModel, SessionModel } from './model.js';

export interface ModelIndex {
  readonly connections: ReadonlyMap<number, ConnectionModel>;
  readonly params: ReadonlyMap<number, ParamModel>;
  readonly commands: ReadonlyMap<number, CommandModel>;
  readonly responses: ReadonlyMap<number, ResponseModel>;
  readonly pairs: ReadonlyMap<number, PairModel>;
  readonly sessions: ReadonlyMap<number, SessionModel>;
}

/** Indexes the model, reporting each repeated id (PG0010). */
export function indexModel(model: ProtocolModel, bag: DiagnosticBag): ModelIndex {
  const index = <T extends Node & { readonly id: number }>(kind: string, items: readonly T[]): ReadonlyMap<number, T> => {
    const first = new Map<number, T>();
    for (const item of items) {
      const earlier = first.get(item.id);
      if (earlier) bag.report('PG0010', item.at, `duplicate ${kind} id ${item.id} (first defined at line ${model.lines.line(earlier.at)})`);
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
  };
}
