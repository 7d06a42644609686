/**
 * The exported result and bad-command types of the pair and session methods, so a user can name them.
 *
 *   <Pair id="3"><Name>Set Label</Name><Content><Command>3</Command><Response>3</Response>
 *     <ResponseOnBadCommand>4</ResponseOnBadCommand></Content></Pair> →
 *   export type SetLabelResult = { readonly deviceLabel: string };
 *   export type SetLabelBadCommand = BadCommandError<'setLabel', { readonly lastError: string }>;
 */
import type { Plan } from '../plan.js';
import { render } from './render.js';

export function emitResults(plan: Plan): string {
  const types = plan.methods.flatMap((method) => {
    const key = method.spec.key;
    const result = method.result && { ...method.result, docLines: [`What \`${key}\` resolves with.`] };
    const refused = method.badCommand && {
      ...method.badCommand,
      docLines: [`What \`${key}\` rejects with when the device answers with a bad-command response: \`values\` holds its values.`],
    };
    return [result, refused].filter((type) => type !== undefined);
  });
  for (const session of plan.sessions) types.push({ ...session.result, docLines: [`What \`${session.spec.key}\` resolves with (HTTP session ${session.spec.id}).`] });
  return render.results({ types });
}
