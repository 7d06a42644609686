/**
 * Responses the runtime could never match, found with the codec's own layout rules so that what the
 * generator reports and what the matcher does cannot disagree. For example
 *
 *   <Response id="2"><Content><Param>10</Param><Param>11</Param></Content></Response>
 *
 * where 10 and 11 are both `next param` strings has no delimiter between them: PG0040 on the response.
 */
import { frameProblem } from '@protogen-dm/runtime/codec';
import type { ParamSpec, ProtocolSpec } from '@protogen-dm/runtime';
import type { DiagnosticBag } from './diagnostics.js';
import type { ResponseModel } from './model.js';

export function checkResponseLayouts(spec: ProtocolSpec, responses: readonly ResponseModel[], bag: DiagnosticBag): void {
  const params = new Map<number, ParamSpec>(spec.params.map((param) => [param.id, param]));
  const byId = new Map(responses.map((response) => [response.id, response]));
  for (const response of spec.responses) {
    const model = byId.get(response.id);
    const frame = response.params.map((id) => params.get(id));
    if (!model || frame.some((param) => param === undefined)) continue;
    const problem = layoutProblem(`Response ${response.id}`, frame as ParamSpec[]);
    if (problem !== undefined) bag.report('PG0040', model.at, `${problem}: the runtime could never match it`);
  }
}

function layoutProblem(name: string, frame: readonly ParamSpec[]): string | undefined {
  try {
    return frameProblem(name, frame);
  } catch (error) {
    return (error as Error).message;
  }
}
