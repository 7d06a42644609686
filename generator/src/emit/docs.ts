/** Doc lines shared by the emitters: where an item comes from and what its value means. */
import type { Plan, PlannedParam } from '../plan.js';

/** `request-response.xml:42`. */
export function sourceLine(plan: Plan, at: { readonly line: number }): string {
  return `${plan.source}:${at.line}`;
}

/** Description, then `Param 3 · read · dB · range 0–100 · request-response.xml:42`. */
export function paramDoc(plan: Plan, param: PlannedParam): string[] {
  const model = param.model;
  const interprete = model.interprete;
  const facts = [`Param ${model.id}`, model.role];
  if (model.units) facts.push(model.units);
  const low = interprete?.low ?? model.displayLow;
  const high = interprete?.high ?? model.displayHigh;
  if (low !== undefined || high !== undefined) facts.push(`range ${low ?? '…'} to ${high ?? '…'}`);
  if (interprete?.decimals !== undefined) facts.push(`decimals ${interprete.decimals}`);
  if (model.dynamicIp) facts.push(`URL of connection ${model.dynamicIp.id} (dynamic ip)`);
  facts.push(sourceLine(plan, model.at));
  return [model.description ?? model.name, facts.join(' · ')];
}
