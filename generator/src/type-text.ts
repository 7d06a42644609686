/**
 * The TypeScript text of argument, result and bad-command types, for the plan. For example a pair whose
 * response carries `Service State` (discrete) and `Load` (a number with a range):
 *
 *   { readonly serviceState: ServiceState; readonly load?: number }
 */
import { tsString } from './emit/escape.js';

export interface TypedMember {
  readonly key: string;
  /** `string`, `number` or a discrete type name. */
  readonly type: string;
  /** The codec may leave it out of decoded values (see `PlannedParam.mayBeAbsent`). */
  readonly mayBeAbsent: boolean;
}

/** `{ readonly a: string; readonly b?: number }`: arguments are all required; a result may lack a value. */
export function objectType(members: readonly TypedMember[], role: 'arguments' | 'result'): string {
  if (members.length === 0) return 'Record<string, never>';
  const member = (item: TypedMember): string => `readonly ${item.key}${role === 'result' && item.mayBeAbsent ? '?' : ''}: ${item.type}`;
  return `{ ${members.map(member).join('; ')} }`;
}

/** One response: its values; several: a union tagged by response key. */
export function responsesType(responses: readonly { readonly key: string; readonly values: readonly TypedMember[] }[]): string {
  const [only] = responses;
  if (responses.length === 1 && only) return objectType(only.values, 'result');
  return responses.map((response) => `{ readonly response: ${tsString(response.key)}; readonly values: ${objectType(response.values, 'result')} }`).join(' | ');
}

/** `BadCommandError<'setLabel', { readonly lastError: string }>`: the pair's key and the values of any of its bad-command responses. */
export function badCommandType(pairKey: string, responses: readonly (readonly TypedMember[])[]): string {
  const values = [...new Set(responses.map((values) => objectType(values, 'result')))].join(' | ');
  return `BadCommandError<${tsString(pairKey)}, ${values}>`;
}
