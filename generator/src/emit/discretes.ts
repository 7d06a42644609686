/**
 * Discrete values: a const from PascalCase key to value (the display text in each key's JSDoc), and a
 * literal union type of the same name.
 *
 *   <Discreet><Display>Power Cycle</Display><Value>3</Value></Discreet> on a double param "Outlet Action" →
 *   export const OutletAction = { /** Power Cycle *\/ PowerCycle: 3 } as const;
 *   export type OutletAction = 3;
 */
import type { Plan } from '../plan.js';
import { paramDoc } from './docs.js';
import { propertyKey, tsLiteral } from './literal.js';
import { lazily } from './lazy.js';
import { render } from './render.js';

export function emitDiscretes(plan: Plan): string {
  // Only the params with discretes (a tenth of them in the 20 000-param protocol) are looked up.
  const ids = new Set(plan.discretes.map((discrete) => discrete.param.id));
  const params = new Map(plan.valueParams.filter((param) => ids.has(param.model.id)).map((param) => [param.model.id, param]));
  const discretes = lazily(plan.discretes, (discrete) => {
    const param = params.get(discrete.param.id);
    const literals = [...new Set(discrete.entries.map((entry) => tsLiteral(entry.value)))];
    return {
      typeName: discrete.typeName,
      docLines: [`Display texts of ${discrete.param.name || `param ${discrete.param.id}`} and their values.`, ...(param ? paramDoc(plan, param).slice(1) : [])],
      entries: discrete.entries.map((entry) => ({ key: propertyKey(entry.key), value: tsLiteral(entry.value), docLines: entry.display === entry.key ? [] : [entry.display] })),
      union: literals.length > 0 ? literals.join(' | ') : 'never',
    };
  });
  return render.discretes({ discretes });
}
