/**
 * Responses the runtime could never match, found with the codec's own layout rules so that what the
 * generator reports and what the matcher does cannot disagree. For example
 *
 *   <Response id="2"><Content><Param>10</Param><Param>11</Param></Content></Response>
 *
 * where 10 and 11 are both `next param` strings has no delimiter between them: PG0040 on the response.
 */
import { frameProblem } from '@protogen-dm/runtime/codec';
import type { ParamSpec } from '@protogen-dm/runtime';
import type { DiagnosticBag } from './diagnostics.js';
import type { ParamModel, ProtocolModel } from './model.js';
import { paramSpec } from './param-spec.js';

/** Meant to run once every param is valid; params are named by their XML Name in the messages. `params`: by id (model-index.ts). */
export function checkResponseLayouts(model: ProtocolModel, params: ReadonlyMap<number, ParamModel>, bag: DiagnosticBag): void {
  // Specs only of the params responses carry (commands carry the other half of a typical protocol), each built once.
  const specs = new Map<number, ParamSpec>();
  const specOf = (id: number): ParamSpec | undefined => {
    let spec = specs.get(id);
    const param = spec === undefined ? params.get(id) : undefined;
    if (param) specs.set(id, (spec = paramSpec(param, param.name)));
    return spec;
  };
  for (const response of model.responses) {
    const frame = response.params.map((reference) => specOf(reference.id));
    if (frame.some((param) => param === undefined)) continue;
    const problem = layoutProblem(`Response ${response.id}`, frame as ParamSpec[]);
    if (problem !== undefined) bag.report('PG0040', response.at, `${problem}: the runtime could never match it`);
  }
}

function layoutProblem(name: string, frame: readonly ParamSpec[]): string | undefined {
  try {
    return frameProblem(name, frame);
  } catch (error) {
    return (error as Error).message;
  }
}
