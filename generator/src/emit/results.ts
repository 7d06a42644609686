/**
 * The exported result and bad-command types of the pair and session methods, so a user can name them.
 *
 *   <Pair id="3"><Name>Set Label</Name><Content><Command>3</Command><Response>3</Response>
 *     <ResponseOnBadCommand>4</ResponseOnBadCommand></Content></Pair> →
 *   export type SetLabelResult = { readonly deviceLabel: string };
 *   export type SetLabelBadCommand = BadCommandError<'setLabel', { readonly lastError: string }>;
 */
import type { Plan } from '../plan.js';
import type { ResultsView } from '../templates.compiled.js';
import type { ItemOf } from './lazy.js';
import { render } from './render.js';

export function emitResults(plan: Plan): string {
  return render.results({ types: resultTypes(plan) });
}

/** Each method's result and bad-command types, then each session's result type: made as they are rendered. */
function* resultTypes(plan: Plan): Generator<ItemOf<ResultsView['types']>> {
  for (const method of plan.methods) {
    const key = method.spec.key;
    if (method.result) yield { ...method.result, docLines: [`What \`${key}\` resolves with.`] };
    if (method.badCommand) {
      const docLines = [`What \`${key}\` rejects with when the device answers with a bad-command response: \`values\` holds its values.`];
      yield { ...method.badCommand, docLines };
    }
  }
  for (const session of plan.sessions) yield { ...session.result, docLines: [`What \`${session.spec.key}\` resolves with (HTTP session ${session.spec.id}).`] };
}
