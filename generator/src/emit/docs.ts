/**
 * Doc lines shared by the emitters: where an item comes from and what its value means. Only what the
 * runtime applies is stated as a rule; `Display/Range` is shown as what it is, a display hint.
 *
 *   <Interprete><Range><Low>0</Low></Range><Exceptions><Exception value="32767"><Display>Not Connected</Display>
 *     <Value>-1000</Value></Exception></Exceptions></Interprete> →
 *   Param 3 · read · range 0 to … (a value outside is left out) · "32767" is stored as -1000 (Not Connected) · x.xml:42
 */
import type { Plan, PlannedParam } from '../plan.js';
import { typed, valueKind } from '../param-spec.js';
import type { SourceOffset } from '../source-lines.js';
import { tsLiteral } from './literal.js';

/** `request-response.xml:42`. */
export function sourceLine(plan: Plan, at: SourceOffset): string {
  return `${plan.source}:${plan.model.lines.line(at)}`;
}

/** Description, then `Param 3 · read · dB · range 0 to 100 (a value outside is left out) · request-response.xml:42`. */
export function paramDoc(plan: Plan, param: PlannedParam): string[] {
  const model = param.model;
  const interprete = model.interprete;
  const facts = [`Param ${model.id}`, model.role];
  if (model.units) facts.push(model.units);
  const range = (low: number | undefined, high: number | undefined): string => `${low ?? '…'} to ${high ?? '…'}`;
  if (interprete?.low !== undefined || interprete?.high !== undefined) facts.push(`range ${range(interprete.low, interprete.high)} (a value outside is left out)`);
  if (model.displayLow !== undefined || model.displayHigh !== undefined) facts.push(`display range ${range(model.displayLow, model.displayHigh)} (not enforced)`);
  if (interprete?.decimals !== undefined) facts.push(`decimals ${interprete.decimals}`);
  for (const exception of interprete?.exceptions ?? []) {
    const stored = tsLiteral(typed(exception.value, valueKind(model)));
    facts.push(`"${exception.match}" is stored as ${stored}${exception.display ? ` (${exception.display})` : ''}`);
  }
  if (model.dynamicIp) facts.push(`URL of connection ${model.dynamicIp.id} (dynamic ip)`);
  const oid = plan.snmp?.oids.get(model.id);
  if (oid !== undefined) facts.push(`${model.snmp?.trap ? 'trap OID' : 'OID'} ${oid}`);
  facts.push(sourceLine(plan, model.at));
  return [model.description ?? model.name, facts.join(' · ')];
}
