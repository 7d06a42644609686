/**
 * Discrete values: a const from display text to value, and a literal union type of the same name.
 *
 *   <Discreet><Display>Open</Display><Value>1</Value></Discreet> on a double param "Status" →
 *   export const Status = { Closed: 0, Open: 1 } as const;
 *   export type Status = 0 | 1;
 */
import type { Plan } from '../plan.js';
import { paramDoc } from './docs.js';
import { tsLiteral, propertyKey } from './literal.js';
import { render } from './render.js';

export function emitDiscretes(plan: Plan): string {
  const params = new Map(plan.valueParams.map((param) => [param.model.id, param]));
  const discretes = plan.discretes.map((discrete) => {
    const param = params.get(discrete.param.id);
    const literals = [...new Set(discrete.entries.map((entry) => tsLiteral(entry.value)))];
    return {
      typeName: discrete.typeName,
      docLines: [`Display texts of ${discrete.param.name || `param ${discrete.param.id}`} and their values.`, ...(param ? paramDoc(plan, param).slice(1) : [])],
      entries: discrete.entries.map((entry) => ({ key: propertyKey(entry.display), value: tsLiteral(entry.value) })),
      union: literals.length > 0 ? literals.join(' | ') : 'never',
    };
  });
  return render('discretes', { discretes });
}
